package ui

import (
	"github.com/charmbracelet/lipgloss"

	"github.com/unleash-tokens/unleash-tokens/status"
)

// Styles is the one theme, built once. Colours adapt to light and dark
// backgrounds; every colour also has words beside it, so NO_COLOR loses nothing.
type Styles struct {
	Title       lipgloss.Style
	Dim         lipgloss.Style
	Tab         lipgloss.Style
	ActiveTab   lipgloss.Style
	ColumnTitle lipgloss.Style
	Selected    lipgloss.Style
	Error       lipgloss.Style
	Warning     lipgloss.Style
	Info        lipgloss.Style
	Key         lipgloss.Style

	Expired, Soon, Month, Later, Never lipgloss.Style
	Recent, Stale, Unused              lipgloss.Style
}

var (
	red    = lipgloss.AdaptiveColor{Light: "#B3261E", Dark: "#FF6B6B"}
	orange = lipgloss.AdaptiveColor{Light: "#A04900", Dark: "#FFA657"}
	yellow = lipgloss.AdaptiveColor{Light: "#7A5C00", Dark: "#E3C26B"}
	green  = lipgloss.AdaptiveColor{Light: "#1B6E2A", Dark: "#7EE787"}
	blue   = lipgloss.AdaptiveColor{Light: "#0550AE", Dark: "#79C0FF"}
	purple = lipgloss.AdaptiveColor{Light: "#6E40C9", Dark: "#D2A8FF"}
	grey   = lipgloss.AdaptiveColor{Light: "#5F6368", Dark: "#8B949E"}
	accent = lipgloss.AdaptiveColor{Light: "#6E40C9", Dark: "#BC8CFF"}
	selBg  = lipgloss.AdaptiveColor{Light: "#E8E0F8", Dark: "#3B2D5C"}
)

// DefaultStyles builds the theme.
func DefaultStyles() Styles {
	s := lipgloss.NewStyle
	return Styles{
		Title:       s().Bold(true).Foreground(accent),
		Dim:         s().Foreground(grey),
		Tab:         s().Foreground(grey),
		ActiveTab:   s().Bold(true).Underline(true).Foreground(accent),
		ColumnTitle: s().Bold(true),
		Selected:    s().Bold(true).Background(selBg),
		Error:       s().Foreground(red),
		Warning:     s().Foreground(orange),
		Info:        s().Foreground(blue),
		Key:         s().Bold(true),

		Expired: s().Foreground(red).Bold(true),
		Soon:    s().Foreground(orange),
		Month:   s().Foreground(yellow),
		Later:   s().Foreground(green),
		Never:   s().Foreground(purple),
		Recent:  s().Foreground(green),
		Stale:   s().Foreground(yellow),
		Unused:  s().Foreground(grey),
	}
}

// ForExpiry is the style of an expiry bucket.
func (st Styles) ForExpiry(e status.Expiry) lipgloss.Style {
	switch e {
	case status.Expired:
		return st.Expired
	case status.ExpiresSoon:
		return st.Soon
	case status.ExpiresMonth:
		return st.Month
	case status.NeverExpires:
		return st.Never
	}
	return st.Later
}

// ForSeen is the style of a last-seen bucket.
func (st Styles) ForSeen(s status.Seen) lipgloss.Style {
	switch s {
	case status.Stale:
		return st.Stale
	case status.NeverUsed:
		return st.Unused
	}
	return st.Recent
}
