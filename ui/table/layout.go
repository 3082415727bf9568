package table

import "github.com/charmbracelet/x/ansi"

// columns works out which columns fit and how wide each is; cached per width.
func (t *Table) columns() []colWidth {
	if t.layoutWidth == t.width && t.layout != nil {
		return t.layout
	}
	avail := t.width - markerWidth
	want := make([]int, len(t.cols))
	for i, c := range t.cols {
		w := max(t.content[i], ansi.StringWidth(c.Title)+2) // room for " ↑"
		if c.Max > 0 {
			w = min(w, c.Max)
		}
		want[i] = max(w, c.Min, 1)
	}
	visible := make([]int, 0, len(t.cols))
	for i := range t.cols {
		visible = append(visible, i)
	}
	// The width a column needs to be worth showing: what it holds, up to 12
	// cells (24 for the flex column, the name); less is cut.
	need := func(i int) int {
		c := t.cols[i]
		limit := 12
		if c.Flex {
			limit = 24
		}
		return max(c.Min, min(want[i], limit))
	}
	sum := func(f func(int) int) int {
		total := max(len(visible)-1, 0) * Gap
		for _, i := range visible {
			total += f(i)
		}
		return total
	}
	for sum(need) > avail {
		drop, at := 0, -1
		for k, i := range visible {
			if d := t.cols[i].Drop; d > 0 && d >= drop {
				drop, at = d, k
			}
		}
		if at < 0 {
			break
		}
		visible = append(visible[:at], visible[at+1:]...)
	}
	widths := make([]int, len(t.cols))
	for _, i := range visible {
		widths[i] = max(t.cols[i].Min, 1)
	}
	spare := avail - sum(func(i int) int { return widths[i] })
	// Spare width goes one cell at a time to the narrowest column still cut,
	// so narrow columns show whole and only the widest share the cut.
	for spare > 0 {
		best := -1
		for _, i := range visible {
			if widths[i] < want[i] && (best < 0 || widths[i] < widths[best]) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		widths[best]++
		spare--
	}
	// Every column has its content: the flex column (the name) may take
	// more, up to its whole content past its Max; what is left stays empty
	// rather than push a short name's neighbours far to the right.
	for _, i := range visible {
		if t.cols[i].Flex && spare > 0 {
			grow := min(spare, max(t.content[i]-widths[i], 0))
			widths[i] += grow
			spare -= grow
			break
		}
	}
	// Too narrow even so (no column left to drop): shrink from the right,
	// never below one cell; the gap stays.
	for over := sum(func(i int) int { return widths[i] }) - avail; over > 0; over-- {
		shrunk := false
		for k := len(visible) - 1; k >= 0; k-- {
			if i := visible[k]; widths[i] > 1 {
				widths[i]--
				shrunk = true
				break
			}
		}
		if !shrunk {
			break
		}
	}
	t.Invalidate()
	t.layout = t.layout[:0]
	for _, i := range visible {
		t.layout = append(t.layout, colWidth{i, widths[i]})
	}
	t.layoutWidth = t.width
	return t.layout
}
