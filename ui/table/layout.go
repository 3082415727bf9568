package table

import "github.com/charmbracelet/x/ansi"

// columns works out which columns fit and how wide each is; cached per width.
//
// The steps: every column wants its content (up to its Max); columns with
// the highest Drop go until the rest are worth showing; each column gets its
// Min, then spare width one cell at a time to the narrowest column still cut
// (so narrow columns, the dates, show whole first, and only the widest share
// the cut); then the flex column (the name) up to its whole content, then
// every other column up to its whole content past its Max; what is left is
// spread between the columns (the last one ends at the right edge), so a
// wide terminal is used, not left empty on the right.
func (t *Table) columns() []colWidth {
	if t.layoutWidth == t.width && t.layout != nil {
		return t.layout
	}
	avail := t.width - markerWidth
	want := t.wants()
	visible := t.fitting(want, avail)
	widths := make([]int, len(t.cols))
	for _, i := range visible {
		widths[i] = max(t.cols[i].Min, 1)
	}
	spare := avail - sumWidths(visible, widths)
	spare = growNarrowest(visible, widths, want, spare)
	spare = t.growToContent(visible, widths, spare)
	spread(visible, widths, spare)
	shrink(visible, widths, avail)
	t.Invalidate()
	t.layout = t.layout[:0]
	for _, i := range visible {
		t.layout = append(t.layout, colWidth{i, widths[i]})
	}
	t.layoutWidth = t.width
	return t.layout
}

// wants is each column's width for its content and title (with room for
// " ↑"), between Min and Max.
func (t *Table) wants() []int {
	want := make([]int, len(t.cols))
	for i, c := range t.cols {
		w := max(t.content[i], ansi.StringWidth(c.Title)+2)
		if c.Max > 0 {
			w = min(w, c.Max)
		}
		want[i] = max(w, c.Min, 1)
	}
	return want
}

// fitting is the columns left once those with the highest Drop are gone
// until the rest take no more than avail at the width each needs to be
// worth showing: what it holds, up to 12 cells (24 for the flex column, the
// name); less is cut.
func (t *Table) fitting(want []int, avail int) []int {
	visible := make([]int, 0, len(t.cols))
	for i := range t.cols {
		visible = append(visible, i)
	}
	need := make([]int, len(t.cols))
	for i, c := range t.cols {
		limit := 12
		if c.Flex {
			limit = 24
		}
		need[i] = max(c.Min, min(want[i], limit))
	}
	for sumWidths(visible, need) > avail {
		at := t.toDrop(visible)
		if at < 0 {
			break
		}
		visible = append(visible[:at], visible[at+1:]...)
	}
	return visible
}

// toDrop is the place in visible of the column to drop next: the highest
// Drop, the rightmost of equals; -1 when none may go.
func (t *Table) toDrop(visible []int) int {
	drop, at := 0, -1
	for k, i := range visible {
		if d := t.cols[i].Drop; d > 0 && d >= drop {
			drop, at = d, k
		}
	}
	return at
}

// sumWidths is the width the visible columns take, gaps included.
func sumWidths(visible, widths []int) int {
	total := max(len(visible)-1, 0) * Gap
	for _, i := range visible {
		total += widths[i]
	}
	return total
}

// growNarrowest gives spare width one cell at a time to the narrowest
// column still under its want, so narrow columns show whole and only the
// widest share the cut; it returns what is left.
func growNarrowest(visible, widths, want []int, spare int) int {
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
	return spare
}

// growToContent lets columns pass their Max, up to their whole content:
// the flex column (the name) first, then the others from the left; it
// returns what is left.
func (t *Table) growToContent(visible, widths []int, spare int) int {
	grow := func(i int) {
		g := min(spare, max(t.content[i]-widths[i], 0))
		widths[i] += g
		spare -= g
	}
	for _, i := range visible {
		if t.cols[i].Flex {
			grow(i)
		}
	}
	for _, i := range visible {
		if !t.cols[i].Flex {
			grow(i)
		}
	}
	return spare
}

// spread shares what is left between the columns but the last, from the
// left, so the table spans the width and its last column ends at the
// right edge.
func spread(visible, widths []int, spare int) {
	if spare <= 0 || len(visible) < 2 {
		return
	}
	n := len(visible) - 1
	for k, i := range visible[:n] {
		extra := spare / n
		if k < spare%n {
			extra++
		}
		widths[i] += extra
	}
}

// shrink, when too narrow even so (no column left to drop), takes cells
// from the right, never below one; the gap stays.
func shrink(visible, widths []int, avail int) {
	for over := sumWidths(visible, widths) - avail; over > 0; over-- {
		k := len(visible) - 1
		for k >= 0 && widths[visible[k]] <= 1 {
			k--
		}
		if k < 0 {
			return
		}
		widths[visible[k]]--
	}
}
