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
	return Indent(ansi.Wrap(s, max(w-4, 10), " "), "  ")
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
