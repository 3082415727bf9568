package audit

import (
	"bytes"
	"context"
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/inmem"
)

// TestOpenMetrics parses the exposition with Prometheus's own text parser:
// every family a gauge with help, every series unique, times where they
// exist and none where they do not, an instance that could not be audited
// present only through its health, and nothing shaped like a secret.
func TestOpenMetrics(t *testing.T) {
	srv := inmem.New(inmem.WithClock(clock), inmem.Risky(), inmem.SecureTokens())
	r := Run(context.Background(), client(t, srv, inmem.AdminPAT), Options{Now: testNow, Checks: AllChecks})
	ins := []Instance{
		{Name: "prod", URL: "https://prod.example.com", Report: r, Duration: 1500 * time.Millisecond},
		{Name: "staging", URL: "https://staging.example.com", Err: errors.New("token_command pass exited with status 1")},
	}
	var out bytes.Buffer
	if err := WriteOpenMetrics(&out, ins, Output{}); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	if !strings.HasSuffix(text, "\n# EOF\n") {
		t.Fatal("the exposition does not end in # EOF")
	}
	parser := expfmt.NewTextParser(model.LegacyValidation)
	families, err := parser.TextToMetricFamilies(strings.NewReader(text))
	if err != nil {
		t.Fatalf("Prometheus's parser refuses it: %v", err)
	}
	for name, f := range families {
		if f.GetType() != dto.MetricType_GAUGE || f.GetHelp() == "" {
			t.Errorf("%s: type %v, help %q", name, f.GetType(), f.GetHelp())
		}
		seen := map[string]bool{}
		for _, m := range f.GetMetric() {
			key := labelKey(m)
			if seen[key] {
				t.Errorf("%s: two series %s", name, key)
			}
			seen[key] = true
		}
	}

	series := func(name string) int { return len(families[name].GetMetric()) }
	apiTokens, neverSeen, neverExpire := 0, 0, 0
	for _, tok := range r.Tokens {
		if tok.Kind == KindAPIToken {
			apiTokens++
		}
		if tok.SeenAt == nil {
			neverSeen++
		}
		if tok.ExpiresAt == nil {
			neverExpire++
		}
	}
	tokens := len(r.Tokens)
	for name, want := range map[string]int{
		"unleash_token_expiry_timestamp_seconds":    tokens - neverExpire,
		"unleash_token_last_seen_timestamp_seconds": tokens - neverSeen,
		"unleash_token_created_timestamp_seconds":   tokens,
		"unleash_token_info":                        tokens,
		"unleash_token_risk":                        sumRisks(r),
		"unleash_tokens":                            1,
		"unleash_tokens_audit_success":              2,
		"unleash_tokens_audit_duration_seconds":     2,
		"unleash_tokens_audit_sources_failed":       2,
	} {
		if series(name) != want {
			t.Errorf("%s: %d series, want %d", name, series(name), want)
		}
	}
	if neverSeen == 0 || neverExpire == 0 {
		t.Fatal("the seed should have tokens never seen and never expiring")
	}

	value := func(name string, labels ...string) (float64, bool) {
		for _, m := range families[name].GetMetric() {
			if hasLabels(m, labels...) {
				return m.GetGauge().GetValue(), true
			}
		}
		return 0, false
	}
	for _, c := range []struct {
		name   string
		labels []string
		want   float64
	}{
		{"unleash_tokens_audit_success", []string{"instance", "prod"}, 1},
		{"unleash_tokens_audit_success", []string{"instance", "staging"}, 0},
		{"unleash_tokens_audit_duration_seconds", []string{"instance", "prod"}, 1.5},
		{"unleash_tokens_with_risk", []string{"instance", "prod", "risk", "orphaned"}, 3},
		{"unleash_token_risk", []string{"name", "edge-v2", "risk", "orphaned", "kind", "api_token", "type", "backend", "environment", "production", "project", "*"}, 1},
		{"unleash_token_info", []string{"name", "edge-v2", "created_by", "admin"}, 1},
		{"unleash_token_category", []string{"name", "data-warehouse-sync", "category", "expired"}, 1},
		{"unleash_token_expiry_timestamp_seconds", []string{"name", "data-warehouse-sync"}, float64(testNow.Add(-100 * 24 * time.Hour).Unix())},
		{"unleash_token_created_timestamp_seconds", []string{"kind", "pat", "name", "ci deploy pipeline", "id", "4"}, float64(testNow.Add(-200 * 24 * time.Hour).Unix())},
	} {
		if got, ok := value(c.name, c.labels...); !ok || got != c.want {
			t.Errorf("%s%v = %v (found %v), want %v", c.name, c.labels, got, ok, c.want)
		}
	}
	if _, ok := value("unleash_token_last_seen_timestamp_seconds", "name", "mobile-android"); ok {
		t.Error("a token never used has a last-seen sample")
	}
	if _, ok := value("unleash_token_info", "instance", "staging"); ok {
		t.Error("an instance that could not be audited has token series")
	}

	// Ids: the v2 selector, or a fingerprint of the v1 secret.
	for _, m := range families["unleash_token_info"].GetMetric() {
		id := label(m, "id")
		switch {
		case label(m, "kind") != "api_token":
		case label(m, "name") == "edge-v2" || label(m, "name") == "edge-v2-checkout":
			if len(id) != 22 {
				t.Errorf("v2 token %s: id %q is not its selector", label(m, "name"), id)
			}
		case !regexp.MustCompile(`^sha256:[0-9a-f]{12}$`).MatchString(id):
			t.Errorf("v1 token %s: id %q", label(m, "name"), id)
		}
	}
	assertNoSecretShapes(t, srv, text)
}

// assertNoSecretShapes fails when text holds a credential of the server, any
// part of one, or anything shaped like an Unleash secret.
func assertNoSecretShapes(t *testing.T, srv *inmem.Server, text string) {
	t.Helper()
	for _, shape := range []*regexp.Regexp{
		regexp.MustCompile(`[0-9a-f]{20,}`),                                   // a v1 secret's body
		regexp.MustCompile(`user:`),                                           // a PAT
		regexp.MustCompile(`v2_[A-Za-z0-9_-]{10,}`),                           // a v2 credential
		regexp.MustCompile(`[A-Za-z0-9*\[\]-]+:[A-Za-z0-9*-]+\.[A-Za-z0-9_]`), // <project>:<env>.<…>
	} {
		if m := shape.FindString(text); m != "" {
			t.Errorf("secret-shaped text %q", m)
		}
	}
	admin, _ := api.New("http://x", inmem.AdminPAT, api.WithHTTPClient(srv.HTTPClient()))
	toks, err := admin.ListAPITokens(context.Background())
	if err != nil || len(toks) == 0 {
		t.Fatal(err)
	}
	for _, tok := range toks {
		s := tok.Secret.Reveal()
		if tok.Secure {
			continue // a selector is public: it is the id
		}
		if i := strings.LastIndexByte(s, '.'); i >= 0 && strings.Contains(text, s[i+1:i+9]) {
			t.Errorf("the output holds part of %s's secret", tok.Name)
		}
	}
	for _, s := range []string{inmem.AdminPAT, inmem.AdminAPIToken, inmem.EditorPAT, inmem.BackendToken} {
		if strings.Contains(text, s) {
			t.Error("the output holds a credential")
		}
	}
}

func sumRisks(r *Report) int {
	n := 0
	for _, c := range r.RiskCounts() {
		n += c
	}
	return n
}

func label(m *dto.Metric, name string) string {
	for _, l := range m.GetLabel() {
		if l.GetName() == name {
			return l.GetValue()
		}
	}
	return ""
}

func hasLabels(m *dto.Metric, pairs ...string) bool {
	for i := 0; i+1 < len(pairs); i += 2 {
		if label(m, pairs[i]) != pairs[i+1] {
			return false
		}
	}
	return true
}

func labelKey(m *dto.Metric) string {
	var parts []string
	for _, l := range m.GetLabel() {
		parts = append(parts, l.GetName()+"="+l.GetValue())
	}
	slices.Sort(parts)
	return strings.Join(parts, ",")
}

// TestOpenMetricsEscapes: a name with quotes, backslashes and a newline
// still parses, to the cleaned name.
func TestOpenMetricsEscapes(t *testing.T) {
	r := &Report{Now: testNow, Tokens: []Token{{Kind: KindAPIToken, Name: `a "quoted" \ name` + "\n2", Ident: "sha256:000000000000", CreatedAt: testNow}}}
	var out bytes.Buffer
	if err := WriteOpenMetrics(&out, []Instance{{Name: `odd "instance"`, Report: r}}, Output{}); err != nil {
		t.Fatal(err)
	}
	parser := expfmt.NewTextParser(model.LegacyValidation)
	families, err := parser.TextToMetricFamilies(&out)
	if err != nil {
		t.Fatal(err)
	}
	m := families["unleash_token_created_timestamp_seconds"].GetMetric()[0]
	if label(m, "name") != `a "quoted" \ name2` && label(m, "name") != `a "quoted" \ name 2` || label(m, "instance") != `odd "instance"` {
		t.Fatalf("labels %q %q", label(m, "name"), label(m, "instance"))
	}
}
