package ui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/unleash-tokens/unleash-tokens/inmem"
)

// hold presses a key and keeps what it asked for instead of running it: the
// answer (a tab's first load) comes when the test runs it.
func (h *harness) hold(k string) tea.Cmd {
	h.t.Helper()
	_, cmd := h.m.Update(keyMsg(k))
	h.views = append(h.views, h.view())
	return cmd
}

// TestKeysWhileATabLoads: keys typed right after switching to a tab that
// has not loaded yet are not lost, and a filter's text never runs as
// commands (the q of "never used q" does not quit); the query applies when
// the rows arrive. Keys that need rows stay harmless meanwhile.
func TestKeysWhileATabLoads(t *testing.T) {
	tests := []struct {
		tab, query, after string
	}{
		{"2", "never used q", "0 of 3 match"},
		{"3", "never used q", "0 of 6 match"},
		{"4", "never used q", "0 of 16 match"},
		{"4", "never used", "2 of 16 match"},
		{"3", "checkout", "1 of 6 match"},
	}
	for _, tt := range tests {
		t.Run(tt.tab+" "+tt.query, func(t *testing.T) {
			h := newHarness(t, inmem.AdminPAT)
			load := h.hold(tt.tab)
			h.mustSee("Loading")
			h.keys("/")
			h.typeText(tt.query)
			if h.quit {
				t.Fatal("the filter's text quit the app")
			}
			h.mustSee("Loading", "/"+tt.query, "enter keep filter")
			h.keys("enter")
			h.mustSee("filter: " + tt.query)
			h.run(load)
			h.mustSee(tt.after, "filter: "+tt.query)
		})
	}
}

// TestRowKeysWhileATabLoads: keys that need rows do nothing harmful before
// the rows arrive, and a write key says why it waits.
func TestRowKeysWhileATabLoads(t *testing.T) {
	for _, k := range []string{"j", "k", "G", "g", "enter", "space", "a", "s", "e", "R", "d", "esc"} {
		t.Run(k, func(t *testing.T) {
			h := newHarness(t, inmem.AdminPAT)
			load := h.hold("4")
			h.keys("esc") // the search line, focused on opening, gives the keys back
			h.keys(k)
			if h.quit || h.m.overlay != nil || h.m.tabs[h.m.active].Capturing() {
				t.Fatalf("%s while loading opened or ended something:\n%s", k, h.view())
			}
			if k == "d" || k == "e" || k == "R" {
				h.mustSee("Wait for the list to load.")
			}
			h.run(load)
			h.mustSee("All API tokens  (16)")
		})
	}
}
