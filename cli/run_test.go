package cli

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestCommandLine(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("UNLEASH_TOKENS_CONFIG", filepath.Join(dir, "absent.json"))
	t.Setenv("UNLEASH_URL", "")
	t.Setenv("UNLEASH_API_TOKEN", "")
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"version", []string{"--version"}, exitOK, "unleash-tokens ", ""},
		{"help", []string{"--help"}, exitOK, "unleash-tokens --demo", ""},
		{"unknown flag", []string{"--nope"}, exitUsage, "", "flag provided but not defined: --nope"},
		{"stray argument", []string{"list"}, exitUsage, "", `unexpected argument "list" (see --help)`},
		{"stdout not a terminal", []string{"--demo"}, exitUsage, "", "the terminal UI needs a terminal, and standard output is not one."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tt.args, &stdout, &stderr)
			if code != tt.code || !strings.Contains(stdout.String(), tt.stdout) || !strings.Contains(stderr.String(), tt.stderr) {
				t.Fatalf("code %d, stdout %q, stderr %q", code, stdout.String(), stderr.String())
			}
		})
	}
}

// tmux drives the real binary in a terminal; CI sets UNLEASH_TOKENS_REQUIRE_TMUX.
type tmux struct {
	t      *testing.T
	socket string
}

func startTmux(t *testing.T, cmd string, width, height int, env ...string) *tmux {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("UNLEASH_TOKENS_REQUIRE_TMUX") == "1" {
			t.Fatal("tmux is required (UNLEASH_TOKENS_REQUIRE_TMUX=1) but not installed")
		}
		t.Skip("tmux not installed")
	}
	tm := &tmux{t: t, socket: fmt.Sprintf("ut-%d", time.Now().UnixNano())}
	args := []string{"-L", tm.socket, "-f", "/dev/null", "new-session", "-d", "-s", "ui", "-x", fmt.Sprint(width), "-y", fmt.Sprint(height)}
	for _, e := range env {
		args = append(args, "-e", e)
	}
	args = append(args, cmd)
	if out, err := exec.Command("tmux", args...).CombinedOutput(); err != nil {
		t.Fatalf("tmux: %v: %s", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", tm.socket, "kill-server").Run() })
	return tm
}

// send types keys. Escape goes alone, followed by a pause: a terminal reads
// ESC and the next key sent together as one alt+key.
func (tm *tmux) send(keys ...string) {
	tm.t.Helper()
	for _, k := range keys {
		if out, err := exec.Command("tmux", "-L", tm.socket, "send-keys", "-t", "ui", k).CombinedOutput(); err != nil {
			tm.t.Fatalf("send-keys: %v: %s", err, out)
		}
		if k == "Escape" {
			time.Sleep(150 * time.Millisecond)
		}
	}
}

func (tm *tmux) screen() string {
	out, _ := exec.Command("tmux", "-L", tm.socket, "capture-pane", "-p", "-t", "ui").Output()
	return string(out)
}

// waitFor polls the screen until it shows every text, for up to 10 s.
func (tm *tmux) waitFor(texts ...string) string {
	tm.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		s := tm.screen()
		missing := ""
		for _, x := range texts {
			if !strings.Contains(s, x) {
				missing = x
				break
			}
		}
		if missing == "" {
			return s
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("screen never showed %q:\n%s", missing, s)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (tm *tmux) alive() bool {
	return exec.Command("tmux", "-L", tm.socket, "has-session", "-t", "ui").Run() == nil
}

// waitExit fails the test unless the program ends within five seconds.
func (tm *tmux) waitExit() {
	tm.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for tm.alive() && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if tm.alive() {
		tm.t.Fatal("the program did not quit")
	}
}

func buildBinary(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "unleash-tokens")
	if out, err := exec.Command("go", "build", "-o", bin, "..").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v: %s", err, out)
	}
	return bin
}

func TestDemoInTmux(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	tm := startTmux(t, bin+" --demo", 120, 35, "NO_COLOR=1")
	tm.waitFor("Ada Admin (admin)", "Enterprise 8.2.0", "ci deploy pipeline", "expired 12d ago", "? help")
	tm.send("2")
	tm.waitFor("CI runner", "3 tokens")
	tm.send("Enter")
	tm.waitFor("Service account CI runner (ci-runner) · tokens", "github actions")
	tm.send("Escape", "3")
	tm.waitFor("Growth experiments")
	tm.send("j", "Enter")
	tm.waitFor("Project Checkout · API tokens", "checkout-web")
	tm.send("4")
	tm.waitFor("All API tokens  (16)")
	tm.send("/", "edge", "Enter") // "edge" arrives as one burst of four letters: text, in the field
	screen := tm.waitFor("2 of 16 match", "filter: edge", "edge-proxy", "growth-edge")
	if strings.Contains(screen, "\x1b") {
		t.Fatal("capture holds escape codes")
	}
	tm.send("Tab", "?")
	tm.waitFor("Keys", "closes this help")
	tm.send("Escape")
	tm.waitFor("[expired 5]", "data-warehouse-sync", "29 tokens from 13 lists")
	tm.send("Right", "Right")
	tm.waitFor("≤14d 4 incl. ≤3d]", "checkout-web")
	tm.send("Tab")
	tm.waitFor("ci deploy pipeline")
	tm.send("q")
	tm.waitExit()
}

func TestTinyTerminalInTmux(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	tm := startTmux(t, bin+" --demo", 30, 8)
	tm.waitFor("Terminal too small:", "30×8, needs 40×10.")
	tm.send("q")
	tm.waitExit()
}

func TestMissingConfigMessage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	tm := startTmux(t, bin+"; sleep 30", 100, 20, "UNLEASH_TOKENS_CONFIG=", "UNLEASH_URL=", "UNLEASH_API_TOKEN=", "HOME="+dir, "XDG_CONFIG_HOME="+dir)
	tm.waitFor("no Unleash URL and no token given.", "No config file at "+dir+"/unleash-tokens/config.json.", "unleash-tokens login", "unleash-tokens --demo")
}

func TestDumbTerminalInTmux(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	tm := startTmux(t, "env TERM=dumb "+bin+" --demo; sleep 30", 100, 20)
	tm.waitFor("this terminal (TERM=dumb) cannot draw the terminal UI.", "the commands for scripts: unleash-tokens audit")
}

func TestNoCoreDumps(t *testing.T) {
	noCoreDumps()
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_CORE, &lim); err != nil {
		t.Fatal(err)
	}
	if lim.Cur != 0 || lim.Max != 0 {
		t.Fatalf("core limit %+v", lim)
	}
}

// --version: a stamped release, the module's version (go install …@v1.2.3,
// or the pseudo-version Go 1.24+ makes from the checkout), else "devel" and
// the commit, as go version -m shows a build.
func TestVersionString(t *testing.T) {
	vcs := func(kv ...string) []debug.BuildSetting {
		var out []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			out = append(out, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return out
	}
	const rev = "8a30b99c7d12e4f5a6b7c8d9e0f1a2b3c4d5e6f7"
	tests := []struct {
		name    string
		stamped string
		info    *debug.BuildInfo
		want    string
	}{
		{"-ldflags", "v1.4.0", &debug.BuildInfo{Main: debug.Module{Version: "v1.3.0"}}, "v1.4.0"},
		{"go install @version", "", &debug.BuildInfo{Main: debug.Module{Version: "v1.3.0"}}, "v1.3.0"},
		{"a checkout, Go 1.24+", "", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261123181440-8a30b99c7d12+dirty"}}, "v0.0.0-20261123181440-8a30b99c7d12+dirty"},
		{"a checkout", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs("vcs.revision", rev, "vcs.modified", "false")}, "devel, commit 8a30b99c7d12"},
		{"a changed checkout", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs("vcs.revision", rev, "vcs.modified", "true")}, "devel, commit 8a30b99c7d12-dirty"},
		{"no VCS", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "devel, unknown commit"},
		{"no build info", "", nil, "devel, unknown commit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := versionOf(tt.stamped, tt.info); got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// --version says the build's date (stamped, else the commit's), the Go
// version and the Unleash versions the README promises.
func TestVersionText(t *testing.T) {
	vcs := &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "8a30b99c7d12e4f5a6b7c8d9e0f1a2b3c4d5e6f7"}, {Key: "vcs.time", Value: "2026-11-23T18:14:40Z"}}}
	tests := []struct {
		name, stamped, date string
		info                *debug.BuildInfo
		want                string
	}{
		{"a release", "v1.4.0", "2026-12-01", nil, "unleash-tokens v1.4.0\nbuilt 2026-12-01\ngo1.26.8 linux/amd64\n"},
		{"a checkout", "", "", vcs, "unleash-tokens devel, commit 8a30b99c7d12\ncommitted 2026-11-23T18:14:40Z\ngo1.26.8 linux/amd64\n"},
		{"nothing known", "", "", nil, "unleash-tokens devel, unknown commit\nbuild date unknown\ngo1.26.8 linux/amd64\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := versionTextOf(tt.stamped, tt.date, tt.info, "go1.26.8 linux/amd64")
			if want := tt.want + "for Unleash 5.0 and later, open source and Enterprise\n"; got != want {
				t.Fatalf("got %q, want %q", got, want)
			}
		})
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil || !strings.Contains(string(readme), "Unleash 5.0 and later, open source and Enterprise") {
		t.Fatalf("the README does not say the range --version says (%v)", err)
	}
	r := runCommand("--version")
	if !strings.Contains(r.stdout, runtime.Version()) || !strings.Contains(r.stdout, "for Unleash 5.0 and later") {
		t.Fatalf("--version: %q", r.stdout)
	}
}

// Every --help spells flags with two dashes, as the README does, and none
// ends on an empty "Flags:"; pat list takes --demo.
func TestHelpSpellsFlagsAsTyped(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"pat", "--help"}, {"pat", "list", "--help"}, {"pat", "create", "--help"},
		{"audit", "--help"}, {"rotate", "--help"}, {"prune", "--help"}, {"serve-metrics", "--help"}, {"pat"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			run(args, &stdout, &stderr)
			help := stdout.String()
			if len(args) == 1 && args[0] == "pat" { // a usage error: the usage on stderr
				help = stderr.String()
			}
			if regexp.MustCompile(`(?m)^ +-[a-z]{2,}`).MatchString(help) {
				t.Fatalf("a flag with one dash:\n%s", help)
			}
			if strings.HasSuffix(strings.TrimSpace(help), "Flags:") {
				t.Fatalf("ends with an empty Flags:\n%s", help)
			}
			if len(args) > 1 || args[0] != "pat" {
				if !strings.Contains(help, "  --timeout duration") {
					t.Fatalf("no flags listed:\n%s", help)
				}
			}
		})
	}
	var stdout, stderr bytes.Buffer
	run([]string{"audit", "--nope"}, &stdout, &stderr)
	if !strings.Contains(stderr.String(), "flag provided but not defined: --nope") {
		t.Fatalf("the error spells the flag %q", stderr.String())
	}
}
