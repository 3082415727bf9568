package table

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// narrow are the symbols the screens draw, each one cell wide (as
// ansi.StringWidth counts them); Width counts them without decoding
// graphemes.
var narrow = map[rune]bool{'·': true, '…': true, '─': true, '│': true, '•': true, '≤': true, '→': true, '←': true, '↑': true, '↓': true,
	'‹': true, '›': true, '▂': true, '▄': true, '█': true, '×': true, '–': true, '—': true}

// Width is the number of terminal cells s takes, as ansi.StringWidth
// counts them: printable ASCII, the narrow symbols and CSI escape sequences
// (colours) are counted in one pass, without decoding graphemes; anything
// else (a wide or combining character, another control) goes to
// ansi.StringWidth. A load measures every cell, a frame every line.
func Width(s string) int {
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c >= 0x20 && c < 0x7f:
			n++
			i++
		case c == 0x1b && i+1 < len(s) && s[i+1] == '[':
			j := i + 2
			for j < len(s) && s[j] >= 0x30 && s[j] <= 0x3f { // parameters
				j++
			}
			for j < len(s) && s[j] >= 0x20 && s[j] <= 0x2f { // intermediates
				j++
			}
			if j >= len(s) || s[j] < 0x40 || s[j] > 0x7e { // no final byte
				return ansi.StringWidth(s)
			}
			i = j + 1
		case c >= 0x80:
			r, size := utf8.DecodeRuneInString(s[i:])
			if !narrow[r] {
				return ansi.StringWidth(s)
			}
			n++
			i += size
		default:
			return ansi.StringWidth(s)
		}
	}
	return n
}

// fit pads or cuts s to exactly w cells, ending in "…" when cut.
func fit(s string, w int) string {
	text, pad := cut(s, w)
	if pad > 0 {
		return text + spaces(pad)
	}
	return text
}

// cut is s cut to w cells, ending in "…" when cut, and the spaces that pad
// it to w: fit without making the padded string.
func cut(s string, w int) (string, int) {
	if w <= 0 {
		return "", 0
	}
	sw := Width(s)
	if sw > w {
		if sw == len(s) {
			s = s[:w-1] + "…"
		} else {
			s = ansi.Truncate(s, w, "…")
		}
		sw = ansi.StringWidth(s)
	}
	return s, max(w-sw, 0)
}

const blank = "                                                                                "

func spaces(n int) string {
	if n <= len(blank) {
		return blank[:n]
	}
	return strings.Repeat(" ", n)
}

// paint is a style as the escape codes around a text, found once by
// rendering a sentinel: lipgloss.Style.Render is most of a frame's cost
// when called per cell. Only for styles of colour and weight (no width,
// padding or border).
type paint struct{ open, close string }

type paints map[*lipgloss.Style]paint

func (p paints) of(st *lipgloss.Style) paint {
	if st == nil {
		return paint{}
	}
	if pt, ok := p[st]; ok {
		return pt
	}
	const sentinel = "\u2063" // invisible separator: never in cell text
	out := st.Render(sentinel)
	pt := paint{}
	if i := strings.Index(out, sentinel); i >= 0 {
		pt = paint{open: out[:i], close: out[i+len(sentinel):]}
	}
	p[st] = pt
	return pt
}

func (pt paint) write(b *strings.Builder, text string) {
	b.WriteString(pt.open)
	b.WriteString(text)
	b.WriteString(pt.close)
}
