package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/unleash-tokens/unleash-tokens/inmem"
	"github.com/unleash-tokens/unleash-tokens/ui/core"
)

// TestSearchOpensWithItsSearchLine: the Search tab is the name search, so
// it opens with its search line focused (issue 22: typing "bulk-1" moved
// the cursor up with k and switched to tab 1). Typed letters and digits
// are the query; esc gives the keys back; tab and shift+tab, which type
// nothing, still switch tabs, and the footer says so.
func TestSearchOpensWithItsSearchLine(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	h.keys("4")
	h.mustSee("All API tokens  (16)", "enter keep filter", "esc clear filter", "tab next tab")
	if !h.m.tabs[core.TabSearch].Capturing() {
		t.Fatal("Search opened without its search line focused")
	}
	before := h.selectedLine()
	for _, k := range []string{"b", "u", "l", "k", "-", "1"} { // one key press each: k and 1 are keys elsewhere
		h.keys(k)
	}
	if h.m.active != core.TabSearch {
		t.Fatalf("typing switched to tab %d", h.m.active)
	}
	h.mustSee("/bulk-1", "0 of 16 match")
	h.keys("backspace", "backspace", "backspace", "backspace", "backspace", "backspace")
	h.typeText("checkout")
	h.mustSee("/checkout", "of 16 match")
	if got := h.selectedLine(); !strings.Contains(got, "checkout") && before != "" && got == before {
		t.Fatalf("the cursor is not on a match: %q", got)
	}

	// esc gives the keys back (and clears the query): j moves, / refocuses.
	h.keys("esc")
	h.mustSee("All API tokens  (16)", "/ filter")
	if h.m.tabs[core.TabSearch].Capturing() {
		t.Fatal("esc left the search line focused")
	}
	first := h.selectedLine()
	h.keys("j")
	if h.selectedLine() == first {
		t.Fatalf("j did not move after esc:\n%s", h.view())
	}
	h.keys("/")
	if !h.m.tabs[core.TabSearch].Capturing() {
		t.Fatal("/ did not focus the search line again")
	}
	h.keys("/")                  // on the empty line it already is: types nothing
	h.mustSee("/search: a name") // still empty: its hint shows

	// tab and shift+tab switch tabs while the line is focused.
	h.typeText("check")
	h.keys("enter") // keeps the query, gives the keys back
	h.mustSee("filter: check")
	h.keys("/")
	h.keys("tab")
	if h.m.active != core.TabAudit {
		t.Fatalf("tab on the search line: tab %d, want Audit", h.m.active)
	}
	h.keys("shift+tab") // back to Search: its line focused again, the query kept
	if h.m.active != core.TabSearch || !h.m.tabs[core.TabSearch].Capturing() {
		t.Fatalf("shift+tab: tab %d, focused %v", h.m.active, h.m.tabs[core.TabSearch].Capturing())
	}
	h.mustSee("/check")
	h.keys("shift+tab")
	if h.m.active != core.TabProjects {
		t.Fatalf("shift+tab on the search line: tab %d, want Projects", h.m.active)
	}
}

// TestSearchLineWithoutTheFullList: a token that may not list all API
// tokens gets the by-name field focused, with what was typed while the
// list loaded.
func TestSearchLineWithoutTheFullList(t *testing.T) {
	h := newHarness(t, inmem.ViewerPAT)
	load := h.hold("4")
	h.typeText("checkout-api")
	h.run(load)
	h.mustSee("Name: checkout-api", "enter ask the server", "esc leave the field", "tab next tab")
	h.keys("enter")
	h.mustSee(`API tokens named exactly "checkout-api"`)
}

// TestSearchLineTakesSlashAndQueryInOneBurst: "/edge" typed fast comes as
// one key message; on the empty line the / is the one it already is.
func TestSearchLineTakesSlashAndQueryInOneBurst(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	h.keys("4")
	h.mustSee("All API tokens  (16)")
	h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/edge")})
	h.mustSee("2 of 16 match", "edge-proxy", "growth-edge")
	h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/x")}) // not on an empty line: the / is text
	h.mustSee("/edge/x", "0 of 16 match")
}
