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
			if strings.Contains(s.View(40, 20), "0123456789abcdef") {
				t.Fatal("the secret is in View's string: only Paint may draw it")
			}
			if !strings.Contains(s.Paint(s.View(40, 20)), "0123456789abcdef") {
				t.Fatal("the secret is not painted")
			}
			drawn := s.frame[:cap(s.frame)]
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
	if _, closed := s.Update(press("n")); closed || !strings.Contains(s.Paint(s.View(60, 20)), "user:abc") {
		t.Fatal("n should go back to the secret")
	}
}

// Paint puts the secret where View left its placeholder, line by line at
// any width, and a frame cut short (a narrow terminal) gets as much of it
// as its placeholder kept.
func TestSecretPaintedInPlace(t *testing.T) {
	secret := "default:production.v2_abcdefghijklmnopqrstuv_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg"
	for _, w := range []int{12, 30, 40, 80, 200} {
		s := NewSecret(newCtx(), core.ShowSecret{Title: "t", Secret: []byte(secret)})
		view := s.View(w, 30)
		painted := s.Paint(view)
		if strings.Contains(painted, placeholderMarker) || strings.ContainsRune(painted, placeholderFill) {
			t.Fatalf("width %d: placeholder left:\n%s", w, painted)
		}
		var joined strings.Builder
		for _, l := range strings.Split(painted, "\n") {
			joined.WriteString(strings.TrimSpace(l))
		}
		if !strings.Contains(joined.String(), secret) {
			t.Fatalf("width %d: the secret is not whole:\n%s", w, painted)
		}
		for i, l := range strings.Split(painted, "\n") {
			if got, want := len(l), len(strings.Split(strings.NewReplacer(placeholderMarker, "").Replace(view), "\n")[i]); got > want {
				t.Fatalf("width %d: line %d is wider painted (%d) than drawn (%d)", w, i, got, want)
			}
		}
	}
	s := NewSecret(newCtx(), core.ShowSecret{Title: "t", Secret: []byte(secret)})
	cut := s.View(80, 30)
	at := strings.Index(cut, placeholderMarker)
	cut = cut[:at+len(placeholderMarker)+2+10] + "…"
	if got := s.Paint(cut); !strings.HasSuffix(got, secret[:10]+"…") {
		t.Fatalf("a cut placeholder: %q", got[max(len(got)-40, 0):])
	}
}
