// Package textcols writes plain-text tables for the command line: columns
// measured in terminal cells, so wide characters keep them aligned.
package textcols

import (
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// Cut shortens s to w terminal columns (wide characters count two), ending
// in "…" when it cut.
func Cut(s string, w int) string { return ansi.Truncate(s, w, "…") }

// Write writes rows in columns two spaces apart; style (nil for none)
// colours a cell after it is padded, so colour codes never count as width.
func Write(w io.Writer, rows [][]string, style func(row, col int) *lipgloss.Style) error {
	if len(rows) == 0 {
		return nil
	}
	widths := make([]int, len(rows[0]))
	for _, row := range rows {
		for i, cell := range row {
			widths[i] = max(widths[i], ansi.StringWidth(cell))
		}
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
		if _, err := fmt.Fprintln(w, b.String()); err != nil {
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
