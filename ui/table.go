package ui

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// Column describes one table column. When the terminal is narrow, columns
// with the highest Drop go first (0 is never dropped), then the rest shrink
// towards Min, the Flex column first.
type Column struct {
	Title string
	Width int // preferred width
	Min   int // narrowest width
	Drop  int
	Flex  bool      // takes spare width
	Sorts SortOrder // the sort order this column shows, marked ↑ in its title
}

// Cell is one table cell; Style nil means plain text.
type Cell struct {
	Text  string
	Style *lipgloss.Style
}

// Row is one table row; key identifies its item across reloads.
type Row struct {
	Cells    []Cell
	key      string
	search   string // lower-cased cell texts, for filtering
	sort     sortKeys
	sortable bool
}

// NewRow builds a row; the cell texts must already be clean of control characters.
func NewRow(key string, cells ...Cell) Row {
	var b strings.Builder
	for _, c := range cells {
		b.WriteString(strings.ToLower(c.Text))
		b.WriteByte('\t')
	}
	return Row{Cells: cells, key: key, search: b.String()}
}

// Table shows rows in columns, draws only the visible ones, and filters by
// case-insensitive substring.
type Table struct {
	cols   []Column
	rows   []Row
	view   []int // indices into rows that pass the filter
	cursor int   // index into view
	offset int   // first visible index into view
	width  int
	height int // visible rows, header excluded
	filter string
	order  SortOrder

	layoutWidth int
	layout      []colWidth
}

type colWidth struct{ col, width int }

// NewTable makes a table with the given columns.
func NewTable(cols ...Column) Table { return Table{cols: cols, layoutWidth: -1} }

// SetRows replaces the rows, keeping the cursor on the same key if it is still there.
func (t *Table) SetRows(rows []Row) {
	selected := ""
	if r, ok := t.SelectedRow(); ok {
		selected = r.key
	}
	t.rows = rows
	t.applyFilter()
	if selected != "" {
		for i, idx := range t.view {
			if t.rows[idx].key == selected {
				t.cursor = i
				break
			}
		}
	}
	t.clamp()
}

// SelectKey moves the cursor to the row with the key, if it passes the filter.
func (t *Table) SelectKey(k string) {
	for i, idx := range t.view {
		if t.rows[idx].key == k {
			t.cursor = i
			t.clamp()
			return
		}
	}
}

// SetSize sets the width and the number of visible rows.
func (t *Table) SetSize(width, rows int) {
	t.width, t.height = width, max(rows, 1)
	t.clamp()
}

// SetFilter keeps only rows containing q (ignoring case).
func (t *Table) SetFilter(q string) {
	q = strings.ToLower(q)
	if q == t.filter {
		return
	}
	t.filter = q
	t.applyFilter()
	t.cursor, t.offset = 0, 0
	t.clamp()
}

func (t *Table) applyFilter() {
	t.view = t.view[:0]
	for i := range t.rows {
		if t.filter == "" || strings.Contains(t.rows[i].search, t.filter) {
			t.view = append(t.view, i)
		}
	}
	if t.order != SortDefault {
		t.sortView()
	}
}

// Len is the number of rows passing the filter; Total counts all rows.
func (t *Table) Len() int   { return len(t.view) }
func (t *Table) Total() int { return len(t.rows) }

// Selected returns the index (into the rows given to SetRows) under the cursor.
func (t *Table) Selected() (int, bool) {
	if len(t.view) == 0 {
		return 0, false
	}
	return t.view[t.cursor], true
}

// SelectedRow returns the row under the cursor.
func (t *Table) SelectedRow() (Row, bool) {
	i, ok := t.Selected()
	if !ok {
		return Row{}, false
	}
	return t.rows[i], true
}

// Move moves the cursor by n rows (negative is up), stopping at the ends.
func (t *Table) Move(n int) {
	t.cursor += n
	t.clamp()
}

// Top and Bottom jump to the first and last row.
func (t *Table) Top()    { t.cursor = 0; t.clamp() }
func (t *Table) Bottom() { t.cursor = len(t.view) - 1; t.clamp() }

// PageSize is how many rows one page moves.
func (t *Table) PageSize() int { return max(t.height-1, 1) }

func (t *Table) clamp() {
	if t.cursor >= len(t.view) {
		t.cursor = len(t.view) - 1
	}
	if t.cursor < 0 {
		t.cursor = 0
	}
	if t.cursor < t.offset {
		t.offset = t.cursor
	}
	if t.cursor >= t.offset+t.height {
		t.offset = t.cursor - t.height + 1
	}
	if maxOffset := max(len(t.view)-t.height, 0); t.offset > maxOffset {
		t.offset = maxOffset
	}
}

const markerWidth = 2 // "> "

// columns works out which columns fit and how wide each is; cached per width.
func (t *Table) columns() []colWidth {
	if t.layoutWidth == t.width && t.layout != nil {
		return t.layout
	}
	avail := t.width - markerWidth
	visible := make([]int, len(t.cols))
	for i := range t.cols {
		visible[i] = i
	}
	sum := func(pick func(Column) int) int {
		total := max(len(visible)-1, 0) // one space between columns
		for _, i := range visible {
			total += pick(t.cols[i])
		}
		return total
	}
	minOf := func(c Column) int { return max(c.Min, 1) }
	// Drop columns while they would squeeze the flex column below half its
	// preferred width (or, without a flex column, below their minimums).
	comfortable := func(c Column) int {
		if c.Flex {
			return max(c.Width/2, minOf(c))
		}
		return c.Width
	}
	for sum(comfortable) > avail {
		drop, dropAt := 0, -1
		for at, i := range visible {
			if d := t.cols[i].Drop; d > 0 && d >= drop {
				drop, dropAt = d, at
			}
		}
		if dropAt < 0 {
			break
		}
		visible = append(visible[:dropAt], visible[dropAt+1:]...)
	}
	widths := make(map[int]int, len(visible))
	for _, i := range visible {
		widths[i] = t.cols[i].Width
	}
	total := sum(func(c Column) int { return c.Width })
	// Shrink: the flex column first, then the widest excess, down to Min.
	for total > avail {
		best, excess := -1, 0
		for _, i := range visible {
			e := widths[i] - minOf(t.cols[i])
			if t.cols[i].Flex && e > 0 {
				best = i
				break
			}
			if e > excess {
				best, excess = i, e
			}
		}
		if best < 0 {
			break
		}
		widths[best]--
		total--
	}
	// Grow: spare width goes to the flex column.
	if total < avail {
		for _, i := range visible {
			if t.cols[i].Flex {
				widths[i] += avail - total
				break
			}
		}
	}
	t.layout = t.layout[:0]
	for _, i := range visible {
		t.layout = append(t.layout, colWidth{i, widths[i]})
	}
	t.layoutWidth = t.width
	return t.layout
}

// View draws the header and the visible rows, exactly height+1 lines.
func (t *Table) View(st *Styles) string {
	cols := t.columns()
	var b strings.Builder
	b.WriteString(strings.Repeat(" ", markerWidth))
	for n, c := range cols {
		if n > 0 {
			b.WriteByte(' ')
		}
		title := t.cols[c.col].Title
		if s := t.cols[c.col].Sorts; s != SortDefault && s == t.order {
			title += " ↑"
		}
		b.WriteString(st.ColumnTitle.Render(fit(title, c.width)))
	}
	for line := 0; line < t.height; line++ {
		b.WriteByte('\n')
		at := t.offset + line
		if at >= len(t.view) {
			continue
		}
		row := t.rows[t.view[at]]
		selected := at == t.cursor
		var lb strings.Builder
		if selected {
			lb.WriteString("> ")
		} else {
			lb.WriteString("  ")
		}
		for n, c := range cols {
			if n > 0 {
				lb.WriteByte(' ')
			}
			var cell Cell
			if c.col < len(row.Cells) {
				cell = row.Cells[c.col]
			}
			text := fit(cell.Text, c.width)
			if cell.Style != nil && !selected {
				text = cell.Style.Render(text)
			}
			lb.WriteString(text)
		}
		if selected {
			b.WriteString(st.Selected.Render(lb.String()))
		} else {
			b.WriteString(lb.String())
		}
	}
	return b.String()
}

// fit pads or cuts s to exactly w columns, ending in "…" when cut.
func fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := ansi.StringWidth(s)
	if sw > w {
		s = ansi.Truncate(s, w, "…")
		sw = ansi.StringWidth(s)
	}
	if sw < w {
		return s + strings.Repeat(" ", w-sw)
	}
	return s
}
