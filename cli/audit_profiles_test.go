package cli

import (
	"encoding/csv"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/inmem"
)

// profilesConfig writes a config file of profiles and points the commands
// at it, with no UNLEASH_URL or UNLEASH_API_TOKEN set.
func profilesConfig(t *testing.T, profiles map[string]any) string {
	t.Helper()
	data, err := json.Marshal(map[string]any{"profiles": profiles})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "config.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("UNLEASH_TOKENS_CONFIG", path)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("UNLEASH_URL", "")
	t.Setenv("UNLEASH_API_TOKEN", "")
	return path
}

// downURL is a loopback address nothing answers on.
func downURL(t *testing.T) string {
	ts := httptest.NewServer(nil)
	url := ts.URL
	ts.Close()
	return url
}

// TestAuditAllProfiles: two in-memory servers, one instance down and one
// whose token_command fails, in one report: the two are audited, the two
// failures are named and hide nothing, in every format; the exit code says
// the audit is only in part.
func TestAuditAllProfiles(t *testing.T) {
	a := fixClock(t)
	b := inmem.New(inmem.WithClock(clock), inmem.Risky(), inmem.SecureTokens())
	tsA, tsB := httptest.NewServer(a), httptest.NewServer(b)
	t.Cleanup(tsA.Close)
	t.Cleanup(tsB.Close)
	t.Setenv("B_TOKEN", inmem.AdminPAT)
	down := downURL(t)
	profilesConfig(t, map[string]any{
		"alpha":  map[string]any{"url": tsA.URL, "token": inmem.AdminPAT},
		"beta":   map[string]any{"url": tsB.URL, "token_env": "B_TOKEN"},
		"down":   map[string]any{"url": down, "token": inmem.AdminPAT},
		"helper": map[string]any{"url": tsA.URL, "token_command": []string{"false"}},
	})

	table := runCommand("audit", "--all-profiles")
	table.expect(t, exitAuditFailed, "unleash-tokens: down: could not audit: cannot reach 127.0.0.1:", "Check the URL and that the server is running.",
		"unleash-tokens: helper: could not audit: profile \"helper\": token_command false exited with status 1\n")
	for _, want := range []string{
		"Audit of 4 instances · 2026-11-23 12:00 UTC",
		"Audit of alpha (" + tsA.URL + ") · 29 tokens from 13 lists",
		"Audit of beta (" + tsB.URL + ") · 36 tokens from 13 lists",
		"risks: orphaned 3 · all projects 5 · no expiry in production 3 · stored in clear 21 · duplicate 4",
		"Audit of down (" + down + "): could not audit: no list could be read (my PATs: list your PATs: cannot reach 127.0.0.1:",
		"Audit of helper (" + tsA.URL + "): could not audit: profile \"helper\": token_command false exited with status 1",
		"INSTANCE  STATUS",
		"\nalpha     expired, stale                   api-token  sha256:ba9bbb99310d     data-warehouse-sync",
		"\nbeta      expired, stale                   api-token  sha256:ba9bbb99310d     data-warehouse-sync",
		"\nbeta      at risk                          api-token  sha256:5c761b2a8238     reporting-job",
	} {
		if !strings.Contains(table.stdout, want) {
			t.Errorf("table lacks %q", want)
		}
	}
	if t.Failed() {
		t.Fatalf("table:\n%s", table.stdout)
	}

	js := runCommand("audit", "--all-profiles", "--format", "json", "--all")
	js.expect(t, exitAuditFailed)
	checkAllProfilesJSON(t, js.stdout)
	assertNoSecrets(t, a, js.stdout)
	assertNoSecrets(t, b, js.stdout)

	c := runCommand("audit", "--all-profiles", "--format", "csv")
	c.expect(t, exitAuditFailed)
	rows, err := csv.NewReader(strings.NewReader(c.stdout)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "instance,kind,id,name,where,owner,type,environment,projects,created_at,expires_at,seen_at,categories,risks" {
		t.Fatalf("csv header %v", rows[0])
	}
	instances := map[string]bool{}
	for _, row := range rows[1:] {
		instances[row[0]] = true
	}
	if !instances["alpha"] || !instances["beta"] || len(instances) != 2 {
		t.Errorf("csv instances %v", instances)
	}

	om := runCommand("audit", "--all-profiles", "--format", "openmetrics")
	om.expect(t, exitAuditFailed)
	parser := expfmt.NewTextParser(model.LegacyValidation)
	families, err := parser.TextToMetricFamilies(strings.NewReader(om.stdout))
	if err != nil {
		t.Fatal(err)
	}
	success := map[string]float64{}
	for _, m := range families["unleash_tokens_audit_success"].GetMetric() {
		success[m.GetLabel()[0].GetValue()] = m.GetGauge().GetValue()
	}
	if success["alpha"] != 1 || success["beta"] != 1 || success["down"] != 0 || success["helper"] != 0 || len(success) != 4 {
		t.Errorf("audit success %v", success)
	}
	assertNoSecrets(t, a, om.stdout)

	// Without the failures: findings, exit 1.
	profilesConfig(t, map[string]any{
		"alpha": map[string]any{"url": tsA.URL, "token": inmem.AdminPAT},
		"beta":  map[string]any{"url": tsB.URL, "token_env": "B_TOKEN"},
	})
	runCommand("audit", "--all-profiles").expect(t, exitFindings)
}

// checkAllProfilesJSON checks TestAuditAllProfiles' JSON: each instance,
// complete or why not, and the tokens of the two that were read.
func checkAllProfilesJSON(t *testing.T, stdout string) {
	t.Helper()
	var doc struct {
		Summary   map[string]int `json:"summary"`
		Risks     map[string]int `json:"risks"`
		Instances []struct {
			Instance, URL, Error string
			Complete             bool
			Summary              map[string]int
		} `json:"instances"`
		Tokens []struct {
			Instance, Kind, ID, Name string
			CreatedBy                string `json:"created_by"`
			Risks                    []struct{ Risk, Reason string }
		} `json:"tokens"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, in := range doc.Instances {
		got = append(got, in.Instance+" "+boolWord(in.Complete)+" "+strings.SplitN(in.Error, ":", 2)[0])
	}
	if strings.Join(got, "|") != "alpha complete |beta complete |down failed no list could be read (my PATs|helper failed profile \"helper\"" {
		t.Errorf("instances %q", got)
	}
	perInstance := map[string]int{}
	for _, tok := range doc.Tokens {
		perInstance[tok.Instance]++
		if tok.ID == "" {
			t.Errorf("%s %s has no id", tok.Instance, tok.Name)
		}
	}
	if perInstance["alpha"] != 29 || perInstance["beta"] != 36 || len(perInstance) != 2 || doc.Summary["tokens"] != 65 {
		t.Errorf("tokens per instance %v, summary %v", perInstance, doc.Summary)
	}
}

func boolWord(b bool) string {
	if b {
		return "complete"
	}
	return "failed"
}

func TestAuditAllProfilesUsage(t *testing.T) {
	_, ts := inmem.NewTestServer()
	t.Cleanup(ts.Close)
	profilesConfig(t, map[string]any{"a": map[string]any{"url": ts.URL, "token": inmem.AdminPAT}})
	runCommand("audit", "--all-profiles", "--url", ts.URL).expect(t, exitUsage,
		"--all-profiles audits every profile of the config file: leave out --url, --token-file and --profile")
	path := profilesConfig(t, map[string]any{})
	runCommand("audit", "--all-profiles").expect(t, exitUsage, "--all-profiles: "+path+" has no profiles")
}

// TestAuditOpenMetricsCommand: one server, its metrics parsed; a server
// that cannot be audited still gives its health series, with exit 2.
func TestAuditOpenMetricsCommand(t *testing.T) {
	srv := fixClock(t)
	serve(t, srv, inmem.AdminPAT)
	r := runCommand("audit", "--format", "openmetrics")
	r.expect(t, exitFindings)
	parser := expfmt.NewTextParser(model.LegacyValidation)
	families, err := parser.TextToMetricFamilies(strings.NewReader(r.stdout))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(families["unleash_token_info"].GetMetric()); n != 29 {
		t.Errorf("%d tokens in unleash_token_info", n)
	}
	ok := families["unleash_tokens_audit_success"].GetMetric()
	if len(ok) != 1 || ok[0].GetGauge().GetValue() != 1 {
		t.Errorf("audit success %v", ok)
	}
	assertNoSecrets(t, srv, r.stdout)

	useServer(t, downURL(t), inmem.AdminPAT)
	down := runCommand("audit", "--format", "openmetrics")
	down.expect(t, exitAuditFailed, "could not audit")
	if !strings.Contains(down.stdout, "unleash_tokens_audit_success{instance=\"http://127.0.0.1:") || !strings.Contains(down.stdout, "} 0\n") {
		t.Errorf("no failed health series:\n%s", down.stdout)
	}
}

// TestAuditNamesItsProfile: a plain audit of a profile names the instance by
// the profile, in JSON and in the metrics alike.
func TestAuditNamesItsProfile(t *testing.T) {
	srv := fixClock(t)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	profilesConfig(t, map[string]any{"prod": map[string]any{"url": ts.URL, "token": inmem.AdminPAT}})
	js := runCommand("audit", "--profile", "prod", "--format", "json")
	js.expect(t, exitFindings)
	var doc struct {
		Instance string
		Tokens   []struct{ Instance string }
	}
	if err := json.Unmarshal([]byte(js.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Instance != "prod" || len(doc.Tokens) == 0 || doc.Tokens[0].Instance != "prod" {
		t.Fatalf("instance %q, tokens %v", doc.Instance, doc.Tokens[:1])
	}
	om := runCommand("audit", "--profile", "prod", "--format", "openmetrics")
	om.expect(t, exitFindings)
	if !strings.Contains(om.stdout, `unleash_tokens_audit_success{instance="prod"} 1`) {
		t.Fatalf("metrics:\n%s", om.stdout)
	}
}

// noRiskChecks points the commands at a config file that turns every risk
// check (and the creators) off.
func noRiskChecks(t *testing.T) {
	t.Helper()
	off := map[string]bool{}
	for _, k := range audit.CheckKeys() {
		off[k] = false
	}
	data, _ := json.Marshal(map[string]any{"risks": off})
	path := filepath.Join(t.TempDir(), "config.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("UNLEASH_TOKENS_CONFIG", path)
}
