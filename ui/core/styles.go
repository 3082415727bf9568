package core

import (
	"github.com/charmbracelet/lipgloss"

	"github.com/unleash-tokens/unleash-tokens/theme"
)

// Styles are the app's styles, built once from the palette in theme.
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
	Risk        lipgloss.Style   // a token's risks (orphaned, all projects, …)
	Category    theme.Categories // a token category's colour, shared with the command line
}

// NewStyles builds the styles.
func NewStyles() *Styles {
	s := lipgloss.NewStyle
	return &Styles{
		Title:       s().Bold(true).Foreground(theme.Accent),
		Dim:         s().Foreground(theme.Grey),
		Tab:         s().Foreground(theme.Grey),
		ActiveTab:   s().Bold(true).Underline(true).Foreground(theme.Accent),
		ColumnTitle: s().Bold(true),
		Selected:    s().Bold(true).Background(theme.SelBg),
		Error:       s().Foreground(theme.Red),
		Warning:     s().Foreground(theme.Orange),
		Info:        s().Foreground(theme.Blue),
		Key:         s().Bold(true),
		Risk:        s().Foreground(theme.Risk),
		Category:    theme.NewCategories(nil),
	}
}
