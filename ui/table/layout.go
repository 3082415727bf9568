package table

import "github.com/charmbracelet/x/ansi"

// columns works out which columns fit and how wide each is; cached per width.
//
// The steps: every column wants its content (up to its Max); columns with
// the highest Drop go until the rest are worth showing (need); each column
// gets its Min, then what it needs; then the short columns (the dates, a
// type: Max 16 or less) and the name (the flex column, past its Max) show
// whole; then the others grow, one cell at a time to the narrowest still
// cut, so only the widest share a cut; then each passes its Max up to its
// whole content; what is left is spread between the columns (the last one
// ends at the right edge), so a wide terminal is used, not left empty on
// the right.
func (t *Table) columns() []colWidth {
	if t.layoutWidth == t.width && t.layout != nil {
		return t.layout
	}
	avail := t.width - markerWidth
	want := t.wants()
	need := t.needs(want)
	visible := t.fitting(need, avail)
	widths := make([]int, len(t.cols))
	for _, i := range visible {
		widths[i] = max(t.cols[i].Min, 1)
	}
	spare := avail - sumWidths(visible, widths)
	spare = growNarrowest(visible, widths, need, spare)
	spare = t.growFirst(visible, widths, want, spare)
	spare = growNarrowest(visible, widths, want, spare)
	spare = t.growToContent(visible, widths, spare)
	spread(visible, widths, spare)
	shrink(visible, widths, avail)
	clear(t.lines) // the rows' cells stay: only their widths changed
	t.layout = t.layout[:0]
	for _, i := range visible {
		t.layout = append(t.layout, colWidth{i, widths[i]})
	}
	t.layoutWidth = t.width
	return t.layout
}

// shortMax is the widest Max of a short column (a date, a type), shown
// whole before the wide ones grow.
const shortMax = 16

// growFirst makes the short columns whole, then the flex column (the name)
// up to its whole content; it returns what is left.
func (t *Table) growFirst(visible, widths, want []int, spare int) int {
	for _, i := range visible {
		if c := t.cols[i]; !c.Flex && c.Max > 0 && c.Max <= shortMax {
			g := min(spare, max(want[i]-widths[i], 0))
			widths[i] += g
			spare -= g
		}
	}
	for _, i := range visible {
		if t.cols[i].Flex {
			g := min(spare, max(t.content[i], want[i])-widths[i])
			g = max(g, 0)
			widths[i] += g
			spare -= g
		}
	}
	return spare
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

// needs is the width each column needs to be worth showing: what it
// holds, up to 12 cells (24 for the flex column, the name); less is cut.
func (t *Table) needs(want []int) []int {
	need := make([]int, len(t.cols))
	for i, c := range t.cols {
		limit := 12
		if c.Flex {
			limit = 24
		}
		need[i] = max(c.Min, min(want[i], limit))
	}
	return need
}

// fitting is the columns left once those with the highest Drop are gone
// until the rest take no more than avail at the width they need.
func (t *Table) fitting(need []int, avail int) []int {
	visible := make([]int, 0, len(t.cols))
	for i := range t.cols {
		visible = append(visible, i)
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
// column still under its goal, so narrow columns show whole and only the
// widest share the cut; it returns what is left.
func growNarrowest(visible, widths, goal []int, spare int) int {
	for spare > 0 {
		best := -1
		for _, i := range visible {
			if widths[i] < goal[i] && (best < 0 || widths[i] < widths[best]) {
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
