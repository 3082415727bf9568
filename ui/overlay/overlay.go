// Package overlay is what takes the whole screen and every key until it
// closes: a yes/no question, and the screen that shows a new secret once.
package overlay

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/unleash-tokens/unleash-tokens/ui/core"
	"github.com/unleash-tokens/unleash-tokens/ui/keys"
)

// Overlay is a question or a new secret.
type Overlay interface {
	Update(msg tea.Msg) (cmd tea.Cmd, closed bool)
	View(width, height int) string
	Keys() []key.Binding
}

// Painter is an overlay that draws part of the finished screen itself, in
// bytes it owns: the secret screen, whose secret is in no string but the frame
// it paints. The app calls Paint with the whole screen, View's output in it.
type Painter interface {
	Paint(frame string) string
}

// Msg marks the messages an overlay's own commands send back to it.
type Msg interface{ overlayMsg() }

// Confirm asks (y/N); only y says yes.
type Confirm struct {
	ctx *core.Context
	ask core.Ask
}

// NewConfirm makes the question.
func NewConfirm(ctx *core.Context, ask core.Ask) *Confirm { return &Confirm{ctx: ctx, ask: ask} }

// Update answers y with the question's command, and anything offered as no
// with "Cancelled."; ctrl+c quits.
func (c *Confirm) Update(msg tea.Msg) (tea.Cmd, bool) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil, false
	}
	km := c.ctx.Keys
	switch {
	case keys.Matches(k, km.Yes):
		return c.ask.Yes, true
	case keys.Matches(k, km.ForceQuit):
		return tea.Quit, true
	case keys.Matches(k, km.No):
		return core.Say("Cancelled."), true
	}
	return nil, false
}

// Keys are y and no.
func (c *Confirm) Keys() []key.Binding {
	km := c.ctx.Keys
	return []key.Binding{km.Yes, keys.Help(km.No, "n/esc/enter", "no")}
}

// View draws the question.
func (c *Confirm) View(w, h int) string {
	st := c.ctx.Styles
	lines := []string{"", st.Warning.Render(core.WrapIndent(c.ask.Lines[0]+" (y/N)", w))}
	for _, l := range c.ask.Lines[1:] {
		lines = append(lines, core.WrapIndent(l, w))
	}
	return core.Block(append(lines, "", "  "+st.Dim.Render(c.ask.Hint)), h)
}
