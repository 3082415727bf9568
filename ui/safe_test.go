package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// bomb panics where it is told to, with a secret in the panic.
type bomb struct{ in string }

const bombSecret = "user:4f3e2d1c0b4f3e2d1c0b4f3e2d1c0b4f3e2d1c0b4f3e2d1c0b4f3e2d"

func (b bomb) Init() tea.Cmd { return nil }
func (b bomb) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch b.in {
	case "update":
		panic("token " + bombSecret + " broke it")
	case "cmd":
		return b, func() tea.Msg { panic(map[string]string{"token": bombSecret}) }
	case "batch":
		return b, tea.Batch(func() tea.Msg { return nil }, func() tea.Msg { panic("default:development.0123456789abcdef0123456789abcdef") })
	}
	return b, nil
}
func (b bomb) View() string {
	if b.in == "view" {
		var names []string
		_ = names[len(b.in)] // an index out of range: a runtime error, not a string
	}
	return "fine"
}

func TestGuardTurnsPanicsIntoOneLine(t *testing.T) {
	for _, where := range []string{"update", "view", "cmd", "batch"} {
		t.Run(where, func(t *testing.T) {
			g := Guard(bomb{in: where}, "some-other-token")
			var quit bool
			step := func(msg tea.Msg) {
				_, cmd := g.Update(msg)
				for _, m := range execute(cmd) {
					if _, ok := m.(tea.QuitMsg); ok {
						quit = true
						continue
					}
					_, next := g.Update(m)
					for _, m2 := range execute(next) {
						if _, ok := m2.(tea.QuitMsg); ok {
							quit = true
						}
					}
				}
			}
			g.View()
			step(tea.KeyMsg{Type: tea.KeyEnter})
			if !quit {
				t.Fatalf("no quit after a panic in %s", where)
			}
			c := g.Crash()
			if c == "" || strings.Contains(c, "4f3e2d1c0b") || strings.Contains(c, "0123456789abcdef") {
				t.Fatalf("crash text %q", c)
			}
			if strings.Contains(c, "goroutine") || strings.Contains(c, ".go:") || strings.Contains(c, "\n") {
				t.Fatalf("crash text is a stack trace: %q", c)
			}
			if g.View() != "" {
				t.Fatal("a crashed app still draws")
			}
		})
	}
}
