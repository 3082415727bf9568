package form

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/unleash-tokens/unleash-tokens/ui/core"
)

// TestChoiceLineFits: a choice line takes the long labels when they fit,
// the short ones when not, and the short ones closer together when even
// those do not fit (the rotate form at 60 columns cut "never" to "neve…").
func TestChoiceLineFits(t *testing.T) {
	st := core.NewStyles()
	long := []string{"default", "7 days", "30 days", "60 days", "90 days", "date", "never"}
	short := []string{"default", "7d", "30d", "60d", "90d", "date", "never"}
	for _, tc := range []struct {
		w    int
		want string
	}{
		{80, "[default]  7 days   30 days   60 days   90 days   date   never "},
		{50, "[default]  7d   30d   60d   90d   date   never "},
		{46, "[default] 7d 30d 60d 90d date never"},
	} {
		got := ansi.Strip(ChoiceLine(st, tc.w, 0, long, short))
		if got != tc.want {
			t.Errorf("width %d: %q, want %q", tc.w, got, tc.want)
		}
		if ansi.StringWidth(strings.TrimRight(got, " ")) > tc.w {
			t.Errorf("width %d: %q is wider", tc.w, got)
		}
	}
	// Options of several words stay apart (one space between them would
	// run "delete now expire in 1h" together); too wide for one line, they
	// go on more, each whole, lined up under the first (issue 22: cut at
	// 60 columns).
	retire := []string{"delete now", "expire in 1h", "expire in 24h"}
	if got := ansi.Strip(ChoiceLine(st, 30, 2, retire, nil)); got != " delete now   expire in 1h \n              [expire in 24h]" {
		t.Errorf("options of several words: %q", got)
	}
}
