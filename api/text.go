package api

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/unleash-tokens/unleash-tokens/internal/redact"
)

// Clean makes server text safe to draw in a terminal: it drops ANSI and OSC
// escape sequences, other control characters and bidi overrides, and turns
// tabs and newlines into spaces; then every secret the app knows is
// "[redacted]" (internal/redact: the one rule, whatever characters the secret
// has). Every screen and every text writer cleans what the server sent, so
// this is where they all redact.
func Clean(s string) string {
	return redact.Text(cleanControls(s))
}

// CleanControls is Clean without the redaction, for text that is redacted
// (redact.Text) once every secret is known, before any output: the audit's
// rows, whose names a later list's secrets may be in (audit's
// redactSecretsInNames).
func CleanControls(s string) string { return cleanControls(s) }

// cleanControls is Clean without the redaction.
func cleanControls(s string) string {
	if isPlain(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == 0x1b || r == 0x9b || r == 0x9d || r == 0x90:
			i += escapeLen(s[i:], r, size)
			continue
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteByte(' ')
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case unicode.IsControl(r) || isBidiControl(r):
		default:
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}

func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

// escapeLen is the length of the escape sequence at the start of s.
func escapeLen(s string, r rune, size int) int {
	i := size
	kind := r
	if r == 0x1b {
		if i >= len(s) {
			return i
		}
		switch s[i] {
		case '[':
			kind = 0x9b
		case ']':
			kind = 0x9d
		case 'P', 'X', '^', '_':
			kind = 0x90
		default:
			return i + 1 // a two-byte escape such as ESC c
		}
		i++
	}
	switch kind {
	case 0x9b: // CSI: parameters, then one final byte in 0x40–0x7e
		for i < len(s) {
			c := s[i]
			i++
			if c >= 0x40 && c <= 0x7e {
				break
			}
		}
		return i
	default: // OSC, DCS and friends: up to BEL or ST (ESC \ or 0x9c)
		for i < len(s) {
			if s[i] == 0x07 {
				return i + 1
			}
			if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == 0x9c {
				return i + n
			}
			i += n
		}
		return i
	}
}

func isBidiControl(r rune) bool {
	switch {
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return true
	}
	return false
}

// Truncate cuts s to at most n runes, ending in "…" when it cut.
func Truncate(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
