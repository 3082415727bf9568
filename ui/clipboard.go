package ui

import (
	"errors"
	"io"
	"os"

	"github.com/atotto/clipboard"
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

// clipboardAccess is what SystemCopier uses; tests replace its parts.
type clipboardAccess struct {
	unsupported bool               // no xclip, xsel, wl-copy (atotto decides at start-up)
	native      func(string) error // atotto's WriteAll
	terminal    io.Writer          // where OSC 52 goes; nil when there is no terminal
	display     bool               // an X or Wayland display is set
}

// SystemCopier tries the native clipboard (atotto: xclip, xsel, wl-copy,
// pbcopy …), then OSC 52 to the terminal, which also works over SSH.
func SystemCopier() Copier {
	a := clipboardAccess{
		unsupported: clipboard.Unsupported,
		native:      clipboard.WriteAll,
		display:     os.Getenv("DISPLAY") != "" || os.Getenv("WAYLAND_DISPLAY") != "",
	}
	if isatty.IsTerminal(os.Stderr.Fd()) {
		a.terminal = os.Stderr
	}
	return a.copy
}

func (a clipboardAccess) copy(text string) CopyResult {
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
