package ui

import (
	"fmt"
	"strings"

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
	if m.quitAsked {
		m.quitAsked = false
		if inFlight := m.ctx.CreatesInFlight(); len(inFlight) > 0 {
			if keys.Matches(msg, k.Yes, k.ForceQuit) {
				return tea.Quit // QuitNotes says, once the screen is back, what may now exist
			}
			m.flash = "Not quitting: waiting for the server's answer."
			return nil
		}
		// The answer came meanwhile: the question is moot, the key acts.
	}
	if m.overlay != nil {
		cmd, closed := m.overlay.Update(msg)
		m.closeIf(closed)
		return cmd
	}
	switch {
	case keys.Matches(msg, k.ForceQuit):
		if len(m.ctx.CreatesInFlight()) > 0 {
			m.quitAsked = true // a create cannot be called back: ask first
			return nil
		}
		return tea.Quit
	case keys.Matches(msg, k.Suspend):
		return tea.Suspend
	}
	cur := m.tabs[m.active]
	if cur.Capturing() {
		if p, ok := cur.(interface{ TabKeysWork() bool }); ok && p.TabKeysWork() && keys.Matches(msg, k.NextTab, k.PrevTab) {
			cmd, _ := m.actions().Dispatch(msg) // a search line: tab and shift+tab type nothing, they switch tabs
			return cmd
		}
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
			m.showHelp, m.helpTop = false, 0
			return nil
		}
		m.scrollHelp(msg)
		return nil
	}
	if cmd, ok := m.actions().Dispatch(msg); ok {
		return cmd
	}
	return m.route(m.active, m.tabs[m.active].Update(msg))
}

// quitQuestion is the footer while quitting waits for a yes: what is on
// its way and what quitting would leave.
func (m *Model) quitQuestion() string {
	inFlight := m.ctx.CreatesInFlight()
	if !m.quitAsked || len(inFlight) == 0 {
		return ""
	}
	// The question first: a narrow footer cuts what follows.
	return fmt.Sprintf("A create is on its way: quit anyway? Its token may exist, secret never shown (y/N) · %s; any other key waits for the answer",
		strings.Join(inFlight, " and "))
}

// QuitNotes are what the app says on standard error once it has ended and
// the terminal is back: creates still on their way when it quit (by ctrl+c
// answered yes, or a signal), which the server may have made after. Never a
// secret: the answer that would hold it is never read.
func (m *Model) QuitNotes() []string {
	var out []string
	for _, what := range m.ctx.CreatesInFlight() {
		out = append(out, fmt.Sprintf("quit while creating %s: the server may have made it after, and its secret was never shown and is lost. "+
			"Start the app again to see whether it exists, and delete it if so.", what))
	}
	return out
}
