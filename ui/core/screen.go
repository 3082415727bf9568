package core

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/unleash-tokens/unleash-tokens/audit"
)

// Screen is one tab. The app owns the screens, routes their messages back
// to them by id, and draws their view between its header and footer.
type Screen interface {
	ID() TabID
	Activate() tea.Cmd // on every show; loads the first time
	Reload() tea.Cmd   // r
	Update(msg tea.Msg) tea.Cmd
	View() string // exactly the size given
	SetSize(width, height int)
	Capturing() bool            // a text field has the keyboard
	Busy() bool                 // a request is under way
	Keys() []key.Binding        // the keys that act here now, most useful first
	Reveal(audit.Token) tea.Cmd // show a token the audit found, if it lives here
}

// ToTab carries a message back to the tab that asked for it.
type ToTab struct {
	Tab TabID
	Msg tea.Msg
}

// ForApp marks the messages the app itself handles (flash lines, questions,
// the secret screen); Route leaves them as they are.
type ForApp interface{ forApp() }

// Route makes a command's message come back to the tab id, unless it is a
// message for the app. Batches are routed member by member.
func Route(id TabID, cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() tea.Msg {
		msg := cmd()
		switch m := msg.(type) {
		case nil:
			return nil
		case tea.BatchMsg:
			out := make(tea.BatchMsg, len(m))
			for i, c := range m {
				out[i] = Route(id, c)
			}
			return out
		case Ask:
			m.Yes = Route(id, m.Yes) // the answer is for the asker
			return m
		case ForApp, tea.QuitMsg, tea.SuspendMsg:
			return msg
		}
		return ToTab{Tab: id, Msg: msg}
	}
}
