package cli

import (
	"encoding/json"
	"io"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/unleash-tokens/unleash-tokens/inmem"
)

// noConfig runs a test with no config file and no connection in the
// environment.
func noConfig(t *testing.T) {
	t.Helper()
	t.Setenv("UNLEASH_TOKENS_CONFIG", filepath.Join(t.TempDir(), "absent.json"))
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("UNLEASH_URL", "")
	t.Setenv("UNLEASH_API_TOKEN", "")
}

// The flags of unleash-tokens before a command go to the command: the
// command that runs, and the flags it parses.
func TestCommandAfterFlags(t *testing.T) {
	tests := []struct {
		args []string
		want string // the command that runs; "" when the words are not run
	}{
		{[]string{"--profile", "prod", "audit"}, "unleash-tokens audit"},
		{[]string{"--profile=prod", "audit", "--format", "json"}, "unleash-tokens audit"},
		{[]string{"--demo", "--within", "30d", "prune", "--yes"}, "unleash-tokens prune"},
		{[]string{"--profile", "prod", "pat", "delete", "12"}, "unleash-tokens pat delete"},
		{[]string{"--profile", "prod", "pat", "--help"}, "unleash-tokens pat"},
		{[]string{"--profile", "prod", "pat"}, "unleash-tokens pat"},
		{[]string{"--profile", "audit"}, "unleash-tokens"},               // a profile named audit, and no command
		{[]string{"--profile", "prod", "--", "audit"}, "unleash-tokens"}, // after --, an argument
		{[]string{"--format", "json", "audit"}, ""},                      // not a flag of unleash-tokens: misplacedCommand's
		{[]string{"--profile", "prod", "list"}, "unleash-tokens"},        // not a command
		{[]string{"--timeout", "abc", "audit"}, "unleash-tokens audit"},  // a bad value is said as such
		{[]string{"--read-only", "audit"}, "unleash-tokens audit"},       // audit says it does not take it
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			root := newRoot(&app{stdout: io.Discard, stderr: io.Discard})
			got := ""
			if misplacedCommand(root, tt.args) == nil {
				cmd, _, err := root.Find(tt.args)
				if err != nil {
					t.Fatal(err)
				}
				got = cmd.CommandPath()
			}
			if got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFlagsBeforeTheCommand(t *testing.T) {
	_, ts := inmem.NewTestServer()
	t.Cleanup(ts.Close)
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string // exact
	}{
		{"a profile, then audit", []string{"--profile", "prod", "audit", "--format", "json"}, exitFindings, `"complete": true`, ""},
		{"--demo, then audit", []string{"--demo", "--within", "30d", "audit"}, exitFindings, "Audit of demo (in-memory Unleash)", ""},
		{"--demo, then pat list", []string{"--demo", "pat", "list"}, exitOK, "release bot", ""},
		{"a profile, then pat delete", []string{"--profile", "prod", "pat", "delete", "999"}, exitError, "",
			"unleash-tokens: you have no PAT with id 999: nothing was deleted (unleash-tokens pat list shows yours).\n"},
		{"a command's own flag first", []string{"--format", "json", "audit", "--all"}, exitUsage, "",
			"unleash-tokens: put the flags after the command: unleash-tokens audit --format json --all\n"},
		{"pat's words kept together", []string{"--expires", "7d", "pat", "create", "--description", "ci deploy"}, exitUsage, "",
			"unleash-tokens: put the flags after the command: unleash-tokens pat create --expires 7d --description 'ci deploy'\n"},
		{"a flag of the terminal UI alone", []string{"--read-only", "audit"}, exitUsage, "",
			"unleash-tokens: audit does not take --read-only (see unleash-tokens audit --help)\n"},
		{"not a command", []string{"--profile", "prod", "list"}, exitUsage, "",
			"unleash-tokens: unexpected argument \"list\" (see --help)\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fixClock(t)
			profilesConfig(t, map[string]any{"prod": map[string]any{"url": ts.URL, "token": inmem.AdminPAT}})
			r := runCommand(tt.args...)
			if r.code != tt.code || !strings.Contains(r.stdout, tt.stdout) || r.stderr != tt.stderr {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %q\n  want: %q", r.code, tt.code, r.stdout, r.stderr, tt.stderr)
			}
		})
	}
}

// Help that was asked for goes to stdout with exit 0; help shown for a
// usage error goes to stderr with exit 2.
func TestHelpGoesToStdout(t *testing.T) {
	tests := []struct {
		args   []string
		code   int
		stdout string // "" when stdout must be empty
		stderr string // "" when stderr must be empty
	}{
		{[]string{"--help"}, exitOK, "unleash-tokens --demo", ""},
		{[]string{"-h"}, exitOK, "unleash-tokens --demo", ""},
		{[]string{"help"}, exitOK, "Where to connect, first found wins", ""},
		{[]string{"help", "audit"}, exitOK, "Exit codes: 0 nothing found, 1 findings", ""},
		{[]string{"audit", "--help"}, exitOK, "  --all-profiles", ""},
		{[]string{"pat", "--help"}, exitOK, "  create ", ""},
		{[]string{"pat", "help"}, exitOK, "  --demo", ""},
		{[]string{"pat", "create", "--help"}, exitOK, "  --description string", ""},
		{[]string{"pat", "list", "-h"}, exitOK, "  --demo", ""},
		{[]string{"rotate", "--help"}, exitOK, "delete-first  only at Unleash's cap of 10 PATs", ""},
		{[]string{"prune", "--help"}, exitOK, "Deletes the API tokens that the audit finds expired", ""},
		{[]string{"serve-metrics", "--help"}, exitOK, "  --listen string", ""},
		{[]string{"--profile", "prod", "audit", "--help"}, exitOK, "  --all-profiles", ""},
		{[]string{"pat"}, exitUsage, "", "unleash-tokens pat create --description D"},
		{[]string{"--nope"}, exitUsage, "", "flag provided but not defined: --nope (see unleash-tokens --help)"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			noConfig(t)
			r := runCommand(tt.args...)
			if r.code != tt.code || (tt.stdout == "") != (r.stdout == "") || !strings.Contains(r.stdout, tt.stdout) ||
				(tt.stderr == "") != (r.stderr == "") || !strings.Contains(r.stderr, tt.stderr) {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, tt.code, r.stdout, r.stderr)
			}
		})
	}
}

// There is no flag for a token, and the guesses say why and what to use,
// without repeating what followed them.
func TestNoTokenFlag(t *testing.T) {
	const secret = "user:5d41402abc4b2a76b9719d911017c592"
	why := func(flag string) string {
		return "unleash-tokens: there is no --" + flag + " flag, on purpose: a token on the command line lands in shell history and in ps.\n" +
			"Give it with --token-file FILE, in the UNLEASH_API_TOKEN environment variable, or in a profile of the config file\n" +
			"(token_file, token_env or token_command: unleash-tokens --help shows how)\n"
	}
	tests := []struct {
		args   []string
		stderr string
	}{
		{[]string{"--token", secret}, why("token")},
		{[]string{"--token=" + secret}, why("token")},
		{[]string{"-token", secret}, why("token")},
		{[]string{"--api-token", secret}, why("api-token")},
		{[]string{"audit", "--api_token", secret}, why("api_token")},
		{[]string{"audit", "--API-KEY=" + secret}, why("API-KEY")},
		{[]string{"pat", "list", "--pat", secret}, why("pat")},
		{[]string{"pat", "create", "--description", "x", "--secret", secret}, why("secret")},
		{[]string{"rotate", "api-token", "x", "--access-token", secret}, why("access-token")},
		{[]string{"prune", "--password", secret}, why("password")},
		{[]string{"--profile", "prod", "audit", "--token", secret}, why("token")},
		{[]string{"--format", "json", "--token", secret, "audit"}, why("token")},
		{[]string{"audit", "-" + secret}, "unleash-tokens: flag provided but not defined (it looks like a token, so it is not repeated here) (see unleash-tokens audit --help)\n"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args[:min(2, len(tt.args))], " "), func(t *testing.T) {
			noConfig(t)
			r := runCommand(tt.args...)
			if r.code != exitUsage || r.stderr != tt.stderr || r.stdout != "" {
				t.Fatalf("exit %d\nstdout: %s\nstderr: %q\n  want: %q", r.code, r.stdout, r.stderr, tt.stderr)
			}
			if strings.Contains(r.stderr, secret[5:]) {
				t.Fatal("the secret is repeated")
			}
		})
	}
}

// --demo works on every pat command, as pat --help says.
func TestPATDemoEveryCommand(t *testing.T) {
	tests := []struct {
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{[]string{"pat", "list", "--demo"}, exitOK, "release bot", ""},
		{[]string{"pat", "create", "--demo", "--description", "ci deploy", "--expires", "7d"}, exitOK, "user:", `Created PAT "ci deploy" (id `},
		{[]string{"pat", "delete", "--demo", "5"}, exitOK, "", `Deleted PAT 5 "laptop terraform".`},
		{[]string{"pat", "delete", "--demo", "999"}, exitError, "", "you have no PAT with id 999"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			noConfig(t)
			r := runCommand(tt.args...)
			r.expect(t, tt.code, tt.stderr)
			if !strings.Contains(r.stdout, tt.stdout) {
				t.Fatalf("stdout: %s", r.stdout)
			}
		})
	}
	for _, cmd := range []string{"list", "create", "delete"} {
		if r := runCommand("pat", cmd, "--help"); !regexp.MustCompile(`\n +--demo +use built-in demo data`).MatchString(r.stdout) {
			t.Fatalf("pat %s --help lists no --demo:\n%s", cmd, r.stdout)
		}
	}
}

// A bad value for a flag says what to give, for every flag that takes a
// duration, a number of days, an address or a boolean.
func TestFlagValueMessages(t *testing.T) {
	tests := []struct {
		args   []string
		stderr string // exact
	}{
		{[]string{"--timeout", "abc"}, `--timeout "abc": give a duration such as 10s or 2m`},
		{[]string{"--demo", "--timeout", "0"}, `--timeout 0s: give a positive duration such as 15s`},
		{[]string{"audit", "--timeout", "abc"}, `--timeout "abc": give a duration such as 10s or 2m`},
		{[]string{"audit", "--demo", "--timeout", "-1s"}, `--timeout -1s: give a positive duration such as 15s`},
		{[]string{"pat", "list", "--timeout", "5"}, `--timeout "5": give a duration such as 10s or 2m`},
		{[]string{"prune", "--timeout=1d"}, `--timeout "1d": give a duration such as 10s or 2m`},
		{[]string{"rotate", "pat", "1", "--timeout", "soon"}, `--timeout "soon": give a duration such as 10s or 2m`},
		{[]string{"serve-metrics", "--timeout", "x"}, `--timeout "x": give a duration such as 10s or 2m`},
		{[]string{"--clear-clipboard", "abc"}, `--clear-clipboard "abc": give a duration such as 10s or 2m`},
		{[]string{"--clear-clipboard", "-5s"}, `--clear-clipboard -5s: give a positive duration such as 30s, or leave it out`},
		{[]string{"serve-metrics", "--every", "often"}, `--every "often": give a duration such as 10s or 2m`},
		{[]string{"serve-metrics", "--demo", "--every", "5s"}, `--every 5s: give 30s or longer (one audit at most every 30s)`},
		{[]string{"serve-metrics", "--demo", "--listen", "abc"}, `--listen "abc": give a host and a port such as 127.0.0.1:9810 (or :9810 for every address)`},
		{[]string{"serve-metrics", "--demo", "--listen", "127.0.0.1:99999"}, `--listen "127.0.0.1:99999": give a host and a port such as 127.0.0.1:9810 (or :9810 for every address)`},
		{[]string{"audit", "--demo=maybe"}, `--demo="maybe": give true or false, or only --demo`},
		{[]string{"audit", "--demo", "--within", "abc"}, `--within: "abc" is not a length of time: use 12h, 7d, 2w, 3mo or 1y`},
		{[]string{"audit", "--demo", "--stale", "-3d"}, `--stale: "-3d" is not a length of time: use 12h, 7d, 2w, 3mo or 1y`},
		{[]string{"prune", "--demo", "--expired-for", "abc"}, `--expired-for: "abc" is not a length of time: use 12h, 7d, 2w, 3mo or 1y`},
		{[]string{"rotate", "api-token", "x", "--retire", "grace=abc"}, `--retire grace period: "abc" is not a length of time: use 12h, 7d, 2w, 3mo or 1y`},
		{[]string{"audit", "--timeout"}, `flag needs an argument: --timeout (see unleash-tokens audit --help)`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			noConfig(t)
			r := runCommand(tt.args...)
			if r.code != exitUsage || r.stderr != "unleash-tokens: "+tt.stderr+"\n" {
				t.Fatalf("exit %d\nstderr: %q\n  want: %q", r.code, r.stderr, "unleash-tokens: "+tt.stderr+"\n")
			}
		})
	}
}

// audit --demo --all-profiles audits the demo's instances, the ones the
// terminal UI's P lists.
func TestAuditDemoAllProfiles(t *testing.T) {
	var names []string
	for _, p := range demoOptions().Profiles {
		names = append(names, p.Name)
	}
	if want := []string{"demo", "demo-open-source"}; !reflect.DeepEqual(names, want) {
		t.Fatalf("the demo's instances are %q, the README says %q", names, want)
	}
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"audit", "--demo", "--all-profiles"}, []string{"Audit of 2 instances", "Audit of demo (demo (in-memory Unleash))", "Audit of demo-open-source (demo (in-memory Unleash, open source))"}},
		{[]string{"audit", "--all-profiles", "--demo", "--format", "csv"}, []string{"instance,kind,id", "\ndemo,", "\ndemo-open-source,"}},
		{[]string{"--demo", "audit", "--all-profiles", "--format", "openmetrics"}, []string{`unleash_tokens_audit_success{instance="demo"} 1`, `unleash_tokens_audit_success{instance="demo-open-source"} 1`}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			fixClock(t)
			noConfig(t)
			r := runCommand(tt.args...)
			r.expect(t, exitFindings)
			for _, w := range tt.want {
				if !strings.Contains(r.stdout, w) {
					t.Fatalf("stdout lacks %q:\n%s", w, r.stdout)
				}
			}
		})
	}
	fixClock(t)
	noConfig(t)
	r := runCommand("audit", "--demo", "--all-profiles", "--format", "json", "--within", "30d")
	var report struct {
		Instances []struct {
			Name  string `json:"instance"`
			Error string `json:"error"`
		} `json:"instances"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &report); err != nil || len(report.Instances) != 2 ||
		report.Instances[0].Name != "demo" || report.Instances[1].Name != "demo-open-source" || report.Instances[0].Error+report.Instances[1].Error != "" {
		t.Fatalf("%v: %+v\n%s", err, report, r.stdout)
	}
}

// Every length of time is more than zero, and the flags' help says so.
func TestZeroLengthsOfTime(t *testing.T) {
	tests := []struct {
		args   []string
		stderr string // exact
	}{
		{[]string{"audit", "--demo", "--within", "0"}, `--within: "0" is zero; give a length of time such as 7d`},
		{[]string{"audit", "--demo", "--soon", "0d"}, `--soon: "0d" is zero; give a length of time such as 7d`},
		{[]string{"audit", "--demo", "--stale", "0h"}, `--stale: "0h" is zero; give a length of time such as 7d`},
		{[]string{"prune", "--demo", "--expired-for", "0"}, `--expired-for: "0" is zero; give a length of time such as 7d (leave --expired-for out to take every expired token)`},
		{[]string{"prune", "--demo", "--expired-for", "0d"}, `--expired-for: "0d" is zero; give a length of time such as 7d (leave --expired-for out to take every expired token)`},
		{[]string{"rotate", "api-token", "x", "--retire", "grace=0"}, `--retire grace period: "0" is zero; give a length of time such as 7d`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			noConfig(t)
			r := runCommand(tt.args...)
			if r.code != exitUsage || r.stderr != "unleash-tokens: "+tt.stderr+"\n" {
				t.Fatalf("exit %d\nstderr: %q\n  want: %q", r.code, r.stderr, "unleash-tokens: "+tt.stderr+"\n")
			}
		})
	}
	help := runCommand("prune", "--help").stdout
	for _, flag := range []string{"soon", "within", "stale", "expired-for"} {
		i := strings.Index(help, "  --"+flag+" ")
		if i < 0 || !strings.Contains(strings.SplitN(help[i:], "\n  --", 3)[0], "more than zero") {
			t.Fatalf("--%s's help does not say more than zero:\n%s", flag, help)
		}
	}
}
