package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/unleash-tokens/unleash-tokens/inmem"
)

func burst(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

// Five j's that arrive in one read (a held key over SSH, tmux send-keys)
// move five rows, as five presses would.
func TestBurstOfKeysCountsEachKey(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	h.send(burst("jjjjj"))
	if !strings.Contains(h.selectedLine(), "local debugging") { // the sixth row
		t.Fatalf("after jjjjj in one message: %q", h.selectedLine())
	}
	h.send(burst("kk"))
	if !strings.Contains(h.selectedLine(), "grafana dashboards") {
		t.Fatalf("after kk: %q", h.selectedLine())
	}
	// A burst that ends in a key opening a field: the rest is typed into it.
	h.send(burst("g/terra"))
	h.mustSee("/terra", "1 of 8 match", "laptop terraform")
}

// A run of text is text, never a key's name: "esc", "enter" or "tab" typed
// into a field in one burst neither cancels nor submits nor moves.
func TestBurstIntoAFieldIsText(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	h.keys("n")
	h.send(burst("bars8 esc race enter tab q"))
	h.mustSee("New personal access token", "bars8 esc race enter tab q")
	h.mustNotSee("Cancelled")
	if h.quit {
		t.Fatal("q in a burst of text quit")
	}
	h.keys("enter")
	h.mustSee("Personal access token created", `"bars8 esc race enter tab q"`)
}

// A paste is text too, even outside a field: it is not split into keys.
func TestPasteOutsideAFieldDoesNothing(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q"), Paste: true})
	if h.quit {
		t.Fatal("a pasted q quit")
	}
	h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("jjj"), Paste: true})
	if !strings.Contains(h.selectedLine(), "unleash-tokens on my laptop") {
		t.Fatalf("a pasted jjj moved: %q", h.selectedLine())
	}
}
