// Package textcols writes plain-text tables for the command line: columns
// measured in terminal cells, so wide characters keep them aligned.
package textcols

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"golang.org/x/term"
)

// Cut shortens s to w terminal columns (wide characters count two), ending
// in "…" when it cut.
func Cut(s string, w int) string { return ansi.Truncate(s, w, "…") }

// Write writes rows in columns two spaces apart; style (nil for none)
// colours a cell after it is padded, so colour codes never count as width.
// On a terminal the table fits its width: the widest columns are cut
// (ending in …), never wrapped; anywhere else (a pipe, a file) it is whole.
func Write(w io.Writer, rows [][]string, style func(row, col int) *lipgloss.Style) error {
	return WriteWidth(w, rows, style, TerminalWidth(w))
}

// WriteCutting is Write where, to fit a terminal, the columns headed by
// cutFirst (NAME, WHERE) are cut before the others (KIND, ID, EXPIRES),
// which are cut only when those are down to their least.
func WriteCutting(w io.Writer, rows [][]string, style func(row, col int) *lipgloss.Style, cutFirst ...string) error {
	return Fit{CutFirst: cutFirst}.WriteWidth(w, rows, style, TerminalWidth(w))
}

// Fit says how a table fits a terminal narrower than the table: which
// columns are cut first, and which are left out, whole, before those are cut
// short. Ids and dates are never cut while a column can go.
type Fit struct {
	// CutFirst are the headings of the columns cut (ending in …) before the
	// others: names, places, free text.
	CutFirst []string
	// Drop are the headings of the columns left out, least useful first,
	// while the table would cut a CutFirst column below minKeep cells or cut
	// any other column at all.
	Drop []string
}

// Write is Write at the terminal's width, fitted as f says.
func (f Fit) Write(w io.Writer, rows [][]string, style func(row, col int) *lipgloss.Style) error {
	return f.WriteWidth(w, rows, style, TerminalWidth(w))
}

// WriteWidth is Write in at most width columns (0: no limit, nothing left
// out or cut).
func (f Fit) WriteWidth(w io.Writer, rows [][]string, style func(row, col int) *lipgloss.Style, width int) error {
	if len(rows) == 0 {
		return nil
	}
	widths := naturalWidths(rows)
	if width > 0 {
		keep := f.kept(rows[0], widths, width)
		rows, widths, style = only(rows, widths, style, keep)
		cutWidths(widths, f.firstColumns(rows[0]), width)
		rows = cutRows(rows, widths)
	}
	return writeRows(w, rows, widths, style, width)
}

// TerminalWidth is the width of w when it is a terminal, else 0.
func TerminalWidth(w io.Writer) int {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return 0
	}
	width, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return 0
	}
	return width
}

// minCut is the narrowest a column is cut to.
const minCut = 6

// WriteWidth is Write in at most width columns (0: no limit): the widest
// column loses a cell at a time, down to minCut, then each line is cut.
func WriteWidth(w io.Writer, rows [][]string, style func(row, col int) *lipgloss.Style, width int) error {
	return Fit{}.WriteWidth(w, rows, style, width)
}

// minKeep is the narrowest a CutFirst column is cut to while Fit.Drop has a
// column to leave out instead.
const minKeep = 12

// naturalWidths are the columns' widths uncut.
func naturalWidths(rows [][]string) []int {
	widths := make([]int, len(rows[0]))
	for _, row := range rows {
		for i, cell := range row {
			widths[i] = max(widths[i], ansi.StringWidth(cell))
		}
	}
	return widths
}

// tableWidth is the width of columns two spaces apart.
func tableWidth(widths []int, keep []bool) int {
	total, n := 0, 0
	for i, w := range widths {
		if keep[i] {
			total += w
			n++
		}
	}
	return total + 2*max(n-1, 0)
}

// firstColumns marks the columns headed by one of f.CutFirst.
func (f Fit) firstColumns(head []string) []bool {
	first := make([]bool, len(head))
	for i, h := range head {
		first[i] = slices.Contains(f.CutFirst, h)
	}
	return first
}

// kept marks the columns shown in width: all of them, less those of f.Drop,
// in order, while the rest would not fit with the CutFirst columns down to
// minKeep and the others whole.
func (f Fit) kept(head []string, widths []int, width int) []bool {
	keep := make([]bool, len(head))
	least := make([]int, len(head))
	first := f.firstColumns(head)
	for i, n := range widths {
		keep[i] = true
		least[i] = n
		if first[i] {
			least[i] = min(n, minKeep)
		}
	}
	for _, d := range f.Drop {
		if tableWidth(least, keep) <= width {
			break
		}
		if i := slices.Index(head, d); i >= 0 {
			keep[i] = false
		}
	}
	return keep
}

// only is the table with the kept columns, and style called with the
// column's place in the whole table.
func only(rows [][]string, widths []int, style func(row, col int) *lipgloss.Style, keep []bool) ([][]string, []int, func(row, col int) *lipgloss.Style) {
	if !slices.Contains(keep, false) {
		return rows, widths, style
	}
	var cols []int
	for i, k := range keep {
		if k {
			cols = append(cols, i)
		}
	}
	out := make([][]string, len(rows))
	for n, row := range rows {
		out[n] = make([]string, 0, len(cols))
		for _, i := range cols {
			if i < len(row) {
				out[n] = append(out[n], row[i])
			}
		}
	}
	kept := make([]int, len(cols))
	for j, i := range cols {
		kept[j] = widths[i]
	}
	if style == nil {
		return out, kept, nil
	}
	return out, kept, func(row, col int) *lipgloss.Style { return style(row, cols[col]) }
}

// cutWidths narrows the widest column a cell at a time, down to minCut,
// until the table fits: the first columns, then any.
func cutWidths(widths []int, first []bool, width int) {
	all := make([]bool, len(widths))
	for i := range all {
		all[i] = true
	}
	total := tableWidth(widths, all)
	for _, pass := range []bool{true, false} {
		for total > width {
			widest := -1
			for i, n := range widths {
				if (!pass || first[i]) && n > minCut && (widest < 0 || n > widths[widest]) {
					widest = i
				}
			}
			if widest < 0 {
				break
			}
			widths[widest]--
			total--
		}
	}
}

// cutRows cuts each cell to its column's width.
func cutRows(rows [][]string, widths []int) [][]string {
	cut := make([][]string, len(rows))
	for n, row := range rows {
		cut[n] = make([]string, len(row))
		for i, cell := range row {
			cut[n][i] = Cut(cell, widths[i])
		}
	}
	return cut
}

// writeRows writes the rows padded to widths, each line cut to width (0:
// not cut).
func writeRows(w io.Writer, rows [][]string, widths []int, style func(row, col int) *lipgloss.Style, width int) error {
	for n, row := range rows {
		line := rowLine(n, row, widths, style)
		if width > 0 {
			line = ansi.Truncate(line, width, "")
		}
		if _, err := fmt.Fprintln(w, line); err != nil {
			return err
		}
	}
	return nil
}

// rowLine is one row, its cells padded two spaces apart, and styled after.
func rowLine(n int, row []string, widths []int, style func(row, col int) *lipgloss.Style) string {
	var b strings.Builder
	last := len(row) - 1
	for last > 0 && row[last] == "" { // no padding before empty cells at the end
		last--
	}
	for i, cell := range row[:last+1] {
		if i < last {
			cell += strings.Repeat(" ", widths[i]-ansi.StringWidth(cell)+2)
		} else {
			cell = strings.TrimRight(cell, " ")
		}
		if style != nil {
			if st := style(n, i); st != nil {
				cell = st.Render(cell)
			}
		}
		b.WriteString(cell)
	}
	return b.String()
}

// Plural is "1 token", "2 tokens".
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// Wrapping is w, but on a terminal each line it is given is wrapped at
// spaces to the terminal's width (a word longer than the width is broken),
// where the terminal would break it mid-word: for sentences and headings
// above a table; the table fits by itself.
func Wrapping(w io.Writer) io.Writer {
	if width := TerminalWidth(w); width > 0 {
		return WrapWidth(w, width)
	}
	return w
}

// WrapWidth is Wrapping at a given width.
func WrapWidth(w io.Writer, width int) io.Writer { return wrapWriter{w, width} }

type wrapWriter struct {
	w     io.Writer
	width int
}

// Write wraps each line of p; one write is one or more whole lines, as
// fmt.Fprintln and fmt.Fprintf with a final newline give.
func (ww wrapWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(ww.w, ansi.Wrap(string(p), ww.width, "")); err != nil {
		return 0, err
	}
	return len(p), nil
}
