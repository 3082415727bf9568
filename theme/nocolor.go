package theme

import "github.com/charmbracelet/lipgloss"

// WithoutColour empties the palette (NO_COLOR): styles built after it keep
// their bold, underline and the words beside every colour, and draw no
// colour. It returns what puts the palette back (for tests).
func WithoutColour() (restore func()) {
	vars := []*lipgloss.AdaptiveColor{&Red, &Orange, &Yellow, &Green, &Blue, &Purple, &Teal, &Grey, &Accent, &SelBg, &Risk}
	saved := make([]lipgloss.AdaptiveColor, len(vars))
	for i, v := range vars {
		saved[i], *v = *v, lipgloss.AdaptiveColor{}
	}
	savedCats := categoryColour
	categoryColour = [len(categoryColour)]lipgloss.AdaptiveColor{}
	return func() {
		for i, v := range vars {
			*v = saved[i]
		}
		categoryColour = savedCats
	}
}
