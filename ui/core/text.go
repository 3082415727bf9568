package core

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/unleash-tokens/unleash-tokens/api"
)

// ErrorText is an error made safe to draw.
func ErrorText(err error) string {
	if err == nil {
		return ""
	}
	return api.Clean(err.Error())
}

// WrapIndent word-wraps s to the width, indented by two spaces; a word
// longer than the width is broken, never cut.
func WrapIndent(s string, w int) string {
	return Indent(Wrap(s, max(w-4, 10)), "  ")
}

// Wrap wraps s to the width at spaces only, so that a date, a time or a
// hyphenated name ("2027-10-31", "ci-runner") is never split; a word wider
// than the width is broken, never cut. Lines already in s are kept.
func Wrap(s string, w int) string {
	w = max(w, 1)
	var out []string
	for _, para := range strings.Split(s, "\n") {
		out = append(out, wrapLine(para, w)...)
	}
	return strings.Join(out, "\n")
}

func wrapLine(s string, w int) []string {
	if ansi.StringWidth(s) <= w {
		return []string{s}
	}
	var lines []string
	cur, curW := "", 0
	for _, word := range strings.Split(s, " ") {
		ww := ansi.StringWidth(word)
		switch {
		case curW > 0 && curW+1+ww <= w:
			cur, curW = cur+" "+word, curW+1+ww
			continue
		case curW > 0:
			lines = append(lines, cur)
		}
		if ww > w { // longer than a line: broken, the rest starts the next
			pieces := strings.Split(ansi.Hardwrap(word, w, true), "\n")
			lines = append(lines, pieces[:len(pieces)-1]...)
			word = pieces[len(pieces)-1]
			ww = ansi.StringWidth(word)
		}
		cur, curW = word, ww
	}
	return append(lines, cur)
}

// Indent puts prefix before every line of s.
func Indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}

// Block joins lines (entries may hold several) and pads or cuts the result
// to exactly h lines.
func Block(entries []string, h int) string {
	if h <= 0 {
		return ""
	}
	lines := strings.Split(strings.Join(entries, "\n"), "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// Capitalise puts the first letter in upper case.
func Capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
