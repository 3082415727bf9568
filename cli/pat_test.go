package cli

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/inmem"
)

// useServer points the commands at a server by the environment, as a user's
// shell would, with no config file.
func useServer(t *testing.T, url string, token api.Secret) {
	t.Setenv("UNLEASH_TOKENS_CONFIG", "")
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("UNLEASH_URL", url)
	t.Setenv("UNLEASH_API_TOKEN", token.Reveal())
}

type result struct {
	code           int
	stdout, stderr string
}

func runCommand(args ...string) result {
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	recordOutput(args, out.String(), errOut.String())
	return result{code, out.String(), errOut.String()}
}

func (r result) expect(t *testing.T, code int, stderrParts ...string) {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, code, r.stdout, r.stderr)
	}
	for _, p := range stderrParts {
		if !strings.Contains(r.stderr, p) {
			t.Fatalf("stderr lacks %q:\n%s", p, r.stderr)
		}
	}
}

var patSecretLine = regexp.MustCompile(`^user:([0-9a-f]{56}|v2_[A-Za-z0-9_-]{22}_[A-Za-z0-9_-]{43})\n$`) // v1, or v2 with secure PATs

func TestPATCreateUseDelete(t *testing.T) {
	_, ts := inmem.NewTestServer()
	defer ts.Close()
	useServer(t, ts.URL, inmem.AdminPAT)

	r := runCommand("pat", "create", "--description", "ci deploy", "--expires", "30d")
	r.expect(t, exitOK, `Created PAT "ci deploy" (id `, "(in 30d). The secret is on standard output and will not be shown again.")
	if !patSecretLine.MatchString(r.stdout) {
		t.Fatalf("stdout must be the secret alone, got %q", r.stdout)
	}
	secret := api.Secret(strings.TrimSpace(r.stdout))
	if strings.Contains(r.stderr, secret.Reveal()) {
		t.Fatal("the secret is on stderr")
	}
	client, _ := api.New(ts.URL, secret)
	if me, err := client.Me(context.Background()); err != nil || me.Username != "admin" {
		t.Fatalf("the new secret does not work: %v %+v", err, me)
	}

	list := runCommand("pat", "list")
	list.expect(t, exitOK)
	line := regexp.MustCompile(`(?m)^pat\s+(\d+)\s+ci deploy\s+my PATs\s+in 30d\s+just now\s+ok$`).FindStringSubmatch(list.stdout)
	if line == nil {
		t.Fatalf("pat list lacks the new PAT:\n%s", list.stdout)
	}
	if !strings.HasPrefix(list.stdout, "KIND  ID  NAME") || strings.Contains(list.stdout, "user:") {
		t.Fatalf("pat list:\n%s", list.stdout)
	}

	runCommand("pat", "delete", line[1]).expect(t, exitOK, `Deleted PAT `+line[1]+` "ci deploy".`)
	runCommand("pat", "delete", line[1]).expect(t, exitError, "you have no PAT with id "+line[1]+": nothing was deleted")
	if _, err := client.Me(context.Background()); api.KindOf(err) != api.KindUnauthenticated {
		t.Fatalf("the deleted secret still works: %v", err)
	}
}

func TestPATCommandErrors(t *testing.T) {
	_, ts := inmem.NewTestServer()
	defer ts.Close()
	tests := []struct {
		name   string
		token  api.Secret
		args   []string
		code   int
		stderr string
	}{
		{"no subcommand", inmem.AdminPAT, []string{"pat"}, exitUsage, "unleash-tokens pat create --description D"},
		{"no subcommand, said last", inmem.AdminPAT, []string{"pat"}, exitUsage, "\nunleash-tokens: pat needs a command: use pat list, pat create or pat delete\n"},
		{"unknown subcommand", inmem.AdminPAT, []string{"pat", "rotate"}, exitUsage, `unknown command "pat rotate": use pat list, pat create or pat delete`},
		{"no description", inmem.AdminPAT, []string{"pat", "create"}, exitUsage, `a description is required, e.g. --description "ci deploy"`},
		{"blank description", inmem.AdminPAT, []string{"pat", "create", "--description", "   "}, exitUsage, "a description is required"},
		{"positional description", inmem.AdminPAT, []string{"pat", "create", "ci"}, exitUsage, `unexpected argument "ci": give the description with --description`},
		{"ambiguous months", inmem.AdminPAT, []string{"pat", "create", "--description", "x", "--expires", "1m"}, exitUsage, `--expires: "1m" is ambiguous: write mo for months (1mo) or d for days (30d)`},
		{"past date", inmem.AdminPAT, []string{"pat", "create", "--description", "x", "--expires", "2020-01-01"}, exitUsage, "2020-01-01 23:59 UTC is in the past; an expiry must be in the future"},
		{"impossible date", inmem.AdminPAT, []string{"pat", "create", "--description", "x", "--expires", "2027-02-30"}, exitUsage, `"2027-02-30" is not a real date and time`},
		{"duplicate description", inmem.AdminPAT, []string{"pat", "create", "--description", "ci deploy pipeline"}, exitError, `you already have a PAT described "ci deploy pipeline": choose another description`},
		{"wrong token", "user:wrong", []string{"pat", "list"}, exitError, "Check the token: it may be mistyped, expired or deleted."},
		{"admin API token has no PATs", inmem.AdminAPIToken, []string{"pat", "create", "--description", "x"}, exitError, "HTTP 403"},
		{"viewer cannot delete someone else's", inmem.ViewerPAT, []string{"pat", "delete", "1"}, exitError, "you have no PAT with id 1: nothing was deleted"},
		{"delete needs a number", inmem.AdminPAT, []string{"pat", "delete", "ci"}, exitUsage, "pat delete takes one PAT id, a number such as 12"},
		{"delete needs one id", inmem.AdminPAT, []string{"pat", "delete"}, exitUsage, "pat delete takes one PAT id"},
		{"flags after the id", inmem.AdminPAT, []string{"pat", "delete", "999", "--timeout", "5s"}, exitError, "you have no PAT with id 999"},
		{"list takes no argument", inmem.AdminPAT, []string{"pat", "list", "all"}, exitUsage, `unexpected argument "all": pat list takes none`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			useServer(t, ts.URL, tt.token)
			r := runCommand(tt.args...)
			r.expect(t, tt.code, tt.stderr)
			if len(tt.args) > 1 && tt.args[1] != "list" && r.stdout != "" {
				t.Fatalf("stdout %q on failure", r.stdout)
			}
			if strings.Contains(r.stderr, tt.token.Reveal()) {
				t.Fatal("the token is on stderr")
			}
		})
	}
}

func TestPATCreateAtTheCap(t *testing.T) {
	_, ts := inmem.NewTestServer()
	defer ts.Close()
	useServer(t, ts.URL, inmem.AdminPAT) // the seed gives admin 8
	runCommand("pat", "create", "--description", "ninth").expect(t, exitOK)
	runCommand("pat", "create", "--description", "tenth").expect(t, exitOK)
	r := runCommand("pat", "create", "--description", "eleventh")
	r.expect(t, exitError, "Too many PATs (10) already exist for this user.", "Unleash allows 10 PATs per user: delete one first")
}

func TestPATCreateNeverWarns(t *testing.T) {
	_, ts := inmem.NewTestServer()
	defer ts.Close()
	useServer(t, ts.URL, inmem.AdminPAT)
	r := runCommand("pat", "create", "--description", "forever", "--expires", "never")
	r.expect(t, exitOK, "warning: this token will never expire; an expiry is recommended", `Created PAT "forever"`, "never expires.")
}

// A create whose answer is lost is never retried; the list says whether it
// happened.
func TestPATCreateTimeout(t *testing.T) {
	for _, created := range []bool{true, false} {
		srv := inmem.New()
		var posts atomic.Int32
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost {
				posts.Add(1)
				if created {
					srv.ServeHTTP(httptest.NewRecorder(), r)
				}
				time.Sleep(400 * time.Millisecond)
				return
			}
			srv.ServeHTTP(w, r)
		}))
		useServer(t, ts.URL, inmem.AdminPAT)
		r := runCommand("pat", "create", "--description", "slow", "--timeout", "150ms")
		if created {
			r.expect(t, exitError, "create a PAT: no answer from 127.0.0.1:", "within 150ms",
				`no answer in time, but PAT "slow" (id `, `) now exists. Its secret is lost: delete it with "unleash-tokens pat delete `)
		} else {
			r.expect(t, exitError, `no answer in time, and no PAT "slow" exists: nothing was created. It is safe to try again.`)
		}
		if n := posts.Load(); n != 1 || r.stdout != "" {
			t.Fatalf("%d POSTs, stdout %q", n, r.stdout)
		}
		ts.Close()
	}
}

// The server answers 200 to a delete it did not carry out; the command looks.
func TestPATDeleteThatTheServerIgnores(t *testing.T) {
	srv := inmem.New()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodDelete {
			w.WriteHeader(http.StatusOK)
			return
		}
		srv.ServeHTTP(w, r)
	}))
	defer ts.Close()
	useServer(t, ts.URL, inmem.AdminPAT)
	r := runCommand("pat", "delete", "1")
	r.expect(t, exitError, "the server answered OK, but PAT 1 ", "is still listed: it was not deleted.")
}

// pat list --demo lists the demo data's PATs, as audit --demo audits them:
// no server, no configuration read.
func TestPATListDemo(t *testing.T) {
	t.Setenv("UNLEASH_TOKENS_CONFIG", "/nonexistent/config.json")
	t.Setenv("UNLEASH_URL", "")
	t.Setenv("UNLEASH_API_TOKEN", "")
	r := runCommand("pat", "list", "--demo")
	r.expect(t, exitOK)
	for _, want := range []string{"KIND  ID  NAME", "ci deploy pipeline", "release bot", "no expiry"} {
		if !strings.Contains(r.stdout, want) {
			t.Fatalf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	runCommand("pat", "list", "--demo", "--stale", "nope").expect(t, exitUsage, "--stale")
}
