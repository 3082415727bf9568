// Package clipboard copies a secret to the user's clipboard: the system
// clipboard first (atotto: xclip, xsel, wl-copy, pbcopy…), then OSC 52 to the
// terminal, which also works over SSH; it says which way went, or why none did.
package clipboard

import (
	"crypto/sha256"
	"errors"
	"io"
	"os"

	atotto "github.com/atotto/clipboard"
	osc52 "github.com/aymanbagabas/go-osc52/v2"
	"github.com/mattn/go-isatty"
)

// Copier puts text on the user's clipboard and says how it went. It runs
// inside a tea.Cmd, never in Update.
type Copier func(text string) CopyResult

// CopyResult says which way a copy went.
type CopyResult struct {
	Via string // "clipboard" or "osc52"; "" when it failed
	Err error
}

// Message is what the status line says about the copy.
func (r CopyResult) Message() string {
	switch r.Via {
	case "clipboard":
		return "Copied to the system clipboard."
	case "osc52":
		return "Sent to your terminal's clipboard (OSC 52). If pasting gives nothing, your terminal ignores OSC 52: select the secret by hand."
	}
	return "Could not copy: " + r.Err.Error() + " Select the secret by hand."
}

// Clearer empties the clipboard if it still holds the secret whose SHA-256
// is sum (copied the way via says), and says what it did.
type Clearer func(sum [32]byte, via string) string

// access is what System uses; tests replace its parts.
type access struct {
	unsupported bool               // no xclip, xsel, wl-copy (atotto decides at start-up)
	native      func(string) error // atotto's WriteAll
	read        func() (string, error)
	terminal    io.Writer // where OSC 52 goes; nil when there is no terminal
	display     bool      // an X or Wayland display is set
}

// System tries the native clipboard (atotto: xclip, xsel, wl-copy,
// pbcopy …), then OSC 52 to the terminal, which also works over SSH.
func System() Copier {
	a := systemAccess()
	return a.copy
}

// SystemClearer clears what System copied: the native clipboard only
// if it still holds the secret (the person may have copied something else
// since), the terminal's by an empty OSC 52, which it cannot read first.
func SystemClearer() Clearer {
	a := systemAccess()
	return a.clear
}

func systemAccess() access {
	a := access{
		unsupported: atotto.Unsupported,
		native:      atotto.WriteAll,
		read:        atotto.ReadAll,
		display:     os.Getenv("DISPLAY") != "" || os.Getenv("WAYLAND_DISPLAY") != "",
	}
	if isatty.IsTerminal(os.Stderr.Fd()) {
		a.terminal = os.Stderr
	}
	return a
}

func (a access) clear(sum [32]byte, via string) string {
	switch via {
	case "clipboard":
		now, err := a.read()
		if err != nil {
			return "Could not read the clipboard to clear it: clear it yourself."
		}
		if sha256.Sum256([]byte(now)) != sum {
			return "The clipboard holds something else now; left as it is."
		}
		if err := a.native(""); err != nil {
			return "Could not clear the clipboard: clear it yourself."
		}
		return "Cleared the secret from the clipboard."
	case "osc52":
		if a.terminal != nil {
			if _, err := osc52.New("").WriteTo(a.terminal); err == nil {
				return "Asked your terminal to clear its clipboard (OSC 52)."
			}
		}
		return "Could not clear the terminal's clipboard: clear it yourself."
	}
	return ""
}

func (a access) copy(text string) CopyResult {
	var why string
	switch {
	case a.unsupported:
		why = "no clipboard tool (install xclip, xsel or wl-clipboard)"
	default:
		err := a.native(text)
		if err == nil {
			return CopyResult{Via: "clipboard"}
		}
		why = "the clipboard tool failed"
		if !a.display {
			why = "no X or Wayland display for the clipboard tool"
		}
	}
	if a.terminal != nil {
		if _, err := osc52.New(text).WriteTo(a.terminal); err == nil {
			return CopyResult{Via: "osc52"}
		}
	}
	return CopyResult{Err: errors.New(why + ", and no terminal to send OSC 52 to.")}
}
