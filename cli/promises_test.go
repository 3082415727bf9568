package cli

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/inmem"
)

// cleanVerdicts are what an output says when it found nothing: none may be
// printed about lists that were not read.
var cleanVerdicts = []string{"Nothing expired", "No tokens", "No expired API tokens", "0 expired API tokens", "nothing to delete"}

// readsClean reports which clean verdict out holds, if any: one that is
// not marked as of "the lists that could be read".
func readsClean(out string) string {
	for _, line := range strings.Split(out, "\n") {
		for _, v := range cleanVerdicts {
			if strings.Contains(line, v) && !strings.Contains(line, "in the lists that could be read") {
				return v
			}
		}
	}
	return ""
}

// TestAuditAllProfilesNothingReadable (issue 19, item 1): when no profile
// can be read, stdout has no table, JSON or CSV that could pass for
// "nothing found" (nor thresholds no instance was audited with); stderr
// names every instance and why; exit 2. The metrics still say so.
func TestAuditAllProfilesNothingReadable(t *testing.T) {
	fixClock(t)
	unauthorized := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"name":"AuthenticationRequired","message":"You must log in to use Unleash."}`))
	}))
	t.Cleanup(unauthorized.Close)
	profilesConfig(t, map[string]any{
		"down":    map[string]any{"url": downURL(t), "token": inmem.AdminPAT},
		"refused": map[string]any{"url": unauthorized.URL, "token": inmem.AdminPAT},
		"helper":  map[string]any{"url": unauthorized.URL, "token_command": []string{"false"}},
	})
	for _, format := range []string{"table", "json", "csv"} {
		t.Run(format, func(t *testing.T) {
			r := runCommand("audit", "--all-profiles", "--format", format, "--within", "20d")
			r.expect(t, exitAuditFailed, "unleash-tokens: down: could not audit", "unleash-tokens: refused: could not audit",
				"unleash-tokens: helper: could not audit")
			if r.stdout != "" {
				t.Fatalf("stdout must be empty when nothing was read:\n%s", r.stdout)
			}
		})
	}
	om := runCommand("audit", "--all-profiles", "--format", "openmetrics")
	om.expect(t, exitAuditFailed)
	for _, want := range []string{`unleash_tokens_audit_success{instance="down"} 0`, `unleash_tokens_audit_success{instance="refused"} 0`,
		`unleash_tokens_audit_success{instance="helper"} 0`} {
		if !strings.Contains(om.stdout, want) {
			t.Errorf("metrics lack %s:\n%s", want, om.stdout)
		}
	}
}

// TestAuditAllProfilesPartlyReadable: one profile read and clean, one not
// read at all: the table's verdict is only of the lists that could be read,
// and JSON's complete is false at the top as well as for the instance.
func TestAuditAllProfilesPartlyReadable(t *testing.T) {
	srv := fixClock(t, inmem.Empty())
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	path := profilesConfig(t, map[string]any{
		"down": map[string]any{"url": downURL(t), "token": inmem.AdminPAT},
		"up":   map[string]any{"url": ts.URL, "token": inmem.AdminPAT},
	})
	withoutRiskChecks(t, path)
	table := runCommand("audit", "--all-profiles")
	table.expect(t, exitAuditFailed, "down: could not audit")
	if !strings.Contains(table.stdout, "in the lists that could be read.") {
		t.Errorf("the verdict does not say it is of what could be read:\n%s", table.stdout)
	}
	js := runCommand("audit", "--all-profiles", "--format", "json")
	js.expect(t, exitAuditFailed)
	var doc struct {
		Complete  *bool `json:"complete"`
		Instances []struct {
			Instance string
			Complete bool
		}
	}
	if err := json.Unmarshal([]byte(js.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Complete == nil || *doc.Complete {
		t.Fatalf("top-level complete %v, want false", doc.Complete)
	}
}

// withoutRiskChecks turns every risk check off in the config file at path.
func withoutRiskChecks(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	off := map[string]bool{}
	for _, k := range audit.CheckKeys() {
		off[k] = false
	}
	doc["risks"] = off
	if data, err = json.Marshal(doc); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// refusePath answers GETs of path 403, as a server does to a user who may
// not read that list, and passes everything else to h.
func refusePath(h http.Handler, path string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Path == path {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusForbidden)
			_, _ = w.Write([]byte(`{"name":"PermissionError","message":"You don't have the required permissions to perform this operation."}`))
			return
		}
		h.ServeHTTP(w, r)
	})
}

// TestPruneIncomplete (issue 19, item 4): a list of API tokens that could
// not be read makes prune speak as audit does: INCOMPLETE in the table,
// complete false and the sources with their errors in JSON, a summary that
// does not read as clean, exit 2 (1 is for a delete that did not happen).
// Its JSON rows carry id, which tells two tokens of one name apart.
func TestPruneIncomplete(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"table, dry run", []string{"prune"}},
		{"table, --yes", []string{"prune", "--yes"}},
		{"json", []string{"prune", "--format", "json"}},
		{"json, nothing expired read", []string{"prune", "--format", "json", "--name", "payments-*"}},
		{"csv", []string{"prune", "--format", "csv"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := fixClock(t)
			serve(t, refusePath(srv, "/api/admin/projects/payments/api-tokens"), inmem.AdminPAT)
			r := runCommand(tt.args...)
			r.expect(t, exitAuditFailed, "the prune is incomplete: 1 of ", "  project payments: list the project's tokens: You don't have the required permissions",
				"INCOMPLETE: 1 of ")
			if v := readsClean(r.stderr); v != "" {
				t.Errorf("stderr reads as clean (%q):\n%s", v, r.stderr)
			}
			switch {
			case strings.Contains(strings.Join(tt.args, " "), "json"):
				var doc struct {
					Complete *bool
					Sources  []struct{ Source, Error string }
					Tokens   []struct{ ID, Name string }
				}
				if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
					t.Fatalf("%v\n%s", err, r.stdout)
				}
				if doc.Complete == nil || *doc.Complete {
					t.Errorf("complete %v, want false", doc.Complete)
				}
				failed := 0
				for _, s := range doc.Sources {
					if s.Error != "" {
						failed++
						if s.Source != "project payments" || !strings.Contains(s.Error, "required permissions") {
							t.Errorf("source %+v", s)
						}
					}
				}
				if failed != 1 || len(doc.Sources) < 2 {
					t.Errorf("sources %+v", doc.Sources)
				}
				for _, tok := range doc.Tokens {
					if tok.ID == "" {
						t.Errorf("%s has no id", tok.Name)
					}
				}
			case strings.Contains(strings.Join(tt.args, " "), "csv"):
				if !strings.HasPrefix(r.stdout, "kind,id,name,") {
					t.Errorf("csv:\n%s", r.stdout)
				}
			default:
				if !strings.Contains(r.stdout, "in the lists that could be read") || !strings.Contains(r.stdout, "\nINCOMPLETE: 1 of ") {
					t.Errorf("table:\n%s", r.stdout)
				}
			}
		})
	}
}

// TestPruneJSONIDs: two expired tokens of one name are told apart by id.
func TestPruneJSONIDs(t *testing.T) {
	srv := fixClock(t)
	serve(t, srv, inmem.AdminPAT)
	c, _ := api.New(getenv(t, "UNLEASH_URL"), inmem.AdminPAT)
	past := fixedNow.Add(-24 * time.Hour)
	for _, env := range []string{"development", "production"} {
		if _, err := c.CreateAPIToken(t.Context(), api.CreateAPIToken{Name: "twin", Type: api.TypeBackend, Environment: env, ExpiresAt: &past}); err != nil {
			t.Fatal(err)
		}
	}
	r := runCommand("prune", "--format", "json", "--name", "twin")
	r.expect(t, exitOK)
	var doc struct{ Tokens []struct{ ID, Name string } }
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Tokens) != 2 || doc.Tokens[0].ID == "" || doc.Tokens[0].ID == doc.Tokens[1].ID {
		t.Fatalf("tokens %+v", doc.Tokens)
	}
}

// TestRotateExpiredWithoutExpires (issue 19, item 9): an expired token
// rotated without --expires gets the expiry the messages say, for the
// reason they say: its lifetime when it had one, else 90 days and why;
// never "as the old token had no expiry" of a token that had one.
func TestRotateExpiredWithoutExpires(t *testing.T) {
	srv := fixClock(t)
	serve(t, srv, inmem.AdminPAT)
	c, _ := api.New(getenv(t, "UNLEASH_URL"), inmem.AdminPAT)
	past := fixedNow.Add(-40 * 24 * time.Hour)
	if _, err := c.CreateAPIToken(t.Context(), api.CreateAPIToken{Name: "born-expired", Type: api.TypeBackend, Environment: "development", ExpiresAt: &past}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"expired API token with a lifetime", []string{"api-token", "payments-worker", "--environment", "production"},
			"which expires 2028-02-13 12:00 UTC (in 1y): the old token's lifetime (447d)."},
		{"expired PAT with a lifetime", []string{"pat", "laptop terraform"}, "(in 1y): the old token's lifetime (388d)."},
		{"expired at its creation", []string{"api-token", "born-expired"},
			"which expires 2027-02-21 12:00 UTC (in 3mo): 90d, as the old token had no lifetime to copy (it expired 2026-10-14 12:00 UTC, not after it was made, 2026-11-23 12:00 UTC)."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCommand(append([]string{"rotate"}, tt.args...)...)
			r.expect(t, exitOK, tt.want)
			if strings.Contains(r.stderr, "had no expiry") {
				t.Fatalf("says the old token had no expiry:\n%s", r.stderr)
			}
		})
	}
}

// TestRotateUnknownNameExit2 (issue 19, item 9): a name that matches no
// token is exit 2, as rotate --help says, and nothing is written.
func TestRotateUnknownNameExit2(t *testing.T) {
	srv := fixClock(t)
	writes := recordWrites(t, srv, inmem.AdminPAT, nil)
	for _, args := range [][]string{
		{"rotate", "pat", "no such description"},
		{"rotate", "pat", "999"},
		{"rotate", "sa-token", "no such token"},
		{"rotate", "sa-token", "x", "--account", "nobody"},
		{"rotate", "api-token", "no-such-token"},
	} {
		r := runCommand(args...)
		r.expect(t, exitUsage, "nothing was rotated")
		if r.stdout != "" {
			t.Fatalf("%v: stdout %q", args, r.stdout)
		}
	}
	if w := writes(); len(w) != 0 {
		t.Fatalf("writes %v", w)
	}
}

// TestRotateDeleteFirstOwnPAT (issue 19, item 9): at the cap of 10 PATs,
// --retire delete-first of the PAT the command signs in with is refused
// before anything is written (the create after the delete would be
// refused); of a PAT it cannot be signing in with (an expired one), it goes
// ahead.
func TestRotateDeleteFirstOwnPAT(t *testing.T) {
	var now atomic.Pointer[time.Time]
	start := fixedNow
	now.Store(&start)
	old := clock
	clock = func() time.Time { return *now.Load() }
	t.Cleanup(func() { clock = old })
	srv := inmem.New(inmem.WithClock(clock))
	writes := recordWrites(t, srv, inmem.EditorPAT, nil)
	c, _ := api.New(getenv(t, "UNLEASH_URL"), inmem.EditorPAT)
	for i := range api.PATLimit - 1 { // the editor's nine others, which expire tomorrow
		if _, err := c.CreatePAT(t.Context(), api.CreatePAT{Description: fmt.Sprintf("short %d", i), ExpiresAt: fixedNow.Add(24 * time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	later := fixedNow.Add(48 * time.Hour)
	now.Store(&later)
	before := len(writes())

	r := runCommand("rotate", "pat", "editor access", "--retire", "delete-first")
	r.expect(t, exitUsage, `--retire delete-first: PAT `, `"editor access" is the token this command signs in with`, "Nothing was written.")
	if w := writes()[before:]; len(w) != 0 {
		t.Fatalf("writes %v", w)
	}
	if r.stdout != "" {
		t.Fatalf("stdout %q", r.stdout)
	}
	pats, err := c.ListPATs(t.Context())
	if err != nil || len(pats) != api.PATLimit {
		t.Fatalf("%d PATs after a refused rotation (%v)", len(pats), err)
	}

	// An expired PAT is not the one it signs in with: deleted first, replaced.
	r = runCommand("rotate", "pat", "short 0", "--retire", "delete-first")
	r.expect(t, exitOK, "Deleted PAT ", "first, to make room")
	if !patSecretLine.MatchString(r.stdout) {
		t.Fatalf("stdout %q", r.stdout)
	}
}

// TestRotateDeleteFirstMaybeOwnPAT: at the cap, delete-first of a PAT the
// command may be signing in with (a server never says which) is warned of
// by name before anything is written, and goes ahead as asked.
func TestRotateDeleteFirstMaybeOwnPAT(t *testing.T) {
	srv := fixClock(t)
	serve(t, srv, inmem.AdminPAT)
	c, _ := api.New(getenv(t, "UNLEASH_URL"), inmem.AdminPAT)
	for i := 0; ; i++ {
		pats, err := c.ListPATs(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if len(pats) >= api.PATLimit {
			break
		}
		if _, err := c.CreatePAT(t.Context(), api.CreatePAT{Description: fmt.Sprintf("filler %d", i), ExpiresAt: fixedNow.Add(30 * 24 * time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	r := runCommand("rotate", "pat", "grafana dashboards", "--retire", "delete-first")
	r.expect(t, exitOK, `warning: PAT `, `"grafana dashboards" may be the token this command signs in with (the server does not say which of its user's `,
		"if it is, the create after its delete will be refused.", "first, to make room")
	if strings.Index(r.stderr, "may be the token") > strings.Index(r.stderr, "delete first:") {
		t.Fatalf("the warning comes after the delete:\n%s", r.stderr)
	}
}
