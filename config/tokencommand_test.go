package config

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/audit"
)

// helperEnv makes the test binary act as a token_command (see TestMain).
const helperEnv = "UNLEASH_TOKENS_TEST_HELPER"

const (
	helperToken  = "user:0123456789abcdef0123456789abcdef0123456789abcdef01234567"
	helperLeaked = "user:feedfacefeedfacefeedfacefeedfacefeedfacefeedfacefeedface"
)

// tokenHelper is what the test binary does when run as a token_command.
func tokenHelper(mode string) int {
	switch mode {
	case "print":
		fmt.Println(helperToken)
	case "print-no-newline":
		fmt.Print("  " + helperToken + "  ")
	case "fail":
		fmt.Fprintln(os.Stderr, "gpg: decryption failed: No secret key")
		fmt.Fprintln(os.Stderr, "Error: unleash/prod is not in the password store. Tried "+helperLeaked)
		return 1
	case "fail-echoing-stdout":
		fmt.Println("s3cr3t-partial-output")
		fmt.Fprintln(os.Stderr, "could not finish; printed s3cr3t-partial-output")
		return 3
	case "sleep":
		time.Sleep(time.Minute)
	case "huge":
		line := strings.Repeat("x", 1023) + "\n"
		for range 1024 { // 1 MiB
			fmt.Print(line)
		}
	case "lines":
		fmt.Println(helperToken)
		fmt.Println("second line")
	case "empty":
	case "signal":
		if p, err := os.FindProcess(os.Getpid()); err == nil {
			_ = p.Kill()
		}
		time.Sleep(time.Minute)
	}
	return 0
}

func TestRunTokenCommand(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		mode    string
		timeout time.Duration
		argv    []string
		token   string
		err     string
		code    int
	}{
		{"print", 0, nil, helperToken, "", 0},
		{"print-no-newline", 0, nil, helperToken, "", 0},
		{"fail", 0, nil, "", "token_command config.test exited with status 1; it said: gpg: … failed: No secret key", 1},
		{"fail-echoing-stdout", 0, nil, "", "token_command config.test exited with status 3; it said: could not finish; printed …", 3},
		{"sleep", 200 * time.Millisecond, nil, "", "token_command config.test did not finish within 200ms and was stopped (set token_command_timeout for a slower helper)", -1},
		{"huge", 0, nil, "", "token_command config.test printed more than 16 KiB; it should print only the token", 0},
		{"lines", 0, nil, "", "token_command config.test printed 2 lines; it should print only the token", 0},
		{"empty", 0, nil, "", "token_command config.test printed nothing; it should print the token", 0},
		{"signal", 0, nil, "", "token_command config.test was ended by a signal (signal: killed)", -1},
		{"print", 0, []string{"/nonexistent/unleash-token-helper"}, "", "token_command unleash-token-helper could not run", -1},
		{"print", 0, []string{"unleash-token-helper-not-on-path"}, "", "token_command unleash-token-helper-not-on-path was not found: install it or give its full path", -1},
	}
	for _, tt := range tests {
		t.Run(tt.mode+strings.Join(tt.argv, ""), func(t *testing.T) {
			t.Setenv(helperEnv, tt.mode)
			argv := TokenCommand{self}
			if tt.argv != nil {
				argv = tt.argv
			}
			timeout := tt.timeout
			if timeout == 0 {
				timeout = 2 * time.Minute // a loaded machine starts the helper slowly; only "sleep" tests the limit
			}
			tok, err := RunTokenCommand(context.Background(), argv, timeout, envOf(nil))
			if tt.err == "" {
				if err != nil || tok.Reveal() != tt.token {
					t.Fatalf("got %q, %v", tok.Reveal(), err)
				}
				return
			}
			if err == nil || !strings.HasPrefix(err.Error(), strings.Replace(tt.err, "config.test", filepath.Base(self), 1)) {
				t.Fatalf("error %v\nwant %q", err, tt.err)
			}
			var tce *TokenCommandError
			if !errors.As(err, &tce) || tce.ExitCode != tt.code {
				t.Fatalf("exit code %+v, want %d", tce, tt.code)
			}
			for _, secret := range []string{helperToken, helperLeaked, "s3cr3t"} {
				if strings.Contains(err.Error(), secret) {
					t.Fatalf("the error quotes %q: %v", secret, err)
				}
			}
		})
	}
}

// TestTokenCommandStderrFirstLineLongWordsBlanked: of what a failing helper
// writes to stderr only the first line is shown, beside its exit status,
// with every word of 8 or more characters blanked.
func TestTokenCommandStderrFirstLineLongWordsBlanked(t *testing.T) {
	for _, c := range []struct{ script, want string }{
		{`echo "password hunter2hunter2" >&2; exit 4`, "token_command sh exited with status 4; it said: … …"},
		{`echo "wrong pin: hunter2hunter2 (try again)" >&2; echo "second line hunter3 secret" >&2; exit 5`,
			"token_command sh exited with status 5; it said: wrong pin: … (try again)"},
		{`printf '\n  \n\033[31mkey=abcdefgh\033[0m is bad\n' >&2; exit 6`, "token_command sh exited with status 6; it said: … is bad"},
		{`exit 7`, "token_command sh exited with status 7"},
	} {
		_, err := RunTokenCommand(context.Background(), TokenCommand{"sh", "-c", c.script}, time.Minute, envOf(nil))
		if err == nil || err.Error() != c.want {
			t.Errorf("%s:\n got %v\nwant %s", c.script, err, c.want)
		}
	}
}

// TestTokenCommandTimeoutKillsItsGroup: a helper that times out is killed
// with every process it started (its own process group): none is left.
func TestTokenCommandTimeoutKillsItsGroup(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	mark := fmt.Sprintf("100.%d", time.Now().UnixNano()%1e9) // a sleep of its own to look for
	started := time.Now()
	_, err := RunTokenCommand(context.Background(), TokenCommand{"sh", "-c", "sleep " + mark + " & sleep " + mark}, 500*time.Millisecond, envOf(nil))
	if err == nil || !strings.Contains(err.Error(), "did not finish within 500ms and was stopped") {
		t.Fatalf("error %v", err)
	}
	if took := time.Since(started); took > 5*time.Second {
		t.Errorf("it took %s to stop", took)
	}
	deadline := time.Now().Add(2 * time.Second)
	for {
		left := sleepers(t, mark)
		if left == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d processes of the helper are still running", left)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// sleepers counts the running (not zombie) processes "sleep mark".
func sleepers(t *testing.T, mark string) int {
	t.Helper()
	dirs, err := os.ReadDir("/proc")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range dirs {
		cmdline, err := os.ReadFile(filepath.Join("/proc", d.Name(), "cmdline"))
		if err == nil && strings.Contains(string(cmdline), mark) { // a zombie's cmdline is empty
			n++
		}
	}
	return n
}

func TestTokenCommandForms(t *testing.T) {
	tests := []struct {
		json string
		want []string
		err  string
	}{
		{`["pass", "show", "unleash/prod"]`, []string{"pass", "show", "unleash/prod"}, ""},
		{`["sh", "-c", "pass show x | head -1"]`, []string{"sh", "-c", "pass show x | head -1"}, ""},
		{`"pass show  unleash/prod"`, []string{"pass", "show", "unleash/prod"}, ""},
		{`"op read 'op://vault/unleash/token'"`, nil, `token_command: the string form is split at spaces only, without a shell, and "'" has no meaning there`},
		{`"pass show x | head -1"`, nil, `"|" has no meaning there`},
		{`"get-token $HOME"`, nil, `"$" has no meaning there`},
		{`42`, nil, "token_command: give an array of strings"},
	}
	for _, tt := range tests {
		var c TokenCommand
		err := json.Unmarshal([]byte(tt.json), &c)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: error %v, want %q", tt.json, err, tt.err)
			}
			continue
		}
		if err != nil || strings.Join(c, "\x00") != strings.Join(tt.want, "\x00") {
			t.Errorf("%s: got %q, %v", tt.json, []string(c), err)
		}
	}
}

// TestProfiles: the list a picker shows, read from the file alone; a
// profile resolved on its own, whatever UNLEASH_URL and UNLEASH_API_TOKEN
// say; its token_command run with its own time limit.
func TestProfiles(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	selfJSON, _ := json.Marshal(self)
	cfg := write(t, dir, "config.json", `{
  "default_profile": "prod",
  "profiles": {
    "prod":    {"url": "https://prod.example.com", "token_command": [`+string(selfJSON)+`], "token_command_timeout": "2m"},
    "hangs":   {"url": "https://hangs.example.com", "token_command": [`+string(selfJSON)+`], "token_command_timeout": "300ms"},
    "dev":     {"url": "http://127.0.0.1:4242", "token_env": "DEV_TOKEN"},
    "file":    {"url": "https://file.example.com", "token_file": "~/nope.token"},
    "nourl":   {"token": "user:x"},
    "badurl":  {"url": "prod.example.com", "token": "user:x"},
    "two":     {"url": "https://two.example.com", "token": "user:x", "token_env": "X"},
    "slow":    {"url": "https://slow.example.com", "token_command": ["x"], "token_command_timeout": "soon"}
  },
  "risks": {"stored_in_clear": false, "created_by": false}
}`, 0o600)
	env := envOf(map[string]string{"HOME": dir, "DEV_TOKEN": "user:dev", EnvURL: "https://env.example.com", EnvToken: "user:env"})
	f := Flags{ConfigPath: cfg}

	list, path, err := Profiles(f, env)
	if err != nil || path != cfg {
		t.Fatal(path, err)
	}
	var got []string
	for _, p := range list {
		got = append(got, fmt.Sprintf("%s|%s|%s|%v|%s", p.Name, p.URL, p.TokenSource, p.Default, p.Problem))
	}
	want := []string{
		"badurl|prod.example.com|token in the config file|false|the Unleash URL \"prod.example.com\" needs a scheme and a host, e.g. https://unleash.example.com",
		"dev|http://127.0.0.1:4242|$DEV_TOKEN|false|",
		"file|https://file.example.com|token_file ~/nope.token|false|",
		"hangs|https://hangs.example.com|token_command " + self + "|false|",
		"nourl||token in the config file|false|it has no url",
		"prod|https://prod.example.com|token_command " + self + "|true|",
		"slow|https://slow.example.com|token_command x|false|token_command_timeout \"soon\": give a positive duration such as 30s",
		"two|https://two.example.com|token in the config file and $X|false|sets more than one of token, token_file, token_env, token_command and token_keyring: keep one",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("profiles:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	t.Setenv(helperEnv, "print")
	r, err := ResolveProfile(context.Background(), f, env, "prod")
	if err != nil || r.URL != "https://prod.example.com" || r.Token.Reveal() != helperToken || r.Source != "profile prod (token_command)" {
		t.Fatalf("prod: %+v %v", r, err)
	}
	if r.Checks.Has(audit.StoredInClear) || r.Checks.Creators() || !r.Checks.Has(audit.Orphaned) {
		t.Fatalf("checks %b", r.Checks)
	}
	if r, err := ResolveProfile(context.Background(), f, env, "dev"); err != nil || r.Token.Reveal() != "user:dev" || r.URL != "http://127.0.0.1:4242" {
		t.Fatalf("dev: %+v %v", r, err)
	}
	t.Setenv(helperEnv, "sleep")
	if err := CheckProfile(context.Background(), f, env, "hangs"); err == nil || !strings.Contains(err.Error(), `profile "hangs": token_command `+filepath.Base(self)+` did not finish within 300ms`) {
		t.Fatalf("slow helper: %v", err)
	}
	for name, msg := range map[string]string{
		"file":  "profile \"file\" token_file: " + filepath.Join(dir, "nope.token") + " does not exist",
		"nourl": `profile "nourl" has no url`,
		"other": `profile "other" is not in ` + cfg + `; it has: badurl, dev, file, hangs, nourl, prod, slow, two`,
	} {
		if err := CheckProfile(context.Background(), f, env, name); err == nil || err.Error() != msg {
			t.Errorf("%s: %v, want %q", name, err, msg)
		}
	}
	// The profile named on the command line resolves through Resolve too.
	t.Setenv(helperEnv, "print")
	if r, err := Resolve(Flags{ConfigPath: cfg, Profile: "prod"}, envOf(nil)); err != nil || r.Token.Reveal() != helperToken {
		t.Fatalf("Resolve: %+v %v", r, err)
	}
}

func TestRiskChecks(t *testing.T) {
	dir := t.TempDir()
	env := envOf(map[string]string{EnvURL: "http://x", EnvToken: "user:x"})
	r, err := Resolve(Flags{}, env)
	if err != nil || r.Checks != audit.AllChecks {
		t.Fatalf("default checks %b, %v", r.Checks, err)
	}
	bad := write(t, dir, "bad.json", `{"risks": {"orphans": false}}`, 0o600)
	_, err = Resolve(Flags{ConfigPath: bad}, env)
	if err == nil || err.Error() != "risks.orphans in "+bad+": no such check (known: orphaned, all_projects, no_expiry_in_production, stored_in_clear, duplicate, created_by)" {
		t.Fatalf("got %v", err)
	}
}
