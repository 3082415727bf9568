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
	return writeFitted(w, rows, style, TerminalWidth(w), cutFirst)
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
	return writeFitted(w, rows, style, width, nil)
}

func writeFitted(w io.Writer, rows [][]string, style func(row, col int) *lipgloss.Style, width int, cutFirst []string) error {
	if len(rows) == 0 {
		return nil
	}
	widths := make([]int, len(rows[0]))
	for _, row := range rows {
		for i, cell := range row {
			widths[i] = max(widths[i], ansi.StringWidth(cell))
		}
	}
	if width > 0 {
		total := 2 * (len(widths) - 1)
		for _, n := range widths {
			total += n
		}
		first := make([]bool, len(widths))
		for i, h := range rows[0] {
			first[i] = slices.Contains(cutFirst, h)
		}
		for _, pass := range []bool{true, false} { // the cut-first columns, then any
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
		cut := make([][]string, len(rows))
		for n, row := range rows {
			cut[n] = make([]string, len(row))
			for i, cell := range row {
				cut[n][i] = Cut(cell, widths[i])
			}
		}
		rows = cut
	}
	for n, row := range rows {
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
		line := b.String()
		if width > 0 {
			line = ansi.Truncate(line, width, "")
		}
		if _, err := fmt.Fprintln(w, line); err != nil {
			return err
		}
	}
	return nil
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
