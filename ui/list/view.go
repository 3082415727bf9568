package list

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/ui/core"
	"github.com/unleash-tokens/unleash-tokens/ui/table"
)

// SetSize sets the size the list draws in.
func (l *List[T]) SetSize(w, h int) {
	l.width, l.height = w, h
	l.resize()
}

// Size is the size the list draws in.
func (l *List[T]) Size() (int, int) { return l.width, l.height }

// filterLines is 1 while the filter field is open or a filter applies.
func (l *List[T]) filterLines() int {
	if l.filtering || l.query != "" {
		return 1
	}
	return 0
}

// detailLines is the selected item's detail at this width: all of it,
// wrapped, never cut. Under the table, the table shrinks for a long detail
// rather than cut it (while at least three rows stay); in the side pane
// (SidePaneAt), each field starts a line of its own.
func (l *List[T]) detailLines() []string {
	if l.spec.Detail == nil {
		return nil
	}
	row, ok := l.table.Cursor()
	if !ok || !l.loaded || row >= l.Len() {
		if l.loaded && len(l.items) > 0 && l.Len() == 0 && l.computeID == 0 {
			return []string{"No rows match the filter."}
		}
		return nil
	}
	i := l.itemAt(row)
	d := &l.detail
	if d.ok && d.item == i && d.width == l.width {
		return d.lines
	}
	if !d.ok || d.item != i { // the item's fields are drawn once, packed at each width
		*d = detailCache{ok: true, item: i, fields: drawFields(l.spec.Detail(l.items[i], l.ctx))}
	}
	var lines []string
	if l.sidePane() {
		for _, f := range d.fields {
			lines = append(lines, packDrawn([]drawnField{f}, l.paneWidth())...)
		}
		if len(lines) > l.paneHeight() { // too tall for a field a line: packed, as under the table
			lines = packDrawn(d.fields, l.paneWidth())
		}
	} else {
		lines = packDrawn(d.fields, l.width)
	}
	d.width, d.lines, d.dim = l.width, lines, nil
	return lines
}

// dimmed is the detail's lines in the dim style: those of detailLines
// drawn once with them.
func (l *List[T]) dimmed(detail []string) []string {
	st := l.ctx.Styles
	d := &l.detail
	cached := d.ok && len(detail) > 0 && len(d.lines) == len(detail) && &d.lines[0] == &detail[0]
	if cached && d.dim != nil {
		return d.dim
	}
	out := make([]string, len(detail))
	for i, line := range detail {
		out[i] = st.Dim.Render(line)
	}
	if cached {
		d.dim = out
	}
	return out
}

// SidePaneAt is the width from which the selected item's detail is a pane
// on the right of the table, full height, rather than lines under it.
const SidePaneAt = 160

// paneRule parts the table from the side pane.
const paneRule = " │ "

func (l *List[T]) sidePane() bool { return l.width >= SidePaneAt && l.spec.Detail != nil }

// paneWidth is the side pane's width: a quarter of the screen, 40 to 72
// cells (at 200, a field such as "expires 2026-08-15 12:00:00 UTC (expired
// 3mo ago)" on one line), so the table keeps the most of it.
func (l *List[T]) paneWidth() int { return SidePaneWidth(l.width) }

// SidePaneWidth is the side pane's width on a screen width wide.
func SidePaneWidth(width int) int { return min(max(width/4, 40), 72) }

// tableWidth is the width the table and the filter line take.
func (l *List[T]) tableWidth() int {
	if l.sidePane() {
		return l.width - l.paneWidth() - ansi.StringWidth(paneRule)
	}
	return l.width
}

// detailCache is the selected item's detail: its fields drawn once per
// item, its lines once per item and width, until the items or the clock
// change.
type detailCache struct {
	ok          bool
	item, width int
	fields      []drawnField
	lines       []string
	dim         []string // lines in the dim style (dimmed)
}

// changed forgets what was drawn of the items: they, their order or the
// time changed.
func (l *List[T]) changed() {
	l.table.Invalidate()
	l.detail = detailCache{}
}

// resize gives the table what is left of the height: the title, the
// column header, the filter line and the detail take the rest.
func (l *List[T]) resize() {
	l.filter.Width = max(l.tableWidth()-4, 1)
	if l.sidePane() {
		l.table.SetSize(l.tableWidth(), l.tableRows(0))
		return
	}
	l.table.SetSize(l.width, l.tableRows(len(l.detailLines())))
}

func (l *List[T]) tableRows(detail int) int {
	return max(l.paneHeight()-1-l.filterLines()-detail, 1)
}

// paneHeight is the height under the title (and a failed reload's line):
// the table's header, rows and filter, and the detail under them or beside.
func (l *List[T]) paneHeight() int {
	failed := 0
	if l.loaded && l.err != nil {
		failed = lineCount(l.reloadFailed()) // above the rows
	}
	return l.height - lineCount(l.head()) - failed
}

func lineCount(s string) int { return strings.Count(s, "\n") + 1 }

// head is the title line: the title, the note, the count, the sort and the
// marks, and what is under way; wrapped at " · " when too wide, never cut.
// It is drawn once for what it says (drawnHead): a resize only measures.
func (l *List[T]) head() string {
	st := l.ctx.Styles
	d := l.describe()
	spin, word := "", ""
	if l.loading || l.computeID != 0 {
		spin, word = l.ctx.Spin(), " filtering"
		if l.loading {
			word = " loading"
		}
	}
	busy := spin + word
	h := &l.drawnHead
	if !h.ok || h.title != l.spec.Title || h.note != l.spec.Note || h.describe != d || h.busy != busy {
		parts := []string{st.Title.Render(l.spec.Title)}
		if l.spec.Note != "" {
			parts = append(parts, st.Dim.Render(" · "+l.spec.Note))
		}
		if d != "" {
			parts = append(parts, st.Dim.Render(d))
		}
		if word != "" {
			parts = append(parts, "  "+spin+st.Dim.Render(word))
		}
		line := strings.Join(parts, "")
		*h = drawnHead{ok: true, title: l.spec.Title, note: l.spec.Note, describe: d, busy: busy, line: line, width: table.Width(line)}
	}
	if h.width <= l.width {
		return h.line
	}
	return core.Wrap(h.line, l.width)
}

// drawnHead is the title line as drawn, unwrapped, and what from.
type drawnHead struct {
	ok                          bool
	title, note, describe, busy string
	line                        string
	width                       int
}

// reloadFailed is why a reload failed, above the rows kept: wrapped.
func (l *List[T]) reloadFailed() string {
	failed := "Reload failed: " + core.ErrorText(l.err) + " · r to retry"
	if why := l.ctx.RefusedOwnToken(l.err); why != "" {
		failed = why
	}
	return l.ctx.Styles.Error.Render(core.Wrap(failed, l.width))
}

// View draws the list in exactly its height: title, table or message,
// filter, detail.
func (l *List[T]) View() string {
	st := l.ctx.Styles
	if l.form != nil {
		return l.form.View(l.width, l.height)
	}
	lines := []string{l.head()}
	switch {
	case !l.loaded && l.err != nil:
		return core.Block(append(lines, l.errorLines()...), l.height)
	case !l.loaded:
		lines = append(lines, "", "  "+l.ctx.Spin()+" Loading "+l.spec.What+"…")
		if f := l.FilterLine(); f != "" {
			lines = append(lines, "", f)
		}
		return core.Block(lines, l.height)
	case l.err != nil:
		lines = append(lines, l.reloadFailed()) // a reload failed: keep the rows, say why above them
	}
	if len(l.items) == 0 {
		return core.Block(append(lines, "", st.Dim.Render(core.WrapIndent(l.spec.Empty, l.width))), l.height) // a sentence: wrapped, never cut
	}
	detail := l.detailLines()
	body := []string{l.table.View(table.Styles{Header: &st.ColumnTitle, Selected: &st.Selected}, l.rowCells)}
	if f := l.FilterLine(); f != "" {
		body = append(body, f)
	}
	if l.sidePane() {
		return core.Block(append(lines, l.besidePane(body, l.dimmed(detail), l.height-len(lines))), l.height)
	}
	body = append(body, l.dimmed(detail)...)
	return core.Block(append(lines, body...), l.height)
}

// blank is spaces to pad with, without allocating for each line.
var blank = strings.Repeat(" ", 256)

func blanks(n int) string {
	if n <= len(blank) {
		return blank[:n]
	}
	return strings.Repeat(" ", n)
}

// besidePane draws the table's lines on the left and the detail (in its
// style) on the right, h lines; the rule between them runs the whole height.
func (l *List[T]) besidePane(left, detail []string, h int) string {
	st := l.ctx.Styles
	leftLines := strings.Split(strings.Join(left, "\n"), "\n")
	tw := l.tableWidth()
	rule := st.Dim.Render(paneRule)
	var b strings.Builder
	b.Grow(h * (l.width + 32))
	for i := 0; i < h; i++ {
		if i > 0 {
			b.WriteByte('\n')
		}
		line := ""
		if i < len(leftLines) {
			line = leftLines[i]
		}
		b.WriteString(line)
		if pad := tw - table.Width(line); pad > 0 {
			b.WriteString(blanks(pad))
		}
		b.WriteString(rule)
		if i < len(detail) {
			b.WriteString(detail[i])
		}
	}
	return b.String()
}

// FilterLine is the filter field while it is open, the applied filter
// while one applies, else "".
func (l *List[T]) FilterLine() string {
	switch {
	case l.filtering:
		return l.filter.View()
	case l.query != "":
		line := "filter: " + api.Clean(l.query) + " · / to change, esc to clear"
		if ansi.StringWidth(line) > l.tableWidth() {
			line = ansi.Truncate("filter: "+api.Clean(l.query), l.tableWidth(), "…") // the query is the one thing cut
		}
		return l.ctx.Styles.Dim.Render(line)
	}
	return ""
}

func (l *List[T]) rowCells(row int) []table.Cell {
	return l.spec.Cells(l.items[l.itemAt(row)], l.ctx)
}

func (l *List[T]) errorLines() []string {
	st := l.ctx.Styles
	wrap := func(s string) string { return core.WrapIndent(s, l.width) }
	if why := l.ctx.RefusedOwnToken(l.err); why != "" {
		return []string{"", st.Error.Render(wrap(why))}
	}
	if l.spec.Explain != nil {
		if text := l.spec.Explain(l.err); text != "" {
			return []string{"", wrap(strings.ReplaceAll(text, "\n", " "))}
		}
	}
	out := []string{"", st.Error.Render(wrap("Could not load " + l.spec.What + ":")), wrap(core.ErrorText(l.err))}
	if e, ok := api.AsError(l.err); ok && e.Hint() != "" {
		out = append(out, st.Dim.Render(wrap(e.Hint())))
	}
	return append(out, "", "  "+st.Dim.Render("Press r to retry."))
}

// packFields lays out a detail's fields in lines of width w, " · " between
// them, starting a new line rather than splitting a field that would fit on
// one; a field longer than a line is wrapped at spaces, never cut.
func packFields(fields []Field, w int) []string { return packDrawn(drawFields(fields), w) }

// drawnField is a detail's field in its style, and its width.
type drawnField struct {
	plain, text string
	style       *lipgloss.Style
	width       int
}

// drawFields draws each field in its style and measures it.
func drawFields(fields []Field) []drawnField {
	out := make([]drawnField, len(fields))
	for i, f := range fields {
		plain := f.Value
		if f.Label != "" {
			plain = f.Label + " " + f.Value
		}
		text := plain
		if f.Style != nil {
			text = f.Style.Render(plain)
		}
		out[i] = drawnField{plain: plain, text: text, style: f.Style, width: table.Width(text)}
	}
	return out
}

// packDrawn is packFields of fields drawn once: the lines' widths are
// added up, not measured again.
func packDrawn(fields []drawnField, w int) []string {
	w = max(w, 10)
	var lines []string
	cur, curWidth := "", 0 // the line being packed, measured as it grows
	for _, f := range fields {
		text, tw := f.text, f.width
		switch {
		case cur == "":
		case curWidth+3+tw <= w:
			cur += " · " + text
			curWidth += 3 + tw
			continue
		default:
			lines = append(lines, cur)
			cur = ""
		}
		if tw <= w {
			cur, curWidth = text, tw
			continue
		}
		style := func(s string) string { return s }
		if f.style != nil {
			style = func(s string) string { return f.style.Render(s) }
		}
		wrapped := strings.Split(core.Wrap(f.plain, w), "\n") // at spaces: a date is never split
		for _, l := range wrapped[:len(wrapped)-1] {
			lines = append(lines, style(l))
		}
		cur = style(wrapped[len(wrapped)-1])
		curWidth = table.Width(cur)
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}
