package ui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/unleash-tokens/unleash-tokens/inmem"
)

// TestKeysWhileAFilterRuns: "/expired", enter, a, d typed faster than the
// filter answers mark and delete the rows of "expired", not those of a
// prefix the filter answered first (it marked 12 of 17 once, under load).
// Keys that come while a filter or sort is under way wait for its rows.
func TestKeysWhileAFilterRuns(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	h.keys("4")
	h.mustSee("All API tokens")
	h.keys("/")
	var held []tea.Cmd
	for _, r := range "expired" {
		held = append(held, h.hold(string(r))) // each letter's filter, not yet run
	}
	held = append(held, h.hold("enter"))
	for _, k := range []string{"a", "d"} {
		if cmd := h.hold(k); cmd != nil {
			held = append(held, cmd)
		}
	}
	h.mustNotSee("(y/N)") // d waits for the rows it acts on
	for _, cmd := range held {
		h.run(cmd) // the filters land, the last one releases a and d
	}
	h.mustSee("Delete 2 API tokens?", "(y/N)")
}
