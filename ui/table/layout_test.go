package table

import (
	"strings"
	"testing"
)

// TestLayoutGapAndNameWidth: two spaces always part two columns (a column
// with a Drop goes first), the flex column (the name) shows whole when the
// width allows, and a wide table spans the width.
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
		whole   bool // the flex column shows its whole content
		spans   bool // the columns take the whole width
	}{
		{"wide", 200, content, true, true},
		{"medium", 120, content, true, true},
		{"narrow", 80, content, false, false},
		{"very narrow", 40, content, false, false},
		{"long names pass Max when there is room", 200, []int{70, 8, 14, 30, 30}, true, true},
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
				if cols[cw.col].Flex && c.whole && cw.width < c.content[cw.col] {
					t.Errorf("the flex column is %d wide, its content needs %d", cw.width, c.content[cw.col])
				}
			}
			if used > c.width || c.spans && used != c.width {
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

// TestLayoutUsesTheWidth: short columns (the dates) and then the name show
// whole before a wide column grows past what it needs, the name past its
// Max, and
// what is left is spread between the columns so the last one ends at the
// right edge (issue 22: at 200 columns tables stopped at 80–130).
func TestLayoutUsesTheWidth(t *testing.T) {
	cols := []Column{
		{Title: "Name", Min: 10, Max: 48, Flex: true},
		{Title: "Where", Min: 10, Max: 60, Drop: 2},
		{Title: "Expires", Min: 9, Max: 16},
	}
	cases := []struct {
		name    string
		width   int
		content []int
		want    []int // each column's width
	}{
		{"narrow: the date whole, then the name, the rest cut", 60, []int{40, 40, 16}, []int{26, 12, 16}},
		{"the name whole, past its Max, before Where grows", 120, []int{70, 80, 16}, []int{70, 28, 16}},
		{"the name whole before Where passes its Max", 160, []int{70, 80, 16}, []int{70, 68, 16}},
		{"wide: the spare spread, the last column at the edge", 200, []int{20, 30, 16}, []int{20 + 64, 30 + 64, 16}},
		{"one cell more goes to the first", 201, []int{20, 30, 16}, []int{20 + 65, 30 + 64, 16}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tb := New(cols...)
			tb.SetContentWidths(c.content)
			tb.SetSize(c.width, 5)
			var got []int
			for _, cw := range tb.columns() {
				got = append(got, cw.width)
			}
			if len(got) != len(c.want) {
				t.Fatalf("widths %v, want %v", got, c.want)
			}
			for i := range got {
				if got[i] != c.want[i] {
					t.Fatalf("widths %v, want %v", got, c.want)
				}
			}
		})
	}
}
