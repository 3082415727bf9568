//go:build !race

package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	apptheme "github.com/unleash-tokens/unleash-tokens/theme"
)

// Not under -race: TestGoldenViews runs these screens under it, and a second
// and third run of each would take the package past go test's 10 minutes on a
// loaded machine; scripts/test.sh runs this file as a step of its own.

// TestThemesKeepTheLayout: every screen TestGoldenViews draws, at every size
// it draws them, reads the same in the dark and the light theme as without
// colour (NO_COLOR): with the escape codes taken out, the view is the golden
// file's, cell for cell. Colour (and bold) may only add escape codes, never
// move, cut or add a character; so both themes are held at every size
// without a golden file per theme. And every foreground/background pair the
// view draws a character in reads at ≥ 4.5:1 (WCAG AA) on the theme's
// terminal (drawnContrast): the pairs are read from the view itself, so a
// pair a screen starts to draw (a new pill, bar or footer style) is measured
// without a list to keep.
func TestThemesKeepTheLayout(t *testing.T) {
	if testing.Short() {
		t.Skip("draws every screen at every size twice")
	}
	type job struct {
		name string
		sc   goldenScreen
		size [2]int
		want string
	}
	var jobs []job
	for _, sc := range goldenScreens() {
		for _, size := range sizes {
			name := fmt.Sprintf("%s-%dx%d", sc.name, size[0], size[1])
			want, err := os.ReadFile(filepath.Join("testdata", "TestGoldenViews", name+".golden"))
			if err != nil {
				t.Fatalf("%v (go test ./ui -run TestGoldenViews -update writes it)", err)
			}
			jobs = append(jobs, job{name, sc, size, string(want)})
		}
	}
	for _, theme := range []string{"dark", "light"} {
		// The theme is the default renderer's, for the whole process: one
		// theme at a time, its screens side by side (each program mostly
		// waits for its server and for quiet), a few at once.
		lipgloss.SetColorProfile(termenv.TrueColor)
		lipgloss.SetHasDarkBackground(theme == "dark")
		t.Run(theme, func(t *testing.T) {
			var wg sync.WaitGroup
			slots := make(chan struct{}, themeRunsAtOnce)
			for _, j := range jobs {
				wg.Add(1)
				slots <- struct{}{}
				go func() {
					defer wg.Done()
					defer func() { <-slots }()
					view := settledView(t, j.sc.token, j.sc.server, j.size, func(tm *teatest.TestModel) { j.sc.drive(t, tm) }, j.sc.prepare)
					if !strings.Contains(view, "\x1b[38;2;") {
						t.Errorf("%s: no colour in the %s theme's view:\n%s", j.name, theme, view)
						return
					}
					if diff := firstDiffLine(j.want, ansi.Strip(view)); diff != "" {
						t.Errorf("the %s theme draws %s unlike NO_COLOR: %s", theme, j.name, diff)
					}
					for _, problem := range drawnContrast(view, theme == "dark") {
						t.Errorf("%s, %s theme: %s", j.name, theme, problem)
					}
				}()
			}
			wg.Wait()
		})
		lipgloss.SetColorProfile(termenv.Ascii)
		lipgloss.SetHasDarkBackground(true)
	}
}

// themeRunsAtOnce is how many programs TestThemesKeepTheLayout runs at once.
const themeRunsAtOnce = 4

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

// drawnContrast measures every foreground/background pair view draws a
// visible character in, on each terminal of the theme (its default text
// and backgrounds, as theme.TestContrast assumes), and names each pair
// under theme.MinContrast, and each colour it cannot measure (the 16 ANSI
// colours, which the terminal picks; faint text).
func drawnContrast(view string, dark bool) []string {
	text, backgrounds := apptheme.LightText, apptheme.LightBackgrounds
	if dark {
		text, backgrounds = apptheme.DarkText, apptheme.DarkBackgrounds
	}
	var problems []string
	seen := map[string]bool{}
	for _, bg0 := range backgrounds {
		for p, example := range drawnPairs(view) {
			fg, bg := p.fg, p.bg
			if fg == "" {
				fg = text
			}
			if bg == "" {
				bg = bg0
			}
			if p.reverse {
				fg, bg = bg, fg
			}
			var problem string
			switch {
			case p.unknown != "":
				problem = fmt.Sprintf("%s, which the terminal picks: %q", p.unknown, example)
			case apptheme.Contrast(fg, bg) < apptheme.MinContrast:
				problem = fmt.Sprintf("%s on %s is %.2f:1, under %.1f:1: %q", fg, bg, apptheme.Contrast(fg, bg), apptheme.MinContrast, example)
			}
			if problem != "" && !seen[problem] {
				seen[problem] = true
				problems = append(problems, problem)
			}
		}
	}
	return problems
}

// pen is how a character is drawn: its colours as #RRGGBB ("" for the
// terminal's own), reverse video, and what cannot be measured.
type pen struct {
	fg, bg  string
	reverse bool
	unknown string
}

// drawnPairs are the pens view draws visible characters with, each with
// the first text drawn so.
func drawnPairs(view string) map[pen]string {
	out := map[pen]string{}
	var cur pen
	var run strings.Builder
	flush := func() {
		if txt := strings.TrimSpace(run.String()); txt != "" {
			if _, ok := out[cur]; !ok {
				out[cur] = txt
			}
		}
		run.Reset()
	}
	for i := 0; i < len(view); {
		if view[i] != 0x1b {
			if view[i] == '\n' {
				flush()
			} else {
				run.WriteByte(view[i])
			}
			i++
			continue
		}
		flush()
		if i+1 < len(view) && view[i+1] == '[' {
			j := i + 2
			for j < len(view) && (view[j] < 0x40 || view[j] > 0x7e) {
				j++
			}
			if j < len(view) && view[j] == 'm' {
				cur = applySGR(cur, view[i+2:j])
			}
			i = j + 1
			continue
		}
		i += 2 // another escape: none is drawn in these views
	}
	flush()
	return out
}

// applySGR is p after the parameters of one SGR sequence.
func applySGR(p pen, params string) pen {
	f := strings.Split(params, ";")
	for k := 0; k < len(f); k++ {
		switch n := f[k]; {
		case n == "" || n == "0":
			p = pen{}
		case n == "2":
			p.unknown = "faint text"
		case n == "7":
			p.reverse = true
		case n == "27":
			p.reverse = false
		case n == "39":
			p.fg = ""
		case n == "49":
			p.bg = ""
		case (n == "38" || n == "48") && k+1 < len(f):
			c, used := sgrColour(f[k+1:])
			k += used
			if n == "38" {
				p.fg = c
			} else {
				p.bg = c
			}
			if c == "" {
				p.unknown = "a colour"
			}
		case len(n) == 2 && (n[0] == '3' || n[0] == '4' || n[0] == '9') || len(n) == 3 && n[:2] == "10":
			p.unknown = "ANSI colour " + n
		}
	}
	return p
}

// sgrColour reads "2;r;g;b" or "5;n" as #RRGGBB, and how many parameters
// it took.
func sgrColour(f []string) (string, int) {
	switch {
	case f[0] == "2" && len(f) >= 4:
		var rgb [3]int
		for i := range rgb {
			fmt.Sscan(f[1+i], &rgb[i])
		}
		return fmt.Sprintf("#%02X%02X%02X", rgb[0], rgb[1], rgb[2]), 4
	case f[0] == "5" && len(f) >= 2:
		var n int
		fmt.Sscan(f[1], &n)
		if n < 16 {
			return "", 2
		}
		return termenv.ConvertToRGB(termenv.ANSI256Color(n)).Hex(), 2
	}
	return "", len(f)
}

// TestDrawnContrastMeasures: drawnContrast reads a view's pens as a
// terminal would draw them: the footer's old bubbles grey (240 on a dark
// terminal, #AFAFAF on white), a basic ANSI colour and faint text fail; the
// palette on its own theme, the selected row and reverse video pass.
func TestDrawnContrastMeasures(t *testing.T) {
	sel := "\x1b[1;48;2;42;31;72mselected\x1b[0m"
	tests := []struct {
		view string
		dark bool
		bad  int
	}{
		{"\x1b[38;2;139;147;158mgrey\x1b[0m plain " + sel + " \x1b[7mcursor\x1b[0m", true, 0},
		{"\x1b[38;5;240mq\x1b[0m quit", true, 2}, // on each dark background
		{"\x1b[38;2;175;175;175mq\x1b[0m quit", false, 1},
		{"\x1b[31mred\x1b[0m", true, 1},
		{"\x1b[2mfaint\x1b[0m", false, 1},
		{"\x1b[38;2;139;147;158m   \x1b[0m", true, 0}, // spaces draw nothing
	}
	for _, tt := range tests {
		if got := drawnContrast(tt.view, tt.dark); len(got) != tt.bad {
			t.Errorf("%q (dark %v): %d problems, want %d: %q", tt.view, tt.dark, len(got), tt.bad, got)
		}
	}
}
