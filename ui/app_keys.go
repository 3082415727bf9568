package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/unleash-tokens/unleash-tokens/ui/keys"
)

// handleKey: the overlay, when one is open, has every key; then ctrl+c and
// ctrl+z; a tab with a text field open has the rest, a run of typed
// characters included, as text. Otherwise a run is split into one key
// press per character.
func (m *Model) handleKey(msg tea.KeyMsg) tea.Cmd {
	k := m.ctx.Keys
	m.flash = ""
	if m.overlay != nil {
		cmd, closed := m.overlay.Update(msg)
		m.closeIf(closed)
		return cmd
	}
	switch {
	case keys.Matches(msg, k.ForceQuit):
		return tea.Quit
	case keys.Matches(msg, k.Suspend):
		return tea.Suspend
	}
	cur := m.tabs[m.active]
	if cur.Capturing() {
		return m.route(m.active, cur.Update(msg))
	}
	var cmds []tea.Cmd
	split := keys.Split(msg)
	for i, one := range split {
		cmds = append(cmds, m.handleOneKey(one))
		if rest := split[i+1:]; len(rest) > 0 && m.overlay == nil && m.tabs[m.active].Capturing() {
			// A key opened a field: the rest of the run is typed into it.
			text := tea.KeyMsg{Type: tea.KeyRunes, Alt: msg.Alt}
			for _, r := range rest {
				text.Runes = append(text.Runes, r.Runes...)
			}
			return tea.Batch(append(cmds, m.route(m.active, m.tabs[m.active].Update(text)))...)
		}
		if m.overlay != nil {
			break // a question is open: the rest of the run is not its answer
		}
	}
	return tea.Batch(cmds...)
}

func (m *Model) handleOneKey(msg tea.KeyMsg) tea.Cmd {
	k := m.ctx.Keys
	if m.tooSmall() {
		if keys.Matches(msg, k.Quit) {
			return tea.Quit
		}
		return nil
	}
	if m.showHelp {
		if keys.Matches(msg, k.Help, k.Back, k.Quit) { // help closes as the picker does
			m.showHelp = false
		}
		return nil
	}
	if cmd, ok := m.actions().Dispatch(msg); ok {
		return cmd
	}
	return m.route(m.active, m.tabs[m.active].Update(msg))
}
