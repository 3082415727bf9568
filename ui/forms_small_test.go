package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/unleash-tokens/unleash-tokens/inmem"
)

// TestFormsWholeAt60And80: every form, at 60×20 and 80×24, with the focus
// on each of its fields, shows the field's label and every choice whole,
// and cuts no line (issue 22: the rotate form's "Old token" choices were
// cut at 60 columns; its notes fell off the bottom).
func TestFormsWholeAt60And80(t *testing.T) {
	expiry := []string{"Expires in", "7d|7 days", "30d|30 days", "60d|60 days", "90d|90 days", "date", "never"}
	forms := []struct {
		name   string
		path   []string
		fields [][]string // per focus: what shows whole
	}{
		{"new PAT", []string{"n"}, [][]string{{"Description"}, expiry}},
		{"new API token", []string{"3", "j", "enter", "n"}, [][]string{{"Name"}, {"Type", "backend", "frontend"}, {"Environment", "development", "production"}, expiry}},
		{"expiry change", []string{"3", "j", "enter", "e"}, [][]string{expiry}},
		{"expiry of the marked", []string{"4", "esc", "space", "j", "space", "e"}, [][]string{expiry}},
		{"rotate an API token", []string{"4", "esc", "R"}, [][]string{{"Expires in", "default", "never"}, {"Old token", "delete now", "expire in 1h", "expire in 24h", "expire in 7d", "keep"}}},
		{"rotate a PAT", []string{"j", "R"}, [][]string{{"Expires in", "default", "never"}, {"Old token", "delete now", "keep"}}}, // it expires in 3d: no grace to offer
		{"rotate an account's token", []string{"2", "enter", "R"}, [][]string{{"Expires in", "default", "never"}, {"Old token", "delete now", "keep"}}},
	}
	for _, size := range [][2]int{{60, 20}, {80, 24}} {
		for _, f := range forms {
			t.Run(fmt.Sprintf("%s %dx%d", f.name, size[0], size[1]), func(t *testing.T) {
				var cut []string
				cutHook = func(l string) { cut = append(cut, l) }
				defer func() { cutHook = nil }()
				h := newHarness(t, inmem.AdminPAT)
				h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
				h.keys(f.path...)
				for i, want := range f.fields {
					if i > 0 {
						h.keys("tab")
					}
					v := h.view()
					if len(cut) > 0 {
						t.Fatalf("field %d: cut:\n%s\n\n%s", i, strings.Join(cut, "\n"), v)
					}
					if !strings.Contains(v, "› "+want[0]) {
						t.Fatalf("field %d: %q is not focused and shown:\n%s", i, want[0], v)
					}
					for _, alts := range want[1:] {
						whole := false
						for _, w := range strings.Split(alts, "|") {
							whole = whole || strings.Contains(v, " "+w+" ") || strings.Contains(v, "["+w+"]") || strings.Contains(v, " "+w+"\n")
						}
						if !whole {
							t.Errorf("field %d: the choice %q is not shown whole:\n%s", i, alts, v)
						}
					}
				}
			})
		}
	}
}
