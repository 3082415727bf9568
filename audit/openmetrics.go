package audit

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/status"
)

// WriteOpenMetrics writes the reports as Prometheus text exposition (format
// 0.0.4, every family a gauge, ending in "# EOF" as OpenMetrics does), for
// node_exporter's textfile collector. The families are MetricFamilies', the
// ones serve-metrics serves.
func WriteOpenMetrics(w io.Writer, ins []Instance, o Output) error {
	b := bufio.NewWriter(w)
	enc := expfmt.NewEncoder(b, expfmt.NewFormat(expfmt.TypeTextPlain))
	for _, f := range MetricFamilies(ins, o) {
		if err := enc.Encode(f); err != nil {
			return err
		}
	}
	fmt.Fprintln(b, "# EOF")
	return b.Flush()
}

// MetricFamilies builds every metric family of the reports: the one code
// path behind audit --format openmetrics and serve-metrics.
//
// Every token the audit read is a series, listed or not; absolute times are
// Unix seconds in …_timestamp_seconds; a time that does not exist (never
// seen, never expires by status.IsNever) has no sample rather than 0. Labels
// are instance, kind, type, environment, project (projects joined by ","),
// name and id (see Ident): never a secret.
//
// An instance's health (success, duration, sources and how many failed) is
// always its own audit's. Its tokens and counts are those of its Report; when
// that audit failed and LastGood is set (serve-metrics), those of LastGood,
// with unleash_tokens_audit_timestamp_seconds saying when they were read. An
// instance whose token did not resolve (no Report) has only its health,
// with one failed source: the token.
// A family with no sample is left out.
func MetricFamilies(ins []Instance, o Output) []*dto.MetricFamily {
	m := &familyBuilder{}
	now := o.now(ins)
	m.family("unleash_token_expiry_timestamp_seconds", "When the token expires, in Unix seconds. A token that never expires (none, or more than 100 years ahead) has no sample.")
	m.eachToken(ins, func(in *Instance, r *Report, t *Token) {
		if !status.IsNever(t.ExpiresAt, r.Now) {
			m.time(tokenLabels(in, t), t.ExpiresAt)
		}
	})
	m.family("unleash_token_last_seen_timestamp_seconds", "When the token was last used, in Unix seconds. A token never used has no sample.")
	m.eachToken(ins, func(in *Instance, _ *Report, t *Token) { m.time(tokenLabels(in, t), t.SeenAt) })
	m.family("unleash_token_created_timestamp_seconds", "When the token was made, in Unix seconds.")
	m.eachToken(ins, func(in *Instance, _ *Report, t *Token) { m.time(tokenLabels(in, t), &t.CreatedAt) })

	m.family("unleash_token_info", "What the audit knows of the token besides its times; always 1.")
	m.eachToken(ins, func(in *Instance, _ *Report, t *Token) {
		m.sample(tokenLabels(in, t, "where", t.Where, "owner", t.Owner(), "created_by", t.CreatedBy), 1)
	})
	m.family("unleash_token_category", "1 for each of the token's categories (expired, expiring_soon, expiring, stale, never_used, never_expires), as the audit decides them with its thresholds.")
	m.eachToken(ins, func(in *Instance, _ *Report, t *Token) {
		for _, c := range status.Categories {
			if t.Categories.Has(c) {
				m.sample(tokenLabels(in, t, "category", c.Key()), 1)
			}
		}
	})
	m.family("unleash_token_risk", "1 for each of the token's risks (orphaned, all_projects, no_expiry_in_production, stored_in_clear, duplicate).")
	m.eachToken(ins, func(in *Instance, _ *Report, t *Token) {
		for _, f := range t.Risks {
			m.sample(tokenLabels(in, t, "risk", f.Risk.Key()), 1)
		}
	})

	m.family("unleash_tokens", "Tokens the audit read.")
	m.eachServed(ins, func(in *Instance, r *Report) { m.sample(labels("instance", in.Label()), float64(len(r.Tokens))) })
	m.family("unleash_tokens_in_category", "Tokens in each category.")
	m.eachServed(ins, func(in *Instance, r *Report) {
		counts := r.Counts()
		for _, c := range status.Categories {
			m.sample(labels("instance", in.Label(), "category", c.Key()), float64(counts[c]))
		}
	})
	m.family("unleash_tokens_with_risk", "Tokens with each risk the audit looked for.")
	m.eachServed(ins, func(in *Instance, r *Report) {
		counts := r.RiskCounts()
		for _, k := range Risks {
			if r.Checks.Has(k) {
				m.sample(labels("instance", in.Label(), "risk", k.Key()), float64(counts[k]))
			}
		}
	})

	m.family("unleash_tokens_audit_success", "1 when every list of the instance was read, 0 when some or all could not be.")
	for i := range ins {
		m.sample(labels("instance", ins[i].Label()), boolValue(ins[i].Complete()))
	}
	m.family("unleash_tokens_audit_duration_seconds", "How long the instance's audit took.")
	for i := range ins {
		m.sample(labels("instance", ins[i].Label()), ins[i].Duration.Seconds())
	}
	m.family("unleash_tokens_audit_timestamp_seconds", "When the tokens in these series were read, in Unix seconds: time() minus it is their age (serve-metrics keeps serving the last good audit while later ones fail).")
	for i := range ins {
		when := now
		if r := ins[i].served(); r != nil {
			when = r.Now
		}
		m.time(labels("instance", ins[i].Label()), &when)
	}
	m.family("unleash_tokens_audit_source_success", "1 for each source (list) of the audit that was read, 0 for one that failed; a source skipped for a reason (an Enterprise feature, a permission) has no sample.")
	for i := range ins {
		if r := ins[i].Report; r != nil {
			for _, s := range r.Sources {
				if s.Skipped == "" {
					m.sample(labels("instance", ins[i].Label(), "source", s.Name), boolValue(s.Err == nil))
				}
			}
		}
	}
	m.family("unleash_tokens_audit_sources_failed", "How many sources of the instance's audit could not be read; 1 when its token could not be had, so nothing was asked.")
	for i := range ins {
		n := 1 // no report: the token did not resolve, and that one failure hid every list
		if ins[i].Report != nil {
			n = len(ins[i].Report.Failed())
		}
		m.sample(labels("instance", ins[i].Label()), float64(n))
	}
	return m.done()
}

// served is the report whose tokens the instance's series carry: its own,
// or when its audit failed its last good one, if it has one.
func (in *Instance) served() *Report {
	if in.LastGood != nil && in.Failed() {
		return in.LastGood
	}
	return in.Report
}

// familyBuilder collects gauge families, leaving out those without a sample.
type familyBuilder struct {
	list []*dto.MetricFamily
	cur  *dto.MetricFamily
}

func (m *familyBuilder) family(name, help string) {
	m.flush()
	gauge := dto.MetricType_GAUGE
	m.cur = &dto.MetricFamily{Name: &name, Help: &help, Type: &gauge}
}

func (m *familyBuilder) flush() {
	if m.cur != nil && len(m.cur.Metric) > 0 {
		m.list = append(m.list, m.cur)
	}
	m.cur = nil
}

func (m *familyBuilder) done() []*dto.MetricFamily {
	m.flush()
	return m.list
}

func (m *familyBuilder) sample(labels []*dto.LabelPair, v float64) {
	m.cur.Metric = append(m.cur.Metric, &dto.Metric{Label: labels, Gauge: &dto.Gauge{Value: &v}})
}

// time is a sample of t in Unix seconds (millisecond precision), none for
// a nil or zero time.
func (m *familyBuilder) time(labels []*dto.LabelPair, t *time.Time) {
	if t == nil || t.IsZero() {
		return
	}
	m.sample(labels, float64(t.UnixMilli())/1000)
}

// eachServed calls fn for each instance's served report.
func (m *familyBuilder) eachServed(ins []Instance, fn func(*Instance, *Report)) {
	for i := range ins {
		if r := ins[i].served(); r != nil {
			fn(&ins[i], r)
		}
	}
}

func (m *familyBuilder) eachToken(ins []Instance, fn func(*Instance, *Report, *Token)) {
	m.eachServed(ins, func(in *Instance, r *Report) {
		for j := range r.Tokens {
			fn(in, r, &r.Tokens[j])
		}
	})
}

// tokenLabels are the labels that name a token, and any extra pairs.
func tokenLabels(in *Instance, t *Token, extra ...string) []*dto.LabelPair {
	projects := cleanList(t.Projects)
	slices.Sort(projects)
	return labels(append([]string{"instance", in.Label(), "kind", t.Kind.String(), "type", string(t.Type),
		"environment", t.Environment, "project", strings.Join(projects, ","), "name", t.Name, "id", t.Ident}, extra...)...)
}

// labels are name, value pairs, the values cleaned; a pair with an empty
// value is left out (Prometheus reads a missing label as empty anyway).
func labels(pairs ...string) []*dto.LabelPair {
	out := make([]*dto.LabelPair, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] == "" {
			continue
		}
		name, value := pairs[i], api.Clean(pairs[i+1])
		out = append(out, &dto.LabelPair{Name: &name, Value: &value})
	}
	return out
}

func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
