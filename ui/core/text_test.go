package core

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestWrapBreaksAtSpacesOnly(t *testing.T) {
	tests := []struct {
		s    string
		w    int
		want []string
	}{
		{"expires 2027-10-31 12:00:00 UTC (in 11mo)", 18, []string{"expires 2027-10-31", "12:00:00 UTC (in", "11mo)"}},
		{"expires 2027-10-31 12:00:00 UTC", 15, []string{"expires", "2027-10-31", "12:00:00 UTC"}},
		{"short", 10, []string{"short"}},
		{"a verylongwordwithoutspaces b", 8, []string{"a", "verylong", "wordwith", "outspace", "s b"}},
		{"two\nlines", 10, []string{"two", "lines"}},
	}
	for _, tt := range tests {
		got := strings.Split(Wrap(tt.s, tt.w), "\n")
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("Wrap(%q, %d) = %q, want %q", tt.s, tt.w, got, tt.want)
		}
	}
}

// TestWidthIsStringWidth: Width counts as ansi.StringWidth does, plain,
// in colour, with the symbols it knows and with those it leaves to it.
func TestWidthIsStringWidth(t *testing.T) {
	for r := range narrow {
		if w := ansi.StringWidth(string(r)); w != 1 {
			t.Errorf("%q is %d cells wide, not narrow", r, w)
		}
	}
	tests := []string{
		"", "plain ascii", "Audit: 5 expired  2 ≤3d  4 ≤14d · tab 5 (Audit) lists them",
		"\x1b[1;38;2;10;20;30mbold\x1b[0m \x1b[2m · \x1b[m", "> ci-runner…  client  │ expires",
		"日本語 wide", "e\u0301 combining", "flag 🇫🇷", "\u2026\ufe0f variation", "tab\there", "del\x7f",
		"\x1b]8;;https://x\x07link\x1b]8;;\x07", "\x1b[?25l hidden cursor", "\x1b[", "\x1b[12", "\x1bM", "·\u0301",
		"█▄▂ ‹›  ← → ↑ ↓ – — × •",
	}
	for _, s := range tests {
		if got, want := Width(s), ansi.StringWidth(s); got != want {
			t.Errorf("Width(%q) = %d, ansi.StringWidth %d", s, got, want)
		}
	}
}
