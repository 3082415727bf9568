package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// TestHeaderKeepsWhatMattersFirst: too narrow for all of it, the header
// drops the rest before the version, the version before read-only, and
// read-only before the instance (issue 22: at 80 columns it dropped
// read-only and the version first).
func TestHeaderKeepsWhatMattersFirst(t *testing.T) {
	h := withOpts(t, func(o *Options) { o.ReadOnly = true })
	order := []string{"https://unleash.example.com", "read-only", "Enterprise 8.2.0", "Ada Admin (admin)", "unleash-tokens"}
	for _, width := range []int{28, 40, 50, 60, 70, 80, 100, 120, 200} {
		h.send(tea.WindowSizeMsg{Width: width, Height: 35})
		line := ansi.Strip(h.m.header())
		if ansi.StringWidth(line) > width && width >= len(order[0]) {
			t.Fatalf("%d columns: the header is wider: %q", width, line)
		}
		if !strings.Contains(line, order[0]) {
			t.Fatalf("%d columns: the instance is gone: %q", width, line)
		}
		for i := 1; i < len(order); i++ {
			if strings.Contains(line, order[i]) && !strings.Contains(line, order[i-1]) {
				t.Fatalf("%d columns: %q kept before %q: %q", width, order[i], order[i-1], line)
			}
		}
		for _, part := range order {
			if width == 200 && !strings.Contains(line, part) {
				t.Fatalf("200 columns: %q is missing: %q", part, line)
			}
		}
		if width >= 80 && !strings.Contains(line, "read-only") {
			t.Fatalf("%d columns: read-only is gone: %q", width, line)
		}
	}
}
