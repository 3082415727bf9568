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
