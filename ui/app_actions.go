package ui

import (
	"fmt"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/unleash-tokens/unleash-tokens/ui/action"
	"github.com/unleash-tokens/unleash-tokens/ui/core"
	"github.com/unleash-tokens/unleash-tokens/ui/keys"
)

// actions is the app's own table, tried before the active tab's (keys
// package action): its order is the footer's after the tab's keys.
func (m *Model) actions() action.Table {
	k := m.ctx.Keys
	signedOut := action.Say("Nothing can be read: the token this app signs in with was deleted. " + m.switchHint())
	t := action.Table{Actions: []action.Action{
		{Key: keys.Help(k.Back, "esc", "back to Audit"), When: m.canGoBack, Do: func(tea.KeyMsg) tea.Cmd {
			m.cameFrom = nil
			return m.showTab(core.TabAudit)
		}},
		{Key: k.NextTab, Do: func(tea.KeyMsg) tea.Cmd { return m.showTab(m.tabAt(m.place() + 1)) }},
		{Key: k.PrevTab, Hidden: true, Do: func(tea.KeyMsg) tea.Cmd { return m.showTab(m.tabAt(m.place() - 1)) }},
		{Key: k.Reload, When: func() bool { return m.ctx.OwnTokenGone == "" }, Why: signedOut, Do: func(tea.KeyMsg) tea.Cmd { return m.reload() }},
		{Key: k.Profiles, When: m.canSwitch, Why: m.whyNoSwitch, Do: func(tea.KeyMsg) tea.Cmd { return m.pickInstance() }},
		{Key: k.Help, Do: func(tea.KeyMsg) tea.Cmd { m.showHelp = true; return nil }},
		{Key: k.Quit, Do: func(tea.KeyMsg) tea.Cmd { return tea.Quit }},
		{Key: k.Suspend, Hidden: true, Do: func(tea.KeyMsg) tea.Cmd { return tea.Suspend }},
	}}
	for i, b := range k.Tabs {
		if i >= len(tabOrder()) {
			break
		}
		id := tabOrder()[i]
		b = keys.Help(b, fmt.Sprintf("1-%d", len(tabOrder())), "go to a tab")
		t.Actions = append(t.Actions, action.Action{Key: b, Hidden: true, Do: func(tea.KeyMsg) tea.Cmd { return m.showTab(id) }})
	}
	return t
}

// canGoBack: the tab shows a token the Audit tab jumped to, and has no use
// for esc of its own (a filter to clear).
func (m *Model) canGoBack() bool {
	if m.cameFrom == nil || *m.cameFrom != m.active {
		return false
	}
	for _, b := range m.tabs[m.active].Keys() {
		if b.Help().Key == "esc" && b.Help().Desc == "clear filter" {
			return false
		}
	}
	return true
}

// whyNoSwitch says why P does nothing.
func (m *Model) whyNoSwitch() string {
	if len(m.profiles) == 0 || m.opener == nil {
		return "No other instance to switch to: the config file has no profiles (see unleash-tokens --help)."
	}
	return "Wait: the app is switching instances."
}

// switchHint is what to do once the app's token is gone.
func (m *Model) switchHint() string {
	if m.canSwitch() {
		return "P switches to another instance."
	}
	return "Start the app with another token."
}

// reload reads the active tab again (and what failed with it).
func (m *Model) reload() tea.Cmd {
	var cmds []tea.Cmd
	cmds = append(cmds, m.route(m.active, m.tabs[m.active].Reload()))
	if s := m.ctx.Session(); s.Err != nil && !s.SigningIn {
		cmds = append(cmds, m.loadSession())
	}
	if m.active != m.audit.ID() && m.audit.Failed() {
		cmds = append(cmds, m.route(m.audit.ID(), m.audit.Start())) // a failed summary recovers with the tab
	}
	return tea.Batch(cmds...)
}

// helpKeys are a screen's keys for the help screen: all of its table
// that acts now or is listed (moves), or its footer's keys.
func helpKeys(s core.Screen) []key.Binding {
	if h, ok := s.(interface{ HelpKeys() []key.Binding }); ok {
		return h.HelpKeys()
	}
	return s.Keys()
}

// newHelp is the footer's and the help screen's key lists in the app's
// theme (bubbles' own greys read at about 2.2:1 on a light terminal): keys
// bold, descriptions in the text colour, separators dim.
func newHelp(st *core.Styles) help.Model {
	h := help.New()
	h.Styles = help.Styles{
		ShortKey: st.Key, ShortDesc: lipgloss.NewStyle(), ShortSeparator: st.Dim, Ellipsis: st.Dim,
		FullKey: st.Key, FullDesc: lipgloss.NewStyle(), FullSeparator: st.Dim,
	}
	return h
}
