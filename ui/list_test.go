package ui

import (
	"reflect"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/unleash-tokens/unleash-tokens/inmem"
)

func TestPackDetail(t *testing.T) {
	detail := "expires 2027-11-23 10:00:00 UTC · last seen never used · created 2026-11-22 10:00:00 UTC · PAT #1"
	tests := []struct {
		name   string
		detail string
		width  int
		lines  int
		want   []string
	}{
		{"one line, wide enough", detail, 200, 1, []string{detail}},
		{"one line, too narrow: cut later", detail, 40, 1, []string{detail}},
		{"two lines", detail, 80, 2, []string{"expires 2027-11-23 10:00:00 UTC · last seen never used", "created 2026-11-22 10:00:00 UTC · PAT #1"}},
		{"two lines, the rest on the last", detail, 35, 2, []string{"expires 2027-11-23 10:00:00 UTC", "last seen never used · created 2026-11-22 10:00:00 UTC · PAT #1"}},
		{"fits on the first of two", detail, 200, 2, []string{detail, ""}},
		{"no detail", "", 80, 2, []string{"", ""}},
		{"one part wider than the line", "No rows match the filter.", 10, 2, []string{"No rows match the filter.", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := packDetail(tt.detail, tt.width, tt.lines); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// At 80×24 the selected row's times and id all show, on two lines.
func TestDetailTakesTwoLinesWhenNarrow(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.mustSee("expires 2027-11-23 12:00:00 UTC · last seen", "created 2026-11-22 12:00:00 UTC · PAT #1")
	if lines := strings.Split(h.view(), "\n"); len(lines) != 24 {
		t.Fatalf("%d lines, want 24", len(lines))
	}
	h.send(tea.WindowSizeMsg{Width: 120, Height: 24})
	h.mustSee("last seen 2026-11-23 12:00:00 UTC · created 2026-11-22 12:00:00 UTC · PAT #1")
}
