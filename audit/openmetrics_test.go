package audit

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"net/http"
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
	"github.com/unleash-tokens/unleash-tokens/status"
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
	checkGaugesWithHelp(t, families)

	series := func(name string) int { return len(families[name].GetMetric()) }
	apiTokens, neverSeen, neverExpire := 0, 0, 0
	for _, tok := range r.Tokens {
		if tok.Kind == KindAPIToken {
			apiTokens++
		}
		if tok.SeenAt == nil {
			neverSeen++
		}
		if status.IsNever(tok.ExpiresAt, r.Now) {
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
		{"unleash_tokens_audit_sources_failed", []string{"instance", "staging"}, 1}, // its token: nothing could be asked
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

	checkTokenIDs(t, families)
	assertNoSecretShapes(t, srv, text)
}

// checkGaugesWithHelp: every family a gauge with help, every series unique.
func checkGaugesWithHelp(t *testing.T, families map[string]*dto.MetricFamily) {
	t.Helper()
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
}

// checkTokenIDs: an API token's id is its v2 selector, or a fingerprint of
// its v1 secret.
func checkTokenIDs(t *testing.T, families map[string]*dto.MetricFamily) {
	t.Helper()
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

// TestNeverExpiresOneRule (issue 19 item 6): a token without an expiry and
// one more than 100 years ahead (Unleash's "never" is 1000 years) have no
// expiry in any writer: no unleash_token_expiry_timestamp_seconds sample,
// JSON null, an empty CSV cell, "never" in the table; 99 years ahead is a
// date everywhere.
func TestNeverExpiresOneRule(t *testing.T) {
	in99y, in1000y := testNow.AddDate(99, 0, 0), testNow.AddDate(1000, 0, 0)
	tok := func(name string, exp *time.Time) Token {
		f := status.Facts{CreatedAt: testNow.AddDate(0, -1, 0), ExpiresAt: exp}
		return Token{Kind: KindAPIToken, Name: name, Ident: "sha256:" + strings.Repeat(name[:1], 12), CreatedAt: f.CreatedAt,
			ExpiresAt: exp, Categories: status.Default.Classify(f, testNow)}
	}
	r := &Report{Now: testNow, Tokens: []Token{tok("a-none", nil), tok("b-1000y", &in1000y), tok("c-99y", &in99y)}}
	ins := []Instance{{Name: "prod", Report: r}}

	families := MetricFamilies(ins, Output{})
	var withExpiry []string
	for _, f := range families {
		if f.GetName() == "unleash_token_expiry_timestamp_seconds" {
			for _, m := range f.GetMetric() {
				withExpiry = append(withExpiry, label(m, "name"))
			}
		}
	}
	if strings.Join(withExpiry, ",") != "c-99y" {
		t.Errorf("metrics: expiry samples for %v, want only c-99y", withExpiry)
	}
	var om bytes.Buffer
	if err := WriteOpenMetrics(&om, ins, Output{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(om.String(), `unleash_token_expiry_timestamp_seconds{instance="prod",kind="api_token",name="b-1000y"`) {
		t.Error("the one-shot writer has an expiry sample for a token 1000 years ahead")
	}

	var js bytes.Buffer
	if err := WriteJSON(&js, r, Output{All: true}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Tokens []struct {
			Name      string
			ExpiresAt *string `json:"expires_at"`
		}
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	for _, row := range doc.Tokens {
		if never := row.Name != "c-99y"; never != (row.ExpiresAt == nil) {
			t.Errorf("JSON %s: expires_at %v", row.Name, row.ExpiresAt)
		}
	}

	var cs bytes.Buffer
	if err := WriteCSV(&cs, r, Output{All: true}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&cs).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(rows[0], "expires_at")
	for _, row := range rows[1:] {
		if never := row[2] != "c-99y"; never != (row[col] == "") {
			t.Errorf("CSV %s: expires_at %q", row[2], row[col])
		}
	}

	var table bytes.Buffer
	if err := WriteTable(&table, r, Output{All: true}); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(table.String(), "\n") {
		if strings.Contains(line, "-none") || strings.Contains(line, "-1000y") {
			if !strings.Contains(line, "never") {
				t.Errorf("table: %q does not say never", line)
			}
		}
	}
}

// TestMetricFamiliesLastGood (issue 19 item 7): an instance whose audit read
// nothing has its own health (success 0, every failed source counted) and,
// with a last good report, that report's tokens and counts, timed when they
// were read; without one, the same series as the one-shot.
func TestMetricFamiliesLastGood(t *testing.T) {
	srv := inmem.New(inmem.WithClock(clock))
	good := Run(context.Background(), client(t, srv, inmem.AdminPAT), Options{Now: testNow.Add(-time.Hour), Checks: AllChecks})
	down := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusBadGateway) })
	failed := Run(context.Background(), client(t, down, inmem.AdminPAT), Options{Now: testNow, Checks: AllChecks})
	if !failed.NothingRead() || len(failed.Failed()) == 0 {
		t.Fatalf("the failing audit read something: %d failed", len(failed.Failed()))
	}

	values := func(ins []Instance) map[string]float64 {
		out := map[string]float64{}
		for _, f := range MetricFamilies(ins, Output{Now: testNow}) {
			for _, m := range f.GetMetric() {
				out[f.GetName()+"{"+labelKey(m)+"}"] += m.GetGauge().GetValue()
				out[f.GetName()]++
			}
		}
		return out
	}
	oneShot := values([]Instance{{Name: "prod", Report: failed}})
	kept := values([]Instance{{Name: "prod", Report: failed, LastGood: good}})
	health := []string{"unleash_tokens_audit_success{instance=prod}", "unleash_tokens_audit_sources_failed{instance=prod}"}
	for _, key := range health {
		if oneShot[key] != kept[key] {
			t.Errorf("%s: %v one-shot, %v with the last good report", key, oneShot[key], kept[key])
		}
	}
	if n := float64(len(failed.Failed())); kept["unleash_tokens_audit_sources_failed{instance=prod}"] != n || n < 7 {
		t.Errorf("sources failed %v, want %v", kept["unleash_tokens_audit_sources_failed{instance=prod}"], n)
	}
	for _, family := range []string{"unleash_tokens", "unleash_tokens_in_category", "unleash_tokens_with_risk", "unleash_tokens_audit_source_success"} {
		if oneShot[family] == 0 || kept[family] != oneShot[family] {
			t.Errorf("%s: %v series one-shot, %v kept", family, oneShot[family], kept[family])
		}
	}
	if kept["unleash_tokens{instance=prod}"] != float64(len(good.Tokens)) || kept["unleash_token_info"] != float64(len(good.Tokens)) {
		t.Errorf("kept %v tokens, %v info series; the good audit read %d", kept["unleash_tokens{instance=prod}"], kept["unleash_token_info"], len(good.Tokens))
	}
	if got := kept["unleash_tokens_audit_timestamp_seconds{instance=prod}"]; got != float64(good.Now.Unix()) {
		t.Errorf("timestamp %v, want the good audit's %v", got, good.Now.Unix())
	}
	if oneShot["unleash_token_info"] != 0 {
		t.Error("the one-shot of a failed audit has token series")
	}
}
