package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// tab is one of the four tabs. Tabs mutate themselves and return commands;
// only the root model calls them.
type tab interface {
	title(short bool) string
	activate() tea.Cmd // on every show; loads the first time
	reload() tea.Cmd
	update(msg tea.Msg) tea.Cmd
	view() string
	setSize(width, height int)
	capturing() bool // a text field has the keyboard
	back() bool      // esc: go up one level; false when already at the top
	busy() bool      // a request is under way
	keys() []key.Binding
}
