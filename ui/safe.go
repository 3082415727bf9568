package ui

import (
	"fmt"
	"regexp"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/unleash-tokens/unleash-tokens/api"
)

// Guarded wraps a model so that a panic in Update, View or any command it
// returns ends the program cleanly (Bubble Tea restores the terminal on
// quit) and leaves a one-line description instead of a stack trace.
type Guarded struct {
	inner tea.Model
	crash string
	scrub []string // secrets to remove from a panic's text
}

// crashMsg carries a panic out of a command's goroutine.
type crashMsg struct{ text string }

// Guard wraps m; secrets are removed from any panic text.
func Guard(m tea.Model, secrets ...string) *Guarded {
	return &Guarded{inner: m, scrub: secrets}
}

// Crash is what a panic left, or "" when none happened.
func (g *Guarded) Crash() string { return g.crash }

func (g *Guarded) Init() tea.Cmd { return g.guard(g.inner.Init()) }

func (g *Guarded) Update(msg tea.Msg) (m tea.Model, cmd tea.Cmd) {
	if c, ok := msg.(crashMsg); ok {
		g.crash = c.text
	}
	if g.crash != "" {
		return g, tea.Quit
	}
	defer func() {
		if r := recover(); r != nil {
			g.crash = g.describe(r)
			m, cmd = g, tea.Quit
		}
	}()
	next, cmd := g.inner.Update(msg)
	g.inner = next
	return g, g.guard(cmd)
}

func (g *Guarded) View() (v string) {
	if g.crash != "" {
		return ""
	}
	defer func() {
		if r := recover(); r != nil {
			g.crash = g.describe(r) // the next message quits
			v = ""
		}
	}()
	return g.inner.View()
}

// guard wraps a command, and the commands of a batch it returns, so that a
// panic in them becomes a crashMsg.
func (g *Guarded) guard(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = crashMsg{text: g.describe(r)}
			}
		}()
		msg = cmd()
		if batch, ok := msg.(tea.BatchMsg); ok {
			for i := range batch {
				batch[i] = g.guard(batch[i])
			}
			return batch
		}
		return msg
	}
}

// secretShape matches Unleash credentials: user:<hex>, project:env.<hex>,
// *:*.<hex>, and v2 tokens.
var secretShape = regexp.MustCompile(`[\w*\[\]-]+:[\w*-]+\.[0-9a-fA-F]{16,}|user:[0-9a-fA-F]{16,}|v2_[\w-]{16,}`)

// describe turns a panic value into one short line with no secret in it.
func (g *Guarded) describe(r any) string {
	text := fmt.Sprint(r)
	for _, s := range g.scrub {
		if s != "" {
			text = strings.ReplaceAll(text, s, "[token]")
		}
	}
	text = secretShape.ReplaceAllString(text, "[secret]")
	return api.Truncate(api.Clean(text), 160)
}
