package theme

import (
	"testing"

	"github.com/charmbracelet/lipgloss"
)

// TestContrast: every colour the app draws text in reads at ≥ 4.5:1 (WCAG
// AA) on the background of its theme, and on the selected row's.
func TestContrast(t *testing.T) {
	named := map[string]lipgloss.AdaptiveColor{"red": Red, "orange": Orange, "yellow": Yellow, "green": Green, "blue": Blue,
		"purple": Purple, "teal": Teal, "grey": Grey, "accent": Accent, "risk": Risk}
	check := func(what, fg, bg string) {
		if r := Contrast(fg, bg); r < MinContrast {
			t.Errorf("%s: %s on %s is %.2f:1, under 4.5:1", what, fg, bg, r)
		}
	}
	for name, c := range named {
		for _, bg := range DarkBackgrounds {
			check(name+" (dark)", c.Dark, bg)
		}
		check(name+" (dark, selected row)", c.Dark, SelBg.Dark)
		for _, bg := range LightBackgrounds {
			check(name+" (light)", c.Light, bg)
		}
		check(name+" (light, selected row)", c.Light, SelBg.Light)
	}
	check("text on the selected row (dark)", DarkText, SelBg.Dark)
	check("text on the selected row (light)", LightText, SelBg.Light)
}

// TestCategoriesHaveTheirOwnColour: no category shares the titles' colour
// (in the light theme stale was the titles' purple).
func TestCategoriesHaveTheirOwnColour(t *testing.T) {
	for i, c := range categoryColour {
		if c.Light == Accent.Light || c.Dark == Accent.Dark {
			t.Errorf("category %d has the titles' colour %v", i, c)
		}
	}
}
