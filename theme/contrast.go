package theme

import (
	"math"
	"strconv"
)

// MinContrast is the least contrast ratio text is drawn at: WCAG AA's 4.5:1.
const MinContrast = 4.5

// The terminals the palette is measured on: a dark one's backgrounds (the
// darkest and a common grey) and default text, a light one's.
var (
	DarkBackgrounds  = []string{"#000000", "#1E1E1E"}
	LightBackgrounds = []string{"#FFFFFF"}
	DarkText         = "#E6E6E6"
	LightText        = "#000000"
)

// luminance is a colour's relative luminance (WCAG 2.x), given as #RRGGBB.
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

// Contrast is the WCAG contrast ratio of two colours given as #RRGGBB.
func Contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}
