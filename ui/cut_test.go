package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/inmem"
)

// sizes are the terminal sizes every screen is drawn at.
var sizes = [][2]int{{60, 20}, {80, 24}, {120, 35}, {200, 50}}

// TestNoSentenceIsCut draws every screen of the matrix, and what its keys
// say when they cannot act, at every size: no line is wider than the
// terminal, so none is cut (a table cell cuts itself, with …, to its column).
func TestNoSentenceIsCut(t *testing.T) {
	var cut []string
	cutHook = func(l string) { cut = append(cut, l) }
	defer func() { cutHook = nil }()
	for _, sc := range matrixScreens() {
		for _, size := range sizes {
			for _, k := range []string{"", "e", "c", "n", "P"} {
				t.Run(fmt.Sprintf("%s-%dx%d-%q", sc.name, size[0], size[1], k), func(t *testing.T) {
					srv := inmem.New(append([]inmem.Option{inmem.WithClock(testClock)}, sc.server...)...)
					client, err := api.New("https://unleash.example.com", api.Secret(sc.token), api.WithHTTPClient(srv.HTTPClient()), api.WithRetries(0))
					if err != nil {
						t.Fatal(err)
					}
					h := newHarnessWith(t, client, srv, sc.opts...)
					if sc.prepare != nil {
						admin, _ := api.New("https://unleash.example.com", inmem.AdminPAT, api.WithHTTPClient(srv.HTTPClient()))
						sc.prepare(t, admin)
					}
					h.keys(sc.path...)
					h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
					if k != "" && !h.m.tabs[h.m.active].Capturing() && h.m.overlay == nil && !h.m.showHelp {
						h.keys(k)
					}
					cut = nil
					v := h.view()
					if len(cut) > 0 {
						t.Fatalf("cut at %dx%d:\n%s\n\nthe screen:\n%s", size[0], size[1], strings.Join(cut, "\n"), v)
					}
				})
			}
		}
	}
}
