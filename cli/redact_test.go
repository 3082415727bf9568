package cli

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/inmem"
)

// TestKnownSecretsRedactedEverywhere: tokens named with secrets the app
// knows — the admin API token the server lists in full (a hand-made secret,
// not hex), the PAT the app signs in with, cut and upper-cased, and a part of
// another token's v1 secret — show none of them in any command's output: the
// audit in every format, prune, rotate, pat list (as a table and as JSON, which writes
// the name as sent) and create, and errors.
func TestKnownSecretsRedactedEverywhere(t *testing.T) {
	srv := fixClock(t)
	serve(t, srv, inmem.AdminPAT)
	c, err := api.New(getenv(t, "UNLEASH_URL"), inmem.AdminPAT)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	soon := fixedNow.Add(10 * 24 * time.Hour)
	victim, err := c.CreateAPIToken(ctx, api.CreateAPIToken{Name: "victim", Type: api.TypeBackend, Environment: "development", Projects: []string{"*"}, ExpiresAt: &soon})
	if err != nil {
		t.Fatal(err)
	}
	victimBody := api.SecretBody(string(victim.Credential.Bytes()))
	ownBody := api.SecretBody(inmem.AdminPAT)
	names := []string{
		"leak-admin " + inmem.AdminAPIToken,
		"own " + inmem.AdminPAT,
		"own cut " + strings.ToUpper(ownBody[3:40]),
		"v1 part " + victimBody[5:30] + " end",
	}
	for _, n := range names {
		if _, err := c.CreateAPIToken(ctx, api.CreateAPIToken{Name: n, Type: api.TypeBackend, Environment: "development", Projects: []string{"*"}, ExpiresAt: &soon}); err != nil {
			t.Fatal(err)
		}
	}
	later := fixedNow.Add(40 * 24 * time.Hour) // every token above has expired: prune lists them
	cases := []struct {
		name  string
		late  bool
		args  []string
		code  int
		where string // a redacted name the output must hold
	}{
		{"audit table", false, []string{"audit", "--all"}, exitFindings, "leak-admin [redacted]"},
		{"audit json", false, []string{"audit", "--all", "--format", "json"}, exitFindings, "own user:[redacted]"},
		{"audit csv", false, []string{"audit", "--all", "--format", "csv"}, exitFindings, "v1 part [redacted] end"},
		{"audit openmetrics", false, []string{"audit", "--format", "openmetrics"}, exitFindings, "own cut [redacted]"},
		{"prune table", true, []string{"prune"}, exitOK, "leak-admin [redacted]"},
		{"prune json", true, []string{"prune", "--format", "json"}, exitOK, "own user:[redacted]"},
		{"prune csv", true, []string{"prune", "--format", "csv"}, exitOK, "v1 part [redacted] end"},
		{"rotate", false, []string{"rotate", "api-token", names[3], "--expires", "30d"}, exitOK, "v1 part [redacted] end"},
		{"rotate, no such token (an error)", false, []string{"rotate", "api-token", "no " + inmem.AdminPAT}, -1, "no user:[redacted]"},
		{"pat create", false, []string{"pat", "create", "--description", "pat " + inmem.AdminAPIToken}, exitOK, "pat [redacted]"},
		{"pat list", false, []string{"pat", "list"}, exitOK, "pat [redacted]"},
		{"pat list json", false, []string{"pat", "list", "--format", "json"}, exitOK, "pat [redacted]"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.late {
				old := clock
				clock = func() time.Time { return later }
				defer func() { clock = old }()
			}
			r := runCommand(tc.args...)
			if tc.code >= 0 && r.code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, tc.code, r.stdout, r.stderr)
			}
			out := r.stderr
			if !(len(tc.args) > 1 && tc.args[0] == "pat" && tc.args[1] == "create" || tc.args[0] == "rotate" && r.code == exitOK) {
				out += r.stdout // a create's stdout is its new secret, which no list gave
			}
			if !strings.Contains(out, tc.where) {
				t.Errorf("the output lacks %q:\n%s", tc.where, out)
			}
			for what, body := range map[string]string{"the admin API token": "inmem-admin-api-token", "the app's own PAT": ownBody, "the victim's secret": victimBody} {
				if run := secretRunIn(out, body); run != "" {
					t.Errorf("the output holds %s (%q):\n%s", what, run, out)
				}
			}
		})
	}
}

// secretRunIn is the first run of 8 characters of body (any case) in out,
// or body whole.
func secretRunIn(out, body string) string {
	lo := strings.ToLower(out)
	if strings.Contains(lo, strings.ToLower(body)) {
		return body
	}
	if !strings.ContainsAny(body, "-_") {
		for i := 0; i+8 <= len(body); i++ {
			if strings.Contains(lo, strings.ToLower(body[i:i+8])) {
				return body[i : i+8]
			}
		}
	}
	return ""
}
