// Package clipboard copies a secret to the user's clipboard: the system
// clipboard first (xclip, xsel, wl-copy, pbcopy…), then OSC 52 to the
// terminal, which also works over SSH; it says which way went, or why none did.
// The secret goes from the caller's bytes to the tool or the terminal with no
// copy of it left in memory (see tool.go, osc52.go).
package clipboard

import (
	"crypto/sha256"
	"errors"
	"io"
	"os"
	"unsafe"

	atotto "github.com/atotto/clipboard"
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

// Clearer empties the clipboard if it still holds the secret whose Sum is
// sum (copied the way via says), and says what it did.
type Clearer func(sum [32]byte, via string) string

// Sum is what the app keeps of a copied secret to recognise it on the
// clipboard later: the SHA-256 of b padded with zeros to a whole number of
// 64-byte blocks, which the hash reads where they are (a shorter tail would
// be copied into the hash's own buffer, and stay in memory). The padded
// copy is wiped.
func Sum(b []byte) [32]byte {
	padded := make([]byte, (len(b)/sha256.BlockSize+1)*sha256.BlockSize)
	copy(padded, b)
	sum := sha256.Sum256(padded)
	clear(padded)
	return sum
}

// access is what System uses; tests replace its parts.
type access struct {
	unsupported bool                   // no xclip, xsel, wl-copy (atotto decides at start-up)
	native      func(string) error     // writes the system clipboard
	read        func() ([]byte, error) // reads it, into bytes the caller wipes
	terminal    io.Writer              // where OSC 52 goes; nil when there is no terminal
	display     bool                   // an X or Wayland display is set
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
		read:        func() ([]byte, error) { s, err := atotto.ReadAll(); return []byte(s), err },
		display:     os.Getenv("DISPLAY") != "" || os.Getenv("WAYLAND_DISPLAY") != "",
	}
	if t, ok := findTool(os.Getenv, lookPath); ok {
		// The usual tools are run here, so the secret leaves from the
		// caller's bytes; atotto (which copies it) only does the rest.
		a.unsupported, a.native, a.read = false, t.write, t.read
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
		defer clear(now)
		if err != nil {
			return "Could not read the clipboard to clear it: clear it yourself."
		}
		if Sum(now) != sum {
			return "The clipboard holds something else now; left as it is."
		}
		if err := a.native(""); err != nil {
			return "Could not clear the clipboard: clear it yourself."
		}
		return "Cleared the secret from the clipboard."
	case "osc52":
		if a.terminal != nil {
			if writeOSC52(a.terminal, nil) == nil {
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
		if writeOSC52(a.terminal, unsafe.Slice(unsafe.StringData(text), len(text))) == nil {
			return CopyResult{Via: "osc52"}
		}
	}
	return CopyResult{Err: errors.New(why + ", and no terminal to send OSC 52 to.")}
}
