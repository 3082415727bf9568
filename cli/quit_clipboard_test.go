//go:build linux

package cli

import (
	"syscall"
	"testing"
)

// TestQuitClearsTheClipboard: with --clear-clipboard, a secret copied and
// not yet cleared is cleared when the app ends before its time, by the quit
// key or by a signal. In tmux, with no X display, the copy goes to the
// terminal (OSC 52), and so does the clear.
func TestQuitClearsTheClipboard(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	for _, tt := range []struct {
		name string
		end  func(tm *tmux)
		exit string
	}{
		{"q", func(tm *tmux) { tm.send("Enter", "q") }, "exit=0"},
		{"SIGTERM", func(tm *tmux) {
			if err := syscall.Kill(tm.appPID(), syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
		}, "exit=143"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tm := startTmux(t, "exec sh -c '"+bin+" --demo --clear-clipboard 1h; echo exit=$?; exec sleep 60'", 100, 30,
				"NO_COLOR=1", "DISPLAY=", "WAYLAND_DISPLAY=")
			tm.waitFor("ci deploy pipeline")
			tm.send("n")
			tm.waitFor("New personal access token")
			tm.send("quit early", "Enter")
			tm.waitFor("Personal access token created")
			tm.send("c")
			tm.waitFor("It will be cleared from the clipboard in 1h0m0s.")
			tt.end(tm)
			tm.waitFor(tt.exit, "unleash-tokens: Asked your terminal to clear its clipboard (OSC 52).")
		})
	}
}
