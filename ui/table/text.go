package table

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// Width is the number of terminal cells s takes; plain ASCII is counted
// without decoding.
func Width(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}

// fit pads or cuts s to exactly w cells, ending in "…" when cut.
func fit(s string, w int) string {
	if w <= 0 {
		return ""
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
	if sw < w {
		return s + spaces(w-sw)
	}
	return s
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
