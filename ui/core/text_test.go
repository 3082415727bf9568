package core

import (
	"strings"
	"testing"
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

// TestWrapCarriesStyles: a style running past a line's end is closed there
// and opened again on the next line, so each line draws alone as it does
// in a full repaint (a wrapped title kept its colour only after a resize).
func TestWrapCarriesStyles(t *testing.T) {
	const bold, purple, reset = "\x1b[1m", "\x1b[38;5;103m", "\x1b[0m"
	tests := []struct{ name, in, want string }{
		{"a style across the break", bold + purple + "aaa bbb" + reset, bold + purple + "aaa" + reset + "\n" + bold + purple + "bbb" + reset},
		{"closed before the break", purple + "aaa" + reset + " bbb", purple + "aaa" + reset + "\nbbb"},
		{"opened after a reset on the line", purple + "a" + reset + " " + bold + "bb ccc" + reset, purple + "a" + reset + " " + bold + "bb" + reset + "\n" + bold + "ccc" + reset},
		{"plain", "aaa bbb", "aaa\nbbb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Wrap(tt.in, 4); got != tt.want {
				t.Errorf("Wrap(%q, 4) =\n%q, want\n%q", tt.in, got, tt.want)
			}
		})
	}
}
