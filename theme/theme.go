// Package theme is the one palette: the colours of the app's chrome and of
// each token category, shared by the terminal UI and the command-line
// tables, so that "expired" is the same colour everywhere. Colours adapt to
// light and dark backgrounds; every colour has words beside it, so NO_COLOR
// loses nothing.
package theme

import (
	"github.com/charmbracelet/lipgloss"

	"github.com/unleash-tokens/unleash-tokens/status"
)

// The palette.
var (
	Red    = lipgloss.AdaptiveColor{Light: "#B3261E", Dark: "#FF6B6B"}
	Orange = lipgloss.AdaptiveColor{Light: "#A04900", Dark: "#FFA657"}
	Yellow = lipgloss.AdaptiveColor{Light: "#7A5C00", Dark: "#E3C26B"}
	Green  = lipgloss.AdaptiveColor{Light: "#1B6E2A", Dark: "#7EE787"}
	Blue   = lipgloss.AdaptiveColor{Light: "#0550AE", Dark: "#79C0FF"}
	Purple = lipgloss.AdaptiveColor{Light: "#8E2C8A", Dark: "#D2A8FF"}
	Teal   = lipgloss.AdaptiveColor{Light: "#0E6E78", Dark: "#56D4DD"}
	Grey   = lipgloss.AdaptiveColor{Light: "#5F6368", Dark: "#8B949E"}
	Accent = lipgloss.AdaptiveColor{Light: "#6E40C9", Dark: "#BC8CFF"}
	SelBg  = lipgloss.AdaptiveColor{Light: "#E8E0F8", Dark: "#2A1F48"}
)

// categoryColour is each category's colour; a token in none is "ok", green.
var categoryColour = [status.NumCategories]lipgloss.AdaptiveColor{
	status.Expired:      Red,
	status.ExpiringSoon: Orange,
	status.Expiring:     Yellow,
	status.Stale:        Purple,
	status.NeverUsed:    Grey,
	status.NeverExpires: Teal,
	status.Retiring:     Blue,
}

// Categories are the styles of the categories, and of "ok", for one renderer.
type Categories struct {
	of [status.NumCategories]lipgloss.Style
	ok lipgloss.Style
}

// NewCategories builds the category styles for a renderer (nil: the default
// renderer, standard output's).
func NewCategories(re *lipgloss.Renderer) Categories {
	if re == nil {
		re = lipgloss.DefaultRenderer()
	}
	var c Categories
	for i, colour := range categoryColour {
		c.of[i] = re.NewStyle().Foreground(colour)
	}
	c.of[status.Expired] = c.of[status.Expired].Bold(true)
	c.ok = re.NewStyle().Foreground(Green)
	return c
}

// Of is a category's style.
func (c *Categories) Of(cat status.Category) *lipgloss.Style { return &c.of[cat] }

// OK is the style of a token that needs nothing.
func (c *Categories) OK() *lipgloss.Style { return &c.ok }

// Most is the style of a set's most urgent category, or OK.
func (c *Categories) Most(s status.Set) *lipgloss.Style {
	if cat, ok := s.Most(); ok {
		return &c.of[cat]
	}
	return &c.ok
}

// Expiry is the style of an Expires cell: its expiry category, or OK.
func (c *Categories) Expiry(s status.Set) *lipgloss.Style {
	if cat, ok := s.Expiry(); ok {
		return &c.of[cat]
	}
	return &c.ok
}

// Seen is the style of a Last seen cell: stale, never used, or OK.
func (c *Categories) Seen(s status.Set) *lipgloss.Style {
	if cat, ok := s.Seen(); ok {
		return &c.of[cat]
	}
	return &c.ok
}
