package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"
)

// TestThemesKeepTheLayout: every screen TestGoldenViews draws, at every size
// it draws them, reads the same in the dark and the light theme as without
// colour (NO_COLOR): with the escape codes taken out, the view is the golden
// file's, cell for cell. Colour (and bold) may only add escape codes, never
// move, cut or add a character; so both themes are held at every size
// without a golden file per theme.
func TestThemesKeepTheLayout(t *testing.T) {
	if testing.Short() {
		t.Skip("draws every screen at every size twice")
	}
	for _, sc := range goldenScreens() {
		for _, size := range sizes {
			name := fmt.Sprintf("%s-%dx%d", sc.name, size[0], size[1])
			want, err := os.ReadFile(filepath.Join("testdata", "TestGoldenViews", name+".golden"))
			if err != nil {
				t.Fatalf("%v (go test ./ui -run TestGoldenViews -update writes it)", err)
			}
			for _, theme := range []string{"dark", "light"} {
				t.Run(name+"-"+theme, func(t *testing.T) {
					lipgloss.SetColorProfile(termenv.TrueColor)
					lipgloss.SetHasDarkBackground(theme == "dark")
					defer func() {
						lipgloss.SetColorProfile(termenv.Ascii)
						lipgloss.SetHasDarkBackground(true)
					}()
					view := settledView(t, sc.token, sc.server, size, func(tm *teatest.TestModel) { sc.drive(t, tm) }, sc.prepare)
					if !strings.Contains(view, "\x1b[38;2;") {
						t.Fatalf("no colour in the %s theme's view:\n%s", theme, view)
					}
					if diff := firstDiffLine(string(want), ansi.Strip(view)); diff != "" {
						t.Fatalf("the %s theme draws %s unlike NO_COLOR: %s", theme, name, diff)
					}
				})
			}
		}
	}
}

// firstDiffLine names the first line where got differs from want; "" when
// they are the same.
func firstDiffLine(want, got string) string {
	w := strings.Split(strings.ReplaceAll(want, "\r\n", "\n"), "\n")
	g := strings.Split(strings.ReplaceAll(got, "\r\n", "\n"), "\n")
	for i := range max(len(w), len(g)) {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d\nNO_COLOR: %q\ntheme:    %q", i+1, wl, gl)
		}
	}
	return ""
}
