package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/unleash-tokens/unleash-tokens/inmem"
)

// TestFooterKeepsTheKeysThatMatter: at common sizes the footer keeps the
// keys that act on the screen and move between its levels (esc back, ←/→
// in the Audit tab, / filter) before the app's own, and always ? help.
func TestFooterKeepsTheKeysThatMatter(t *testing.T) {
	tests := []struct {
		name string
		path []string
		want []string
	}{
		{"my PATs", nil, []string{"/ filter", "R rotate", "s sort", "d delete"}},
		{"an account's tokens", []string{"2", "enter"}, []string{"esc back", "/ filter", "R rotate"}},
		{"a project's tokens", []string{"3", "j", "enter"}, []string{"esc back", "/ filter", "n new"}},
		{"projects", []string{"3"}, []string{"enter open", "/ filter"}},
		{"search", []string{"4"}, []string{"enter keep filter", "esc clear filter", "tab next tab"}},
		{"search, keys back", []string{"4", "esc"}, []string{"/ filter", "R rotate", "s sort"}},
		{"search, filtered", []string{"4", "/", "c", "h", "enter"}, []string{"esc clear filter", "/ filter"}},
		{"audit", []string{"5"}, []string{"←/→ category", "/ filter", "enter go to it", "d delete"}},
	}
	for _, size := range [][2]int{{80, 24}, {120, 35}} {
		for _, tt := range tests {
			t.Run(fmt.Sprintf("%s %dx%d", tt.name, size[0], size[1]), func(t *testing.T) {
				h := newHarness(t, inmem.AdminPAT)
				h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
				h.keys(tt.path...)
				lines := strings.Split(h.view(), "\n")
				footer := lines[len(lines)-1]
				if ansi.StringWidth(footer) > size[0] || strings.HasSuffix(footer, "…") {
					t.Fatalf("footer does not fit: %q", footer)
				}
				want := tt.want
				if !h.m.tabs[h.m.active].Capturing() {
					want = append(want, "? help") // while a field has the keys, ? is text
				}
				for _, w := range want {
					if !strings.Contains(footer, w) {
						t.Errorf("footer lacks %q: %q", w, footer)
					}
				}
			})
		}
	}
}
