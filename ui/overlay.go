package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// An overlay takes the whole body and every key until it closes: a question
// or a new secret.
type overlay interface {
	update(msg tea.Msg) (cmd tea.Cmd, closed bool)
	view(width, height int) string
	keys() []key.Binding
}

// flashMsg puts a line in the footer until the next key.
type flashMsg struct {
	text    string
	isError bool
}

func flash(text string) tea.Cmd { return func() tea.Msg { return flashMsg{text: text} } }
func flashError(text string) tea.Cmd {
	return func() tea.Msg { return flashMsg{text: text, isError: true} }
}

// askMsg opens a yes/no question whose answer defaults to no.
type askMsg struct {
	lines []string // the first is the question
	hint  string   // what y and n do, e.g. "y deletes · n, esc or enter keeps it"
	yes   tea.Cmd
}

func ask(yes tea.Cmd, hint string, lines ...string) tea.Cmd {
	return func() tea.Msg { return askMsg{lines: lines, hint: hint, yes: yes} }
}

// confirmOverlay asks (y/N).
type confirmOverlay struct {
	ctx   *Context
	lines []string
	hint  string
	yes   tea.Cmd
}

func (c *confirmOverlay) update(msg tea.Msg) (tea.Cmd, bool) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil, false
	}
	switch k.String() {
	case "y", "Y":
		return c.yes, true
	case "ctrl+c":
		return tea.Quit, true
	case "n", "N", "esc", "enter", "q":
		return flash("Cancelled."), true
	}
	return nil, false
}

func (c *confirmOverlay) keys() []key.Binding {
	return []key.Binding{
		key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "yes")),
		key.NewBinding(key.WithKeys("n", "esc", "enter"), key.WithHelp("n/esc/enter", "no")),
	}
}

func (c *confirmOverlay) view(w, h int) string {
	st := &c.ctx.Styles
	lines := []string{"", st.Warning.Render(wrapIndent(c.lines[0]+" (y/N)", w))}
	for _, l := range c.lines[1:] {
		lines = append(lines, wrapIndent(l, w))
	}
	return block(append(lines, "", "  "+st.Dim.Render(c.hint)), h)
}

// wrapIndent word-wraps s to the width, indented by two spaces.
func wrapIndent(s string, w int) string {
	return indent(ansi.Wordwrap(s, max(w-4, 10), " "), "  ")
}

// hardWrap cuts s into lines of at most w cells, never dropping a character:
// for secrets, which must be shown whole.
func hardWrap(s string, w int) string {
	if w < 1 {
		w = 1
	}
	var out []string
	for ansi.StringWidth(s) > w {
		out = append(out, s[:w])
		s = s[w:]
	}
	return strings.Join(append(out, s), "\n")
}
