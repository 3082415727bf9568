// Package action is a screen's one table of actions, after k9s's KeyActions
// (internal/ui/action.go): each entry says once which keys it takes, when it
// applies, why not when it does not, whether it writes, and what it does.
// The dispatcher, the footer (Keys), the help screen (HelpKeys), read-only
// mode (Refuse) and the "why nothing happened" message are all read from
// the same table, so what a key does and what the screen offers cannot
// disagree.
package action

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/unleash-tokens/unleash-tokens/ui/core"
	"github.com/unleash-tokens/unleash-tokens/ui/keys"
)

// Action is one entry of a screen's table.
type Action struct {
	Key key.Binding // the keys it takes, and its help text
	// When reports whether it applies now; nil: always.
	When func() bool
	// Why says why it does not apply now, shown when its key is pressed
	// anyway; nil or "": the key does nothing, silently (a move past the
	// last row).
	Why func() string
	// Writes: it creates, changes or deletes something (or prepares to, as
	// marks do); the table's Refuse turns it off, with its reason.
	Writes bool
	// Listed: the help screen lists it even while it does not apply (the
	// moves up on the first row); nil: only while it applies.
	Listed func() bool
	// Hidden: the footer and Keys leave it out (help lists it): a second
	// key of a pair the footer names once (→ of ←/→).
	Hidden bool
	Do     func(tea.KeyMsg) tea.Cmd
}

// Table is a screen's actions, in the order the footer offers them; the
// first entry that takes a key and applies acts on it.
type Table struct {
	Actions []Action
	// Refuse says why no write can happen now (read-only, the app's own
	// token deleted, the list not loaded), or "".
	Refuse func() string
}

// Then is t followed by more actions (a screen's own, then its list's).
func (t Table) Then(more Table) Table {
	out := Table{Actions: append(append([]Action(nil), t.Actions...), more.Actions...), Refuse: t.Refuse}
	if out.Refuse == nil {
		out.Refuse = more.Refuse
	}
	return out
}

func (t Table) refusal() string {
	if t.Refuse == nil {
		return ""
	}
	return t.Refuse()
}

func (a Action) applies() bool { return a.When == nil || a.When() }

// Applies reports whether a acts now, writes allowed.
func (t Table) Applies(a Action) bool {
	return a.applies() && (!a.Writes || t.refusal() == "")
}

// Dispatch runs the first action that takes msg and applies. If none
// applies, it says why the first one that has a reason does not (a write
// in read-only mode: the refusal), and reports the key handled; a key no
// entry takes, or one whose entries have nothing to say, is not handled.
func (t Table) Dispatch(msg tea.KeyMsg) (tea.Cmd, bool) {
	why := ""
	for _, a := range t.Actions {
		if !keys.Matches(msg, a.Key) {
			continue
		}
		if t.Applies(a) {
			if a.Do == nil {
				return nil, true
			}
			return a.Do(msg), true
		}
		if why != "" {
			continue
		}
		switch r := t.refusal(); {
		case a.Writes && r != "":
			why = r
		case a.Why != nil:
			why = a.Why()
		}
	}
	if why != "" {
		return core.SayError(why), true
	}
	return nil, false
}

// Takes reports whether any entry takes msg (applying or not).
func (t Table) Takes(msg tea.KeyMsg) bool {
	for _, a := range t.Actions {
		if keys.Matches(msg, a.Key) {
			return true
		}
	}
	return false
}

// Keys are the bindings that act now, in the table's order, less the
// hidden ones: the footer, and the keys the screen × action test presses.
func (t Table) Keys() []key.Binding {
	var out []key.Binding
	for _, a := range t.Actions {
		if !a.Hidden && t.Applies(a) {
			out = append(out, a.Key)
		}
	}
	return out
}

// HelpKeys are what the help screen lists: every binding that acts now,
// hidden ones too, and those listed while they do not (moves), each help
// text once.
func (t Table) HelpKeys() []key.Binding {
	var out []key.Binding
	seen := map[string]bool{}
	for _, a := range t.Actions {
		if !t.Applies(a) && (a.Listed == nil || !a.Listed()) {
			continue
		}
		h := a.Key.Help()
		if seen[h.Key+"\x00"+h.Desc] || h.Key == "" {
			continue
		}
		seen[h.Key+"\x00"+h.Desc] = true
		out = append(out, a.Key)
	}
	return out
}

// Never is a When for an entry that only ever says why not.
func Never() bool { return false }

// Say is a Why that always says s.
func Say(s string) func() string { return func() string { return s } }
