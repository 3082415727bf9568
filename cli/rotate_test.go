package cli

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/inmem"
)

var (
	apiSecretLine = regexp.MustCompile(`^[a-z*-]+:[a-z]+\.[0-9a-f]{56}\n$`)
	// apiSecretV2Line is a v2 API token, from a server with secure tokens on.
	apiSecretV2Line = regexp.MustCompile(`^[a-z*-]+:[a-z]+\.v2_[A-Za-z0-9_-]{22}_[A-Za-z0-9_-]{43}\n$`)
	anySecretLine   = regexp.MustCompile(`^(user:[0-9a-f]{56}|[a-z*-]+:[a-z]+\.[0-9a-f]{56})\n$`)
)

// recordWrites serves srv, recording each request that is not a GET, and
// lets hook answer first.
func recordWrites(t *testing.T, srv *inmem.Server, token api.Secret, hook func(w http.ResponseWriter, r *http.Request) bool) func() []string {
	t.Helper()
	var mu sync.Mutex
	var writes []string
	serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			mu.Lock()
			writes = append(writes, r.Method+" "+strings.SplitN(r.URL.Path, "/api/admin/", 2)[1])
			mu.Unlock()
		}
		if hook != nil && hook(w, r) {
			return
		}
		srv.ServeHTTP(w, r)
	}), token)
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), writes...)
	}
}

func TestRotateCommand(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr []string
		writes []string // patterns of the writes, in order ("POST api-tokens$" …)
	}{
		{"API token, grace by default", []string{"rotate", "api-token", "checkout-api", "--environment", "production"}, exitOK, []string{
			`Rotating API token "checkout-api" (backend, production, project checkout), which never expires.`,
			`create: Created API token "checkout-api" (backend, production, project checkout), which expires 2027-02-21 12:00 UTC (in 3mo): 90d, as the old token had no expiry.`,
			"prove:  The new secret works: it reads the flags as a backend SDK does (GET /api/client/features: 0 flags).",
			`retire: The old API token "checkout-api" (backend, production, project checkout) now expires 2026-11-24 12:00 UTC (in 24h): Unleash refuses it from then on, so nothing has to stay running.`,
			"The new secret is on standard output and will not be shown again."}, []string{"POST api-tokens$", "PUT api-tokens/"}},
		{"frontend token, delete", []string{"rotate", "api-token", "MOBILE-IOS", "--retire", "delete", "--expires", "30d"}, exitOK, []string{
			`(in 30d): as asked.`, "GET /api/frontend: 0 enabled flags", `retire: Deleted the old API token "mobile-ios" (frontend, production, project mobile-app). SDKs still using it lose access within a minute`},
			[]string{"POST api-tokens$", "DELETE api-tokens/"}},
		{"PAT by description, keep by default", []string{"rotate", "pat", "grafana dashboards"}, exitOK, []string{
			`Rotating PAT `, `create: Created PAT `, ` "grafana dashboards (rotated 2026-11-23)", which expires 2027-02-21 12:00 UTC (in 3mo): the old token's lifetime (90d).`,
			"prove:  The new secret works: it signs in as Ada Admin (GET /api/admin/user).", `retire: Kept the old PAT `}, []string{"POST user/tokens$"}},
		{"service-account token by description and account", []string{"rotate", "sa-token", "github actions", "--account", "ci-runner", "--retire", "delete"}, exitOK, []string{
			`of CI runner`, "it signs in as CI runner", "retire: Deleted the old service-account token"}, []string{`POST service-account/\d+/token$`, `DELETE service-account/\d+/token/\d+$`}},
		{"ambiguous name", []string{"rotate", "api-token", "checkout-api"}, exitUsage, []string{
			`"checkout-api" matches 2 API tokens; nothing was rotated. Name one with --environment, --type, --project or --created`,
			"  NAME          TYPE     ENVIRONMENT  PROJECTS          CREATED                   EXPIRES  SELECTOR",
			"  checkout-api  backend  production   project checkout  2025-10-19T12:00:00.000Z  never    -",
			"  checkout-api  backend  development  project checkout  2025-10-19T12:00:00.000Z  never    -"}, nil},
		{"ambiguous narrowed to none", []string{"rotate", "api-token", "checkout-api", "--type", "frontend"}, exitUsage, []string{`no API token matches "checkout-api" with the --environment, --type, --project and --created given: nothing was rotated.`}, nil},
		{"no such PAT", []string{"rotate", "pat", "999"}, exitUsage, []string{`no PAT matches "999": nothing was rotated. (unleash-tokens pat list shows yours)`}, nil},
		{"no such account", []string{"rotate", "sa-token", "x", "--account", "nobody"}, exitUsage, []string{`no service account is named "nobody" or has that id: nothing was rotated`}, nil},
		{"grace for a PAT", []string{"rotate", "pat", "grafana dashboards", "--retire", "grace=24h"}, exitUsage, []string{
			"--retire: a PAT cannot be set to expire later (Unleash has no update for it): retire it with delete or keep"}, nil},
		{"delete-first with room", []string{"rotate", "pat", "grafana dashboards", "--retire", "delete-first"}, exitUsage, []string{
			"--retire delete-first is only for a full set of 10 PATs, and there is room: use --retire delete"}, nil},
		{"bad retire", []string{"rotate", "pat", "1", "--retire", "later"}, exitUsage, []string{`--retire "later": use delete, grace=24h`}, nil},
		{"bad expiry", []string{"rotate", "pat", "1", "--expires", "1m"}, exitUsage, []string{`--expires: "1m" is ambiguous`}, nil},
		{"API flag on a PAT", []string{"rotate", "pat", "1", "--environment", "production"}, exitUsage, []string{"--environment is for rotate api-token"}, nil},
		{"a secret as the argument", []string{"rotate", "api-token", inmem.BackendToken}, exitUsage, []string{"that looks like a token's secret: name the token instead"}, nil},
		{"rotate what", []string{"rotate", "thing", "x"}, exitUsage, []string{`rotate what? "thing": use rotate pat, rotate sa-token or rotate api-token`}, nil},
		{"nothing named", []string{"rotate"}, exitUsage, []string{"rotate what? use rotate pat, rotate sa-token or rotate api-token, and name the token"}, nil},
		{"no token named", []string{"rotate", "pat"}, exitUsage, []string{"rotate pat takes one token: its id, description or name"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := fixClock(t)
			writes := recordWrites(t, srv, inmem.AdminPAT, nil)
			r := runCommand(tt.args...)
			r.expect(t, tt.code, tt.stderr...)
			got := writes()
			ok := len(got) == len(tt.writes)
			for i := 0; ok && i < len(got); i++ {
				ok = regexp.MustCompile("^" + tt.writes[i]).MatchString(got[i])
			}
			if !ok {
				t.Fatalf("writes %v, want %v", got, tt.writes)
			}
			if tt.code != exitOK || len(tt.writes) == 0 {
				if r.stdout != "" {
					t.Fatalf("stdout %q", r.stdout)
				}
				return
			}
			if !anySecretLine.MatchString(r.stdout) {
				t.Fatalf("stdout must be the new secret alone, got %q", r.stdout)
			}
			if strings.Contains(r.stderr, strings.TrimSpace(r.stdout)) {
				t.Fatal("the new secret is on stderr")
			}
		})
	}
}

// The new secret printed works, as what it should be.
func TestRotateCommandSecretWorks(t *testing.T) {
	srv := fixClock(t)
	ts := httptest.NewServer(srv)
	defer ts.Close()
	useServer(t, ts.URL, inmem.AdminPAT)
	r := runCommand("rotate", "api-token", "checkout-api", "--environment", "development", "--retire", "keep")
	r.expect(t, exitOK)
	if !apiSecretLine.MatchString(r.stdout) {
		t.Fatalf("stdout %q", r.stdout)
	}
	c, _ := api.New(ts.URL, api.Secret(strings.TrimSpace(r.stdout)))
	if _, err := c.ClientFeatures(context.Background()); err != nil {
		t.Fatalf("the printed secret does not read the client features: %v", err)
	}
}

func TestRotateCommandAtTheCap(t *testing.T) {
	srv := fixClock(t)
	writes := recordWrites(t, srv, inmem.AdminPAT, nil)
	runCommand("pat", "create", "--description", "ninth").expect(t, exitOK)
	runCommand("pat", "create", "--description", "tenth").expect(t, exitOK)
	before := len(writes())
	r := runCommand("rotate", "pat", "grafana dashboards", "--retire", "delete")
	r.expect(t, exitError, "You have 10 PATs, Unleash's cap: no new one can be made while the old one exists.",
		"Nothing was created. To delete the old token first, run again with --retire delete-first.")
	if len(writes()) != before || r.stdout != "" {
		t.Fatalf("writes %v, stdout %q", writes()[before:], r.stdout)
	}
	r = runCommand("rotate", "pat", "grafana dashboards", "--retire", "delete-first")
	r.expect(t, exitOK, `warning: deleting PAT `, "before its replacement exists: its secret stops working now, and if the new one cannot be made you have neither.",
		"delete first: Deleted PAT ", "first, to make room: its secret no longer works.", "create: Created PAT ")
	if w := writes()[before:]; len(w) != 2 || !strings.HasPrefix(w[0], "DELETE ") || !strings.HasPrefix(w[1], "POST ") {
		t.Fatalf("writes %v", w)
	}
	if !patSecretLine.MatchString(r.stdout) {
		t.Fatalf("stdout %q", r.stdout)
	}
}

// When the proof fails the old token stays, and a secret that the server
// refused is not printed; one that could not be checked is.
func TestRotateCommandProofFails(t *testing.T) {
	for _, tt := range []struct {
		status  int
		printed bool
		stderr  string
	}{
		{401, false, "The new token does not work, so its secret is not printed: delete API token \"checkout-api\""},
		{503, true, "The new secret is on standard output, although it could not be proven: check that it works before you use it, then retire the old token."},
	} {
		t.Run(fmt.Sprint(tt.status), func(t *testing.T) {
			srv := fixClock(t)
			writes := recordWrites(t, srv, inmem.AdminPAT, func(w http.ResponseWriter, r *http.Request) bool {
				if r.URL.Path != "/api/client/features" {
					return false
				}
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(tt.status)
				fmt.Fprint(w, `{"message":"no"}`)
				return true
			})
			r := runCommand("rotate", "api-token", "checkout-api", "--environment", "production", "--retire", "delete")
			r.expect(t, exitError, tt.stderr, "The old token is kept, untouched.")
			if w := writes(); len(w) != 1 {
				t.Fatalf("writes %v: only the create", w)
			}
			if tt.printed != apiSecretLine.MatchString(r.stdout) || !tt.printed && r.stdout != "" {
				t.Fatalf("stdout %q", r.stdout)
			}
		})
	}
}

// A create whose answer is lost (a proxy's 504 after the server made the
// token): nothing deleted, no secret, the re-read says what exists.
func TestRotateCommandCreateAnswerLost(t *testing.T) {
	srv := fixClock(t)
	writes := recordWrites(t, srv, inmem.AdminPAT, func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method != http.MethodPost {
			return false
		}
		srv.ServeHTTP(httptest.NewRecorder(), r)
		w.WriteHeader(http.StatusGatewayTimeout)
		return true
	})
	r := runCommand("rotate", "api-token", "checkout-api", "--environment", "production", "--retire", "delete")
	r.expect(t, exitError, "create: The create's answer was lost (create an API token: the server (or a proxy in front of it) is unavailable (HTTP 504)), "+
		"but API token \"checkout-api\" (backend, production, project checkout) now exists. Its secret is lost: delete it, then rotate again. Nothing was deleted: the old token is kept.")
	if w := writes(); len(w) != 1 || r.stdout != "" {
		t.Fatalf("writes %v, stdout %q", w, r.stdout)
	}
}
