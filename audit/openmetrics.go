package audit

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/status"
)

// WriteOpenMetrics writes the reports as Prometheus text exposition (format
// 0.0.4, every family a gauge, ending in "# EOF" as OpenMetrics does), for
// node_exporter's textfile collector or a scrape of serve-metrics.
//
// Every token the audit read is a series, listed or not; absolute times are
// Unix seconds in …_timestamp_seconds; a time that does not exist (never
// seen, never expires) has no sample rather than 0. Labels are instance,
// kind, type, environment, project (projects joined by ","), name and id
// (see Ident): never a secret. An instance that could not be audited has only
// its health series.
func WriteOpenMetrics(w io.Writer, ins []Instance, o Output) error {
	b := bufio.NewWriter(w)
	m := &metricsWriter{w: b}
	now := o.now(ins)
	m.family("unleash_token_expiry_timestamp_seconds", "When the token expires, in Unix seconds. A token without an expiry has no sample.")
	m.tokens(ins, func(t *Token) (float64, bool) { return unixSeconds(t.ExpiresAt) })
	m.family("unleash_token_last_seen_timestamp_seconds", "When the token was last used, in Unix seconds. A token never used has no sample.")
	m.tokens(ins, func(t *Token) (float64, bool) { return unixSeconds(t.SeenAt) })
	m.family("unleash_token_created_timestamp_seconds", "When the token was made, in Unix seconds.")
	m.tokens(ins, func(t *Token) (float64, bool) { return unixSeconds(&t.CreatedAt) })

	m.family("unleash_token_info", "What the audit knows of the token besides its times; always 1.")
	m.eachToken(ins, func(in *Instance, t *Token) {
		m.sample(tokenLabels(in, t, "where", t.Where, "owner", t.Owner, "created_by", t.CreatedBy), 1)
	})
	m.family("unleash_token_category", "1 for each of the token's categories (expired, expiring_soon, expiring, stale, never_used, never_expires), as the audit decides them with its thresholds.")
	m.eachToken(ins, func(in *Instance, t *Token) {
		for _, c := range status.Categories {
			if t.Categories.Has(c) {
				m.sample(tokenLabels(in, t, "category", c.Key()), 1)
			}
		}
	})
	m.family("unleash_token_risk", "1 for each of the token's risks (orphaned, all_projects, no_expiry_in_production, stored_in_clear, duplicate).")
	m.eachToken(ins, func(in *Instance, t *Token) {
		for _, f := range t.Risks {
			m.sample(tokenLabels(in, t, "risk", f.Risk.Key()), 1)
		}
	})

	m.family("unleash_tokens", "Tokens the audit read.")
	m.eachReport(ins, func(in *Instance, r *Report) { m.sample(labels("instance", in.Label()), float64(len(r.Tokens))) })
	m.family("unleash_tokens_in_category", "Tokens in each category.")
	m.eachReport(ins, func(in *Instance, r *Report) {
		counts := r.Counts()
		for _, c := range status.Categories {
			m.sample(labels("instance", in.Label(), "category", c.Key()), float64(counts[c]))
		}
	})
	m.family("unleash_tokens_with_risk", "Tokens with each risk the audit looked for.")
	m.eachReport(ins, func(in *Instance, r *Report) {
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
		if ins[i].Report != nil {
			when = ins[i].Report.Now
		}
		m.sample(labels("instance", ins[i].Label()), float64(when.UnixMilli())/1000)
	}
	m.family("unleash_tokens_audit_source_success", "1 for each source (list) of the audit that was read, 0 for one that failed; a source skipped for a reason (an Enterprise feature, a permission) has no sample.")
	m.eachReport(ins, func(in *Instance, r *Report) {
		for _, s := range r.Sources {
			if s.Skipped == "" {
				m.sample(labels("instance", in.Label(), "source", s.Name), boolValue(s.Err == nil))
			}
		}
	})
	m.family("unleash_tokens_audit_sources_failed", "How many sources of the instance's audit could not be read.")
	for i := range ins {
		n := 0
		if ins[i].Report != nil {
			n = len(ins[i].Report.Failed())
		}
		m.sample(labels("instance", ins[i].Label()), float64(n))
	}
	fmt.Fprintln(b, "# EOF")
	return b.Flush()
}

type metricsWriter struct {
	w    *bufio.Writer
	name string
}

func (m *metricsWriter) family(name, help string) {
	m.name = name
	fmt.Fprintf(m.w, "# HELP %s %s\n# TYPE %s gauge\n", name, escapeHelp(help), name)
}

func (m *metricsWriter) sample(labels string, v float64) {
	fmt.Fprintf(m.w, "%s{%s} %s\n", m.name, labels, formatValue(v))
}

func (m *metricsWriter) eachReport(ins []Instance, fn func(*Instance, *Report)) {
	for i := range ins {
		if ins[i].Report != nil {
			fn(&ins[i], ins[i].Report)
		}
	}
}

func (m *metricsWriter) eachToken(ins []Instance, fn func(*Instance, *Token)) {
	m.eachReport(ins, func(in *Instance, r *Report) {
		for j := range r.Tokens {
			fn(in, &r.Tokens[j])
		}
	})
}

func (m *metricsWriter) tokens(ins []Instance, value func(*Token) (float64, bool)) {
	m.eachToken(ins, func(in *Instance, t *Token) {
		if v, ok := value(t); ok {
			m.sample(tokenLabels(in, t), v)
		}
	})
}

// tokenLabels are the labels that name a token, and any extra pairs.
func tokenLabels(in *Instance, t *Token, extra ...string) string {
	projects := cleanList(t.Projects)
	slices.Sort(projects)
	return labels(append([]string{"instance", in.Label(), "kind", string(t.Kind), "type", string(t.Type),
		"environment", t.Environment, "project", strings.Join(projects, ","), "name", t.Name, "id", t.Ident}, extra...)...)
}

// labels writes name="value" pairs, escaped; a pair with an empty value is
// left out (Prometheus reads a missing label as empty anyway).
func labels(pairs ...string) string {
	var b strings.Builder
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(pairs[i])
		b.WriteString(`="`)
		b.WriteString(escapeLabel(api.Clean(pairs[i+1])))
		b.WriteByte('"')
	}
	return b.String()
}

var labelEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
var helpEscaper = strings.NewReplacer(`\`, `\\`, "\n", `\n`)

func escapeLabel(s string) string { return labelEscaper.Replace(s) }
func escapeHelp(s string) string  { return helpEscaper.Replace(s) }

func unixSeconds(t *time.Time) (float64, bool) {
	if t == nil || t.IsZero() {
		return 0, false
	}
	return float64(t.UnixMilli()) / 1000, true
}

func formatValue(v float64) string {
	switch {
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	case math.IsNaN(v):
		return "NaN"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
