// Package table draws rows in columns. It holds no row data: its owner
// gives the number of rows and a function that makes the cells of one row,
// and the table asks only for the rows on screen. So a keypress or a redraw
// costs the same for 30 rows as for 100,000.
package table

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
)

// Column describes one column. Widths come from the content (the widest
// text the owner reports), between Min and Max; when the terminal is
// narrow, columns with the highest Drop go first (0 is never dropped) so
// that Gap spaces always part two columns; spare width goes to the column
// that is cut the most, then to the Flex column up to its whole content;
// the rest stays empty.
type Column struct {
	Title string
	Min   int   // narrowest width
	Max   int   // widest width from content; 0: no limit
	Drop  int   // dropping order when narrow; 0: never
	Flex  bool  // may pass Max, up to its content, once every column has its content
	Sorts Order // the order this column shows, marked ↑ in its title
}

// Order is how the owner sorts the rows; the table only marks the column.
type Order int

// The sort orders.
const (
	Unsorted Order = iota // as the server listed them
	ByExpiry              // soonest expiry first
	BySeen                // least recently used first
	NumOrders
)

func (o Order) String() string {
	return [...]string{"", "sorted by expiry", "sorted by last seen"}[o]
}

// Cell is one cell; Style nil means plain text. Text must be clean of
// control characters (api.Clean).
type Cell struct {
	Text  string
	Style *lipgloss.Style
	// Shorter are narrower forms of Text, most said first: a column too
	// narrow for Text shows the first that fits whole, else the last, cut
	// ("expired, stale" → "expired +1").
	Shorter []string
}

// form is the cell's text for a column w cells wide.
func (c *Cell) form(w int) string {
	text := c.Text
	if len(c.Shorter) == 0 || Width(text) <= w {
		return text
	}
	for _, s := range c.Shorter {
		text = s
		if Width(s) <= w {
			break
		}
	}
	return text
}

// Styles are the table's own styles.
type Styles struct {
	Header   *lipgloss.Style
	Selected *lipgloss.Style
}

// Table shows n rows of which it draws height, with a cursor.
type Table struct {
	cols    []Column
	content []int // widest text per column, as the owner measured it
	n       int   // rows
	cursor  int
	offset  int
	width   int
	height  int // visible rows, header excluded
	order   Order
	marked  func(row int) bool

	layoutWidth int
	layout      []colWidth
	lines       map[int]drawnRow // rows drawn at this layout, until Invalidate
	cells       map[int][]Cell   // rows' cells, at any layout (a resize draws them again), until Invalidate
	paints      paints
}

type colWidth struct{ col, width int }

// drawnRow is a row's line as drawn, in its colours and, once the cursor
// is on it, plain (the cursor's row has one style across).
type drawnRow struct {
	styled, plain string
	hasPlain      bool
}

// New makes a table with the given columns.
func New(cols ...Column) *Table {
	return &Table{cols: cols, content: make([]int, len(cols)), layoutWidth: -1, paints: paints{}}
}

// SetLen says how many rows there are, keeping the cursor's place when it
// can. The rows are drawn again.
func (t *Table) SetLen(n int) {
	t.n = n
	t.clamp()
	t.Invalidate()
}

// Invalidate forgets the drawn rows: the owner's rows changed (a load, a
// filter, a sort, the clock).
func (t *Table) Invalidate() {
	clear(t.lines)
	clear(t.cells)
}

// Len is the number of rows.
func (t *Table) Len() int { return t.n }

// SetContentWidths gives the widest text of each column, measured by the
// owner (off the UI goroutine, once per load). Titles count too.
func (t *Table) SetContentWidths(w []int) {
	copy(t.content, w)
	t.layoutWidth = -1
	t.Invalidate()
}

// SetOrder marks the column of the order with ↑.
func (t *Table) SetOrder(o Order) {
	t.order = o
	t.Invalidate()
}

// SetMarked tells the table which rows carry a mark (for acting on many).
func (t *Table) SetMarked(f func(row int) bool) { t.marked = f }

// SetSize sets the width and the number of visible rows.
func (t *Table) SetSize(width, rows int) {
	if width != t.width {
		t.layoutWidth = -1
	}
	t.width, t.height = width, max(rows, 1)
	t.clamp()
}

// Cursor is the row under the cursor; ok is false when there are no rows.
func (t *Table) Cursor() (row int, ok bool) { return t.cursor, t.n > 0 }

// SetCursor puts the cursor on a row.
func (t *Table) SetCursor(row int) {
	t.cursor = row
	t.clamp()
}

// Move moves the cursor by n rows (negative is up), stopping at the ends.
func (t *Table) Move(n int) { t.SetCursor(t.cursor + n) }

// Top and Bottom jump to the first and last row.
func (t *Table) Top()    { t.SetCursor(0) }
func (t *Table) Bottom() { t.SetCursor(t.n - 1) }

// PageSize is how many rows one page moves.
func (t *Table) PageSize() int { return max(t.height-1, 1) }

func (t *Table) clamp() {
	t.cursor = min(t.cursor, t.n-1)
	t.cursor = max(t.cursor, 0)
	if t.cursor < t.offset {
		t.offset = t.cursor
	}
	if t.cursor >= t.offset+t.height {
		t.offset = t.cursor - t.height + 1
	}
	t.offset = max(min(t.offset, t.n-t.height), 0)
}

// Gap is the spaces between two columns: never fewer, so that neighbours
// never read as one; a low-priority column is dropped first.
const Gap = 2

// markerWidth is the "> " before each row.
const markerWidth = 2

// marker is what stands before a row: ">" for the cursor, "*" for a mark,
// so both show without colour.
func (t *Table) marker(row int, selected bool) string {
	marked := t.marked != nil && t.marked(row)
	switch {
	case selected && marked:
		return ">*"
	case selected:
		return "> "
	case marked:
		return " *"
	}
	return "  "
}

// Visible is the columns on screen at the current width, with their widths.
func (t *Table) Visible() []int {
	out := make([]int, 0, len(t.cols))
	for _, c := range t.columns() {
		out = append(out, c.col)
	}
	return out
}

// View draws the header and the visible rows, exactly height+1 lines;
// cells(row) gives the cells of one row.
func (t *Table) View(st Styles, cells func(row int) []Cell) string {
	cols := t.columns()
	var b strings.Builder
	b.Grow((t.width + 16) * (t.height + 1))
	header := t.paints.of(st.Header)
	b.WriteString("  ")
	for n, c := range cols {
		if n > 0 {
			b.WriteString(spaces(Gap))
		}
		title := t.cols[c.col].Title
		if s := t.cols[c.col].Sorts; s != Unsorted && s == t.order {
			title += " ↑"
		}
		header.write(&b, fit(title, c.width))
	}
	sel := t.paints.of(st.Selected)
	if len(t.lines) > 4*t.height+8 {
		clear(t.lines) // only rows near the screen stay drawn
	}
	if len(t.cells) > 4*t.height+8 {
		clear(t.cells)
	}
	if t.lines == nil {
		t.lines, t.cells = map[int]drawnRow{}, map[int][]Cell{}
	}
	for i := 0; i < t.height; i++ {
		b.WriteByte('\n')
		row := t.offset + i
		if row >= t.n {
			continue
		}
		selected := row == t.cursor
		d, ok := t.lines[row]
		if !ok || selected && !d.hasPlain { // plain only for the cursor's row
			rc, ok := t.cells[row]
			if !ok {
				rc = cells(row)
				t.cells[row] = rc
			}
			if d.styled == "" {
				d.styled = t.draw(cols, rc, false)
			}
			if selected {
				d.plain, d.hasPlain = t.draw(cols, rc, true), true
			}
			t.lines[row] = d
		}
		if selected {
			b.WriteString(sel.open)
			b.WriteString(t.marker(row, true))
			b.WriteString(d.plain)
			b.WriteString(sel.close)
		} else {
			b.WriteString(t.marker(row, false))
			b.WriteString(d.styled)
		}
	}
	return b.String()
}

// draw makes a row's line, after its marker: in the cells' colours, or
// plain.
func (t *Table) draw(cols []colWidth, rc []Cell, plain bool) string {
	var b strings.Builder
	b.Grow(t.width + 24*len(cols)) // and the colours' escapes
	for n, c := range cols {
		if n > 0 {
			b.WriteString(spaces(Gap))
		}
		var cell Cell
		if c.col < len(rc) {
			cell = rc[c.col]
		}
		text, pad := cut(cell.form(c.width), c.width)
		var pt paint
		if !plain {
			pt = t.paints.of(cell.Style)
		}
		b.WriteString(pt.open)
		b.WriteString(text)
		b.WriteString(spaces(pad))
		b.WriteString(pt.close)
	}
	return b.String()
}
