package overlay

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/unleash-tokens/unleash-tokens/ui/clipboard"
	"github.com/unleash-tokens/unleash-tokens/ui/core"
	"github.com/unleash-tokens/unleash-tokens/ui/keys"
)

func press(s string) tea.KeyMsg {
	switch s {
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

func newCtx() *core.Context {
	ctx := core.NewContext()
	ctx.Styles, ctx.Keys = core.NewStyles(), keys.New(5)
	ctx.Copy = func(string) clipboard.CopyResult { return clipboard.CopyResult{Via: "clipboard"} }
	return ctx
}

// The secret's bytes, and the screen's own drawing of them, are zero once
// the screen closes, whichever way it closes.
func TestSecretWipedOnClose(t *testing.T) {
	for _, keysPressed := range [][]string{{"c", "enter"}, {"enter", "y"}, {"esc", "y"}, {"q", "y"}} {
		t.Run(strings.Join(keysPressed, " "), func(t *testing.T) {
			secret := []byte("user:0123456789abcdef0123456789abcdef0123456789abcdef01234567")
			s := NewSecret(newCtx(), core.ShowSecret{Title: "t", Secret: secret})
			if !strings.Contains(s.View(40, 20), "0123456789abcdef") {
				t.Fatal("the secret is not drawn")
			}
			drawn := s.drawn
			closed := false
			for _, k := range keysPressed {
				cmd, c := s.Update(press(k))
				closed = c
				if k == "c" {
					s.Update(cmd()) // the copy's answer
				}
			}
			if !closed {
				t.Fatal("not closed")
			}
			for _, b := range append(secret, drawn...) {
				if b != 0 {
					t.Fatalf("not wiped: %q %q", secret, drawn)
				}
			}
		})
	}
}

// Any key other than y, on "close without copying?", goes back to the secret.
func TestSecretAsksBeforeClosingUncopied(t *testing.T) {
	s := NewSecret(newCtx(), core.ShowSecret{Title: "t", Secret: []byte("user:abc")})
	if _, closed := s.Update(press("enter")); closed {
		t.Fatal("closed without asking")
	}
	if !strings.Contains(s.View(60, 20), "Close without copying? (y/N)") {
		t.Fatal("no question")
	}
	if _, closed := s.Update(press("n")); closed || !strings.Contains(s.View(60, 20), "user:abc") {
		t.Fatal("n should go back to the secret")
	}
}
