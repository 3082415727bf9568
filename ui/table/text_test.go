package table

import (
	"testing"

	"github.com/charmbracelet/x/ansi"
)

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
