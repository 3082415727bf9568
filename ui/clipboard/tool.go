package clipboard

import (
	"io"
	"os/exec"
	"runtime"
	"strings"
)

// tool is a clipboard program: the command that writes the system clipboard
// from its standard input, and the one that prints it.
type tool struct{ copyArgs, pasteArgs []string }

// findTool picks the program atotto would pick for the usual cases (macOS's
// pbcopy; wl-copy under Wayland, else xclip, else xsel), so that the secret
// can go to it from the caller's bytes: atotto takes a string and copies it
// again. Elsewhere (Windows, Termux, WSL) atotto stays in charge.
func findTool(getenv func(string) string, lookPath func(string) bool) (tool, bool) {
	candidates := []tool{
		{[]string{"xclip", "-in", "-selection", "clipboard"}, []string{"xclip", "-out", "-selection", "clipboard"}},
		{[]string{"xsel", "--input", "--clipboard"}, []string{"xsel", "--output", "--clipboard"}},
	}
	switch {
	case runtime.GOOS == "darwin":
		candidates = []tool{{[]string{"pbcopy"}, []string{"pbpaste"}}}
	case runtime.GOOS == "windows":
		return tool{}, false
	case getenv("WAYLAND_DISPLAY") != "":
		candidates = append([]tool{{[]string{"wl-copy"}, []string{"wl-paste", "--no-newline"}}}, candidates...)
	}
	for _, t := range candidates {
		if lookPath(t.copyArgs[0]) && lookPath(t.pasteArgs[0]) {
			return t, true
		}
	}
	return tool{}, false
}

func lookPath(name string) bool {
	_, err := exec.LookPath(name)
	return err == nil
}

// write runs the copy command with text on its standard input. A
// strings.Reader is written to the pipe as it is (io.Copy uses its WriteTo,
// and a file's WriteString makes no copy).
func (t tool) write(text string) error {
	cmd := exec.Command(t.copyArgs[0], t.copyArgs[1:]...)
	cmd.Stdin = strings.NewReader(text)
	return cmd.Run()
}

// maxClipboardRead is more than any token: a longer clipboard is not ours.
const maxClipboardRead = 4 << 10

// read runs the paste command and returns what it printed, in one buffer
// the caller wipes; past maxClipboardRead bytes it stops reading (that is
// not a token).
func (t tool) read() ([]byte, error) {
	cmd := exec.Command(t.pasteArgs[0], t.pasteArgs[1:]...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	buf := make([]byte, maxClipboardRead+1)
	n, rerr := io.ReadFull(out, buf)
	buf = buf[:n]
	if rerr == nil { // full: there is more
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return buf, nil
	}
	if err := cmd.Wait(); err != nil {
		return buf, err
	}
	return buf, nil
}
