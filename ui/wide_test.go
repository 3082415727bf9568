package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/inmem"
	"github.com/unleash-tokens/unleash-tokens/ui/list"
)

// paneRule is what parts the table from the side pane (ui/list).
const paneRule = " │ "

// TestTimelineFromHundredColumns: the Audit tab draws its expiry timeline
// from 100 columns on, whole (no line cut), and not at 99 (issue 22); nor
// under 26 rows, where the list would keep too little.
func TestTimelineFromHundredColumns(t *testing.T) {
	for _, c := range []struct {
		width, height int
		drawn         bool
	}{{99, 35, false}, {100, 35, true}, {120, 35, true}, {200, 50, true}, {120, 25, false}, {120, 26, true}} {
		t.Run(fmt.Sprintf("%dx%d", c.width, c.height), func(t *testing.T) {
			var cut []string
			cutHook = func(l string) { cut = append(cut, l) }
			defer func() { cutHook = nil }()
			h := newHarness(t, inmem.AdminPAT)
			h.send(tea.WindowSizeMsg{Width: c.width, Height: c.height})
			h.keys("5")
			v := h.view()
			if got := strings.Contains(v, "Expiry timeline"); got != c.drawn {
				t.Fatalf("timeline drawn %v at %d columns, want %v:\n%s", got, c.width, c.drawn, v)
			}
			if c.drawn {
				for _, kind := range []string{"PAT ", "service-account token ", "API token ", "expired │ ≤7d", "≤90d"} {
					if !strings.Contains(v, kind) {
						t.Errorf("the timeline lacks %q:\n%s", kind, v)
					}
				}
			}
			if len(cut) > 0 {
				t.Fatalf("cut at %d columns: %q", c.width, cut)
			}
		})
	}
}

// TestSidePaneFrom160: from 160 columns the selected row's detail is a
// pane on the right of the table, on every tab's list (the Audit tab's
// too); at 159 it is under the table.
func TestSidePaneFrom160(t *testing.T) {
	for _, c := range []struct {
		tab, detail string
		width       int
		side        bool
	}{
		{"1", `PAT "`, 159, false},
		{"1", `PAT "`, 160, true},
		{"4", `API token "`, 159, false},
		{"4", `API token "`, 160, true},
		{"5", `API token "`, 159, false},
		{"5", `API token "`, 160, true},
		{"5", `API token "`, 200, true},
	} {
		t.Run(fmt.Sprintf("tab %s at %d", c.tab, c.width), func(t *testing.T) {
			h := newHarness(t, inmem.AdminPAT)
			h.send(tea.WindowSizeMsg{Width: c.width, Height: 40})
			h.keys(c.tab)
			v := h.view()
			side, under := false, false
			for _, l := range strings.Split(v, "\n") {
				header := strings.HasPrefix(l, "  Name") || strings.HasPrefix(l, "  Description")
				side = side || header && strings.Contains(l, paneRule+c.detail) // beside the table's header
				under = under || strings.HasPrefix(l, c.detail)
			}
			if side != c.side || under == c.side {
				t.Fatalf("at %d columns: detail beside %v, under %v; want beside %v:\n%s", c.width, side, under, c.side, v)
			}
			for _, l := range strings.Split(v, "\n") {
				if w := ansi.StringWidth(l); w > c.width {
					t.Fatalf("a line of %d cells at %d columns: %q", w, c.width, l)
				}
			}
		})
	}
}

// TestWideTablesUseTheSpace: at 200×50 with more rows than fit, the table
// spans the width the side pane leaves (its widest line ends within 10
// cells of the rule: the last column is as wide as its widest cell, which
// may be off screen) and its rows fill the height: no blank lines under them (issue 22: tables
// stopped at 80–130 columns over 35 empty rows).
func TestWideTablesUseTheSpace(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	for i := range 60 {
		if _, err := h.client.CreateAPIToken(context.Background(), api.CreateAPIToken{Name: fmt.Sprintf("bulk-%02d", i),
			Type: api.TypeBackend, Environment: "development", Projects: []string{"default"}}); err != nil {
			t.Fatal(err)
		}
	}
	const width, height = 200, 50
	h.send(tea.WindowSizeMsg{Width: width, Height: height})
	h.keys("4", "r")
	v := h.view()
	lines := strings.Split(v, "\n")
	widest, rows, blank := 0, 0, 0
	for _, l := range lines {
		left, _, side := strings.Cut(l, paneRule)
		if !side {
			continue
		}
		if strings.TrimSpace(left) == "" {
			blank++
			continue
		}
		rows++
		widest = max(widest, ansi.StringWidth(strings.TrimRight(left, " ")))
	}
	if want := width - 10 - list.SidePaneWidth(width) - ansi.StringWidth(paneRule); widest < want {
		t.Errorf("the table's widest line is %d cells, want %d at least (near the pane):\n%s", widest, want, v)
	}
	if want := height - chromeLines - 1; rows != want || blank > 0 { // the title line is over the pane
		t.Errorf("%d lines of the table (header and rows) and %d blank, want %d and none:\n%s", rows, blank, want, v)
	}
}
