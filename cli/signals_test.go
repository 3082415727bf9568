//go:build linux

package cli

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestFatalSignalsGiveTheTerminalBack kills the real binary in tmux with
// each signal that ends it and checks what is left: the normal screen, a
// visible cursor, cooked mode, no goroutine dump, and how it ended: killed
// by SIGHUP, SIGINT or SIGTERM itself (a shell shows 129, 130, 143), exit
// code 131 for SIGQUIT. Perl (essential on Debian) tells a death by signal
// from an exit code; without it, sh's $? is checked.
func TestFatalSignalsGiveTheTerminalBack(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	waiter := ""
	if perl, err := exec.LookPath("perl"); err == nil {
		script := filepath.Join(t.TempDir(), "wait.pl")
		body := `system(@ARGV); printf("exit=%d signal=%d\n", $? >> 8, $? & 127); sleep 60;`
		if err := os.WriteFile(script, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		waiter = "exec " + perl + " " + script + " " + bin + " --demo"
	}
	for _, tt := range []struct {
		sig  syscall.Signal
		code int // the exit code; 0: killed by the signal
	}{{syscall.SIGHUP, 0}, {syscall.SIGINT, 0}, {syscall.SIGQUIT, 131}, {syscall.SIGTERM, 0}} {
		t.Run(tt.sig.String(), func(t *testing.T) {
			cmd, want := waiter, fmt.Sprintf("exit=%d signal=0", tt.code)
			switch {
			case waiter == "":
				cmd, want = "exec sh -c '"+bin+" --demo; echo exit=$?; exec sleep 60'", fmt.Sprintf("exit=%d", 128+int(tt.sig))
			case tt.code == 0:
				want = fmt.Sprintf("exit=0 signal=%d", int(tt.sig))
			}
			tm := startTmux(t, cmd, 100, 30, "NO_COLOR=1")
			tm.waitFor("ci deploy pipeline")
			tm.expectTerminal(true)
			tm.send("C-z") // no job control under sh -c: nothing could resume it, so ctrl+z does nothing
			tm.send("2")
			tm.waitFor("CI runner")
			tm.expectTerminal(true)

			if err := syscall.Kill(tm.appPID(), tt.sig); err != nil {
				t.Fatal(err)
			}
			screen := tm.waitFor(want)
			tm.expectTerminal(false)
			if strings.Contains(screen, "goroutine") || strings.Contains(screen, "SIGQUIT") {
				t.Fatalf("a goroutine dump:\n%s", screen)
			}
		})
	}
}

// TestSuspendAndResume: in a shell with job control, ctrl+z and kill -TSTP
// each give the terminal back while the app is stopped, and fg brings it
// back in raw mode on the alternate screen, repainted and taking keys.
func TestSuspendAndResume(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	// dash: it leaves the terminal as the app left it (bash would restore its
	// own modes, hiding a fault), and its prompt reads in cooked mode.
	dash, err := exec.LookPath("dash")
	if err != nil {
		t.Skip("needs dash, the shell that does not repair the terminal")
	}
	bin := buildBinary(t)
	tm := startTmux(t, dash+" -i", 100, 30, "NO_COLOR=1", "ENV=", "PS1=$ ")
	tm.send(bin+" --demo", "Enter")
	tm.waitFor("ci deploy pipeline")
	tm.expectTerminal(true)
	pid := tm.appPID()

	for i, stop := range []func(){
		func() { tm.send("C-z") },
		func() {
			if err := syscall.Kill(pid, syscall.SIGTSTP); err != nil {
				t.Fatal(err)
			}
		},
	} {
		stop()
		tm.waitDisplay("#{alternate_on}", "0")
		for deadline := time.Now().Add(10 * time.Second); strings.Count(tm.screen(), "Stopped") != i+1; time.Sleep(50 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("the shell never said the app stopped (%d times):\n%s", i+1, tm.screen())
			}
		}
		if state := processState(t, pid); state != "T" {
			t.Fatalf("the app is %q, not stopped", state)
		}
		tm.expectTerminal(false)

		tm.send("fg", "Enter")
		tm.waitDisplay("#{alternate_on}", "1")
		tm.waitFor("Personal access tokens", "ci deploy pipeline") // repainted
		tm.expectTerminal(true)
		tm.send("2") // and taking keys
		tm.waitFor("CI runner")
		tm.send("1")
		tm.waitFor("ci deploy pipeline")
	}
	tm.send("q")
	for deadline := time.Now().Add(10 * time.Second); processState(t, pid) != ""; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the app did not quit")
		}
	}
	tm.send("echo exit=$?", "Enter") // only now: keys typed while the app is ending go to it
	tm.waitFor("exit=0")
	tm.expectTerminal(false)
}

// display is a tmux format's value for the pane: #{alternate_on} …
func (tm *tmux) display(format string) string {
	out, err := exec.Command("tmux", "-L", tm.socket, "display-message", "-p", "-t", "ui", format).Output()
	if err != nil {
		tm.t.Fatalf("display-message %s: %v", format, err)
	}
	return strings.TrimSpace(string(out))
}

// waitDisplay polls a format until it has the value, for up to 10 s.
func (tm *tmux) waitDisplay(format, want string) {
	tm.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for tm.display(format) != want {
		if time.Now().After(deadline) {
			tm.t.Fatalf("%s stayed %q, want %q:\n%s", format, tm.display(format), want, tm.screen())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// expectTerminal checks the pane: the app's state (alternate screen, hidden
// cursor, raw mode) or the shell's (normal screen, cursor shown, cooked).
func (tm *tmux) expectTerminal(app bool) {
	tm.t.Helper()
	alt, cursor := tm.display("#{alternate_on}"), tm.display("#{cursor_flag}")
	out, err := exec.Command("stty", "-F", tm.display("#{pane_tty}"), "-a").Output()
	if err != nil {
		tm.t.Fatalf("stty: %v", err)
	}
	flags := map[string]bool{}
	for _, f := range strings.FieldsFunc(string(out), func(r rune) bool { return r == ' ' || r == '\n' || r == ';' }) {
		flags[f] = true
	}
	raw := flags["-icanon"] && flags["-echo"] && flags["-isig"]
	cooked := flags["icanon"] && flags["echo"] && flags["isig"]
	if app && (alt != "1" || cursor != "0" || !raw) || !app && (alt != "0" || cursor != "1" || !cooked) {
		tm.t.Fatalf("terminal: alternate screen %s, cursor shown %s, stty:\n%s\nscreen:\n%s", alt, cursor, out, tm.screen())
	}
}

// appPID is the pid of the pane shell's one child, the app.
func (tm *tmux) appPID() int {
	tm.t.Helper()
	shell := tm.display("#{pane_pid}")
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid …: comm may hold spaces, so read after the last ')'.
		fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
		if len(fields) > 1 && fields[1] == shell {
			return pid
		}
	}
	tm.t.Fatalf("no child of the pane's shell %s", shell)
	return 0
}

// processState is the state letter of /proc/pid/stat: R, S, T (stopped) …,
// or "" once the process is gone.
func processState(t *testing.T, pid int) string {
	t.Helper()
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if os.IsNotExist(err) {
		return ""
	}
	if err != nil {
		t.Fatal(err)
	}
	return strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))[0]
}
