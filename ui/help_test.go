package ui

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/unleash-tokens/unleash-tokens/inmem"
)

// TestHelpScrollsAt60x20: at 60×20 the help cut its key columns ("…") and
// the status words off the bottom (issue 22); it shows every key whole,
// and scrolls (j/k, pgup/pgdn, g/G), saying so and where it is.
func TestHelpScrollsAt60x20(t *testing.T) {
	where := regexp.MustCompile(`j/k scroll • \?/esc close help · lines (\d+)–(\d+) of (\d+)`)
	for _, path := range [][]string{nil, {"j"}, {"2", "enter"}, {"3"}, {"4", "esc"}, {"5"}} {
		t.Run(fmt.Sprint(path), func(t *testing.T) {
			h := newHarness(t, inmem.AdminPAT)
			h.send(tea.WindowSizeMsg{Width: 60, Height: 20})
			h.keys(path...)
			want := append(helpKeys(h.m.tabs[h.m.active]), h.m.actions().HelpKeys()...)
			h.keys("?")
			var seen []string
			for range 100 {
				v := h.view()
				lines := strings.Split(v, "\n")
				for _, l := range lines {
					if ansi.StringWidth(l) > 60 || strings.Contains(l, "…") {
						t.Fatalf("a line cut or too wide: %q\n%s", l, v)
					}
				}
				seen = append(seen, lines...)
				m := where.FindStringSubmatch(lines[len(lines)-1])
				if m == nil {
					t.Fatalf("the footer does not say where the help is:\n%s", v)
				}
				if m[2] == m[3] {
					break // the last line shown
				}
				h.keys("j")
			}
			all := strings.Join(seen, "\n")
			for _, b := range want {
				if !regexp.MustCompile(regexp.QuoteMeta(b.Help().Key) + ` +` + regexp.QuoteMeta(b.Help().Desc)).MatchString(all) {
					t.Errorf("help never shows %q %q whole:\n%s", b.Help().Key, b.Help().Desc, all)
				}
			}
			for _, w := range []string{"no expiry date", "at risk, !", "+2"} {
				if !strings.Contains(all, w) {
					t.Errorf("help never shows %q", w)
				}
			}
			// The other scroll keys, and the way back.
			h.keys("g")
			h.mustSee("lines 1–")
			h.keys("pgdown")
			h.mustNotSee("lines 1–")
			h.keys("pgup")
			h.mustSee("lines 1–")
			h.keys("G", "k")
			if m := where.FindStringSubmatch(h.view()); m == nil || m[2] == m[3] {
				t.Fatalf("k did not scroll up from the end:\n%s", h.view())
			}
			h.keys("esc")
			h.mustNotSee("close help")
			h.keys("?")
			h.mustSee("lines 1–") // opens at its top again
		})
	}
}
