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
//
// A style that runs on past the end of a line is closed there and opened
// again at the start of the next: a line drawn on its own (a terminal
// repainting only what changed) looks as it does after a full repaint.
func Wrap(s string, w int) string {
	w = max(w, 1)
	var out []string
	for _, para := range strings.Split(s, "\n") {
		out = append(out, carryStyles(wrapLine(para, w))...)
	}
	return strings.Join(out, "\n")
}

// carryStyles closes at the end of each line the colour and attribute
// sequences (SGR) still in effect there, and opens them again at the start
// of the next.
func carryStyles(lines []string) []string {
	if len(lines) < 2 {
		return lines
	}
	open := ""
	for i, l := range lines {
		l = open + l
		open = openSGR(l)
		if open != "" && i < len(lines)-1 {
			l += ansiReset
		}
		lines[i] = l
	}
	return lines
}

const ansiReset = "\x1b[0m"

// openSGR is the SGR sequences of s in effect at its end: those after its
// last reset, in order.
func openSGR(s string) string {
	var open strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\x1b' || i+1 >= len(s) || s[i+1] != '[' {
			continue
		}
		j := i + 2
		for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == ';' || s[j] == ':') {
			j++
		}
		if j >= len(s) {
			break
		}
		if s[j] == 'm' {
			if params := s[i+2 : j]; params == "" || params == "0" {
				open.Reset()
			} else {
				open.WriteString(s[i : j+1])
			}
		}
		i = j
	}
	return open.String()
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
