package theme

import (
	"math"
	"strconv"
	"testing"

	"github.com/charmbracelet/lipgloss"
)

// luminance is a colour's relative luminance (WCAG 2.x).
func luminance(hex string) float64 {
	ch := func(i int) float64 {
		v, _ := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		c := float64(v) / 255
		if c <= 0.03928 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(0) + 0.7152*ch(1) + 0.0722*ch(2)
}

// contrast is the WCAG contrast ratio of two colours.
func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// The backgrounds the app is drawn on: a dark terminal's (the darkest and
// a common grey) and a light one's; the selected row's own.
var (
	darkBackgrounds  = []string{"#000000", "#1E1E1E"}
	lightBackgrounds = []string{"#FFFFFF"}
	darkText         = "#E6E6E6" // a dark terminal's default text, drawn on the selected row
	lightText        = "#000000"
)

// TestContrast: every colour the app draws text in reads at ≥ 4.5:1 (WCAG
// AA) on the background of its theme, and on the selected row's.
func TestContrast(t *testing.T) {
	named := map[string]lipgloss.AdaptiveColor{"red": Red, "orange": Orange, "yellow": Yellow, "green": Green, "blue": Blue,
		"purple": Purple, "teal": Teal, "grey": Grey, "accent": Accent, "risk": Risk}
	check := func(what, fg, bg string) {
		if r := contrast(fg, bg); r < 4.5 {
			t.Errorf("%s: %s on %s is %.2f:1, under 4.5:1", what, fg, bg, r)
		}
	}
	for name, c := range named {
		for _, bg := range darkBackgrounds {
			check(name+" (dark)", c.Dark, bg)
		}
		check(name+" (dark, selected row)", c.Dark, SelBg.Dark)
		for _, bg := range lightBackgrounds {
			check(name+" (light)", c.Light, bg)
		}
		check(name+" (light, selected row)", c.Light, SelBg.Light)
	}
	check("text on the selected row (dark)", darkText, SelBg.Dark)
	check("text on the selected row (light)", lightText, SelBg.Light)
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
