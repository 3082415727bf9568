package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/inmem"
	"github.com/unleash-tokens/unleash-tokens/internal/realserver"
)

// TestE2EAuditAllProfiles: two in-memory servers and the real Unleash as
// three profiles, and a fourth that is down: one report, the three audited
// (the real one's creators from its event log), the fourth named, exit 2.
func TestE2EAuditAllProfiles(t *testing.T) {
	creds := realserver.Get(t)
	a, b := inmem.New(), inmem.New(inmem.Risky())
	tsA, tsB := httptest.NewServer(a), httptest.NewServer(b)
	t.Cleanup(tsA.Close)
	t.Cleanup(tsB.Close)
	t.Setenv("E2E_REAL_TOKEN", creds.AdminPAT)
	profilesConfig(t, map[string]any{
		"memory-a": map[string]any{"url": tsA.URL, "token": inmem.AdminPAT},
		"memory-b": map[string]any{"url": tsB.URL, "token": inmem.AdminPAT},
		"real":     map[string]any{"url": creds.URL, "token_env": "E2E_REAL_TOKEN"},
		"down":     map[string]any{"url": downURL(t), "token": inmem.AdminPAT},
	})
	r := runCommand("audit", "--all-profiles", "--format", "json", "--all")
	r.expect(t, exitAuditFailed, "unleash-tokens: down: could not audit: cannot reach 127.0.0.1:")
	var doc struct {
		Instances []struct {
			Instance, Error string
			Complete        bool
			Creators        *struct{ Matched int }
		}
		Tokens []struct {
			Instance, Kind, ID, Name string
			CreatedBy                string `json:"created_by"`
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	state := map[string]string{}
	for _, in := range doc.Instances {
		state[in.Instance] = boolWord(in.Complete)
		if in.Instance == "real" && (in.Creators == nil || in.Creators.Matched < 2) {
			t.Errorf("real: creators %+v", in.Creators)
		}
	}
	if fmt.Sprint(state) != "map[down:failed memory-a:complete memory-b:complete real:complete]" {
		t.Errorf("instances %v", state)
	}
	made := map[string]string{}
	for _, tok := range doc.Tokens {
		if tok.Instance == "real" && tok.Kind == "api_token" {
			made[tok.Name] = tok.CreatedBy
			v1 := strings.HasPrefix(tok.ID, "sha256:")
			v2 := len(tok.ID) == 22 && !strings.Contains(tok.ID, ":") // the selector, when the server stores tokens hashed
			if !v1 && !(v2 && creds.SecureTokens) {
				t.Errorf("real %s: id %q", tok.Name, tok.ID)
			}
		}
	}
	// scripts/unleash-server.sh: the admin token comes from INIT_ADMIN_API_TOKENS,
	// e2e-backend is made with it.
	if made["admin"] != "unleash_system_user" || made["e2e-backend"] != "admin (an admin API token)" {
		t.Errorf("creators on the real server: %q", made)
	}
	assertNoRealSecrets(t, creds, r.stdout)

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
	if fmt.Sprint(success) != "map[down:0 memory-a:1 memory-b:1 real:1]" {
		t.Errorf("audit success %v", success)
	}
	assertNoRealSecrets(t, creds, om.stdout)
}

// TestE2ERisks makes tokens with risks on the real Unleash and audits:
// duplicates, a backend token for all projects, one that never expires in
// production. (Orphans cannot be made on the open-source server, which has
// one project that cannot be deleted: the in-memory tests cover them.)
func TestE2ERisks(t *testing.T) {
	creds := realserver.Get(t)
	ctx := context.Background()
	admin, _ := api.New(creds.URL, api.Secret(creds.AdminAPIToken))
	n := time.Now().UnixNano() % 1e9
	dup, wide, forever := fmt.Sprintf("risk-dup-%d", n), fmt.Sprintf("risk-wide-%d", n), fmt.Sprintf("risk-forever-%d", n)
	week := time.Now().Add(7 * 24 * time.Hour)
	later := time.Now().Add(60 * 24 * time.Hour) // both stay: one expiring within 14d would be a rotation's old token
	var made []api.APIToken
	for _, in := range []api.CreateAPIToken{
		{Name: dup, Type: api.TypeBackend, Environment: "development", Projects: []string{"default"}, ExpiresAt: &later},
		{Name: dup, Type: api.TypeBackend, Environment: "development", Projects: []string{"default"}, ExpiresAt: &later},
		{Name: wide, Type: api.TypeBackend, Environment: "development", ExpiresAt: &week},
		{Name: forever, Type: api.TypeFrontend, Environment: "production", Projects: []string{"default"}},
	} {
		tok, err := admin.CreateAPIToken(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, tok)
	}
	t.Cleanup(func() {
		for _, tok := range made {
			_ = admin.DeleteAPIToken(ctx, tok.Ref())
		}
	})
	useServer(t, creds.URL, api.Secret(creds.AdminPAT))
	r := runCommand("audit", "--format", "json")
	r.expect(t, exitFindings)
	var doc struct {
		Notes  []string
		Tokens []struct {
			Name      string
			CreatedBy string `json:"created_by"`
			Risks     []struct{ Risk, Reason string }
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, tok := range doc.Tokens {
		for _, risk := range tok.Risks {
			got[tok.Name] = append(got[tok.Name], risk.Risk)
		}
		if strings.HasPrefix(tok.Name, "risk-") && tok.CreatedBy != "admin (an admin API token)" {
			t.Errorf("%s made by %q", tok.Name, tok.CreatedBy)
		}
	}
	for name, want := range map[string]string{
		dup: "duplicate duplicate", wide: "all_projects", forever: "no_expiry_in_production",
	} {
		if strings.Join(got[name], " ") != want {
			t.Errorf("%s: risks %v, want %s", name, got[name], want)
		}
	}
	switch {
	case creds.SecureTokens: // it makes v2 tokens: no note, and a v1 token there is itself at risk
		if len(doc.Notes) != 0 {
			t.Errorf("notes %q", doc.Notes)
		}
	case len(doc.Notes) != 1 || !strings.Contains(doc.Notes[0], "this server (Unleash "+creds.Version+") stores every API token in clear"):
		t.Errorf("notes %q", doc.Notes)
	}
	assertNoRealSecrets(t, creds, r.stdout)
}

// assertNoRealSecrets fails when out holds any API token secret of the real
// server, or part of one, or a test credential.
func assertNoRealSecrets(t *testing.T, creds realserver.Credentials, out string) {
	t.Helper()
	admin, _ := api.New(creds.URL, api.Secret(creds.AdminAPIToken))
	toks, err := admin.ListAPITokens(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, tok := range toks {
		s := tok.Secret.Reveal()
		if i := strings.LastIndexByte(s, '.'); i >= 0 && len(s) > i+9 && strings.Contains(out, s[i+1:i+9]) {
			t.Errorf("the output holds part of %s's secret", tok.Name)
		}
	}
	for _, s := range []string{creds.AdminPAT, creds.AdminAPIToken, creds.EditorPAT, creds.ViewerPAT, creds.ClientToken} {
		if s != "" && strings.Contains(out, s) {
			t.Error("the output holds a credential")
		}
	}
}
