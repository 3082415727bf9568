package table

import (
	"strings"
	"testing"
)

// TestLayoutGapAndNameWidth: two spaces always part two columns (a column
// with a Drop goes first), and the flex column is never wider than its
// content needs.
func TestLayoutGapAndNameWidth(t *testing.T) {
	cols := []Column{
		{Title: "Name", Min: 10, Max: 48, Flex: true},
		{Title: "Type", Min: 5, Max: 8, Drop: 5},
		{Title: "Projects", Min: 6, Max: 40, Drop: 2},
		{Title: "Status", Min: 10, Max: 40, Drop: 1},
		{Title: "Risks", Min: 8, Max: 40},
	}
	content := []int{22, 8, 14, 30, 30}
	cases := []struct {
		name    string
		width   int
		content []int
		flexMax int // widest the flex column may be
	}{
		{"wide", 200, content, 22},
		{"medium", 120, content, 22},
		{"narrow", 80, content, 22},
		{"very narrow", 40, content, 22},
		{"long names pass Max when there is room", 200, []int{70, 8, 14, 30, 30}, 70},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tb := New(cols...)
			tb.SetContentWidths(c.content)
			tb.SetSize(c.width, 5)
			layout := tb.columns()
			used := markerWidth + Gap*(len(layout)-1)
			for _, cw := range layout {
				used += cw.width
				if cols[cw.col].Flex && cw.width > c.flexMax {
					t.Errorf("the flex column is %d wide, its content needs %d", cw.width, c.flexMax)
				}
			}
			if used > c.width {
				t.Errorf("columns %v take %d of %d", layout, used, c.width)
			}
			header := tb.View(Styles{}, func(int) []Cell { return nil })
			if first := strings.SplitN(header, "\n", 2)[0]; strings.Contains(strings.TrimSpace(first), "Name Type") {
				t.Errorf("header %q has a one-space gap", first)
			}
		})
	}
}

// TestLayoutDropsBeforeOneSpace: at a width where one space between
// columns would fit them all, a column is dropped instead.
func TestLayoutDropsBeforeOneSpace(t *testing.T) {
	cols := []Column{{Title: "A", Min: 10}, {Title: "B", Min: 10, Drop: 1}, {Title: "C", Min: 10}}
	tb := New(cols...)
	tb.SetContentWidths([]int{10, 10, 10})
	tb.SetSize(markerWidth+30+2, 5) // 30 cells and two 1-space gaps
	if got := tb.Visible(); len(got) != 2 || got[0] != 0 || got[1] != 2 {
		t.Fatalf("visible %v, want [0 2] (B dropped)", got)
	}
}
