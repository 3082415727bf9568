// Package keys is the app's one key map: every key any screen offers is a
// key.Binding here, and every screen matches keys with Matches, which never
// takes a run of typed text for a key's name.
package keys

import (
	"math"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// Map holds every binding. Screens offer the ones that act where they are;
// help and footers are built from what they offer.
type Map struct {
	// Everywhere, unless a text field has the keyboard.
	NextTab, PrevTab key.Binding
	Tabs             []key.Binding // 1…n, one per tab in core.TabOrder
	Reload           key.Binding
	Profiles         key.Binding // the instance picker, when there are profiles
	Help             key.Binding
	Quit             key.Binding
	ForceQuit        key.Binding // also while typing
	Suspend          key.Binding // also while typing

	// Lists.
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
	Open, Back, Filter, Sort                key.Binding
	New, Delete, Edit                       key.Binding
	Rotate                                  key.Binding
	CopyID, Page                            key.Binding // y copies the selected token's id, o names its page

	// Marks, for acting on many rows at once (d and e then act on the marked).
	Mark, MarkAll, ClearMarks key.Binding

	// Audit tab.
	PrevCategory, NextCategory, Reveal key.Binding

	// Text fields and forms.
	Submit, Cancel, NextField, PrevField key.Binding
	Choose, ChoosePrev, ChooseNext       key.Binding // Choose is the two for help
	FilterDone, FilterClear              key.Binding

	// Questions and the secret screen.
	Yes, No, Copy, Close key.Binding
}

// New builds the map; tabs is the number of tabs (keys 1…tabs switch to them).
func New(tabs int) *Map {
	b := func(keys []string, helpKey, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(helpKey, desc))
	}
	m := &Map{
		NextTab:   b([]string{"tab"}, "tab", "next tab"),
		PrevTab:   b([]string{"shift+tab"}, "shift+tab", "previous tab"),
		Reload:    b([]string{"r"}, "r", "reload"),
		Profiles:  b([]string{"P"}, "P", "instances"),
		Help:      b([]string{"?"}, "?", "help"),
		Quit:      b([]string{"q"}, "q", "quit"),
		ForceQuit: b([]string{"ctrl+c"}, "ctrl+c", "quit"),
		Suspend:   b([]string{"ctrl+z"}, "ctrl+z", "suspend"),

		Up:       b([]string{"up", "k"}, "↑/k", "up"),
		Down:     b([]string{"down", "j"}, "↓/j", "down"),
		PageUp:   b([]string{"pgup", "ctrl+u"}, "pgup/ctrl+u", "page up"),
		PageDown: b([]string{"pgdown", "ctrl+d"}, "pgdn/ctrl+d", "page down"),
		Top:      b([]string{"g", "home"}, "g/home", "first"),
		Bottom:   b([]string{"G", "end"}, "G/end", "last"),
		Open:     b([]string{"enter"}, "enter", "open"),
		Back:     b([]string{"esc"}, "esc", "back"),
		Filter:   b([]string{"/"}, "/", "filter"),
		Sort:     b([]string{"s"}, "s", "sort"),
		New:      b([]string{"n"}, "n", "new"),
		Delete:   b([]string{"d"}, "d", "delete"),
		Edit:     b([]string{"e"}, "e", "edit expiry"),
		Rotate:   b([]string{"R"}, "R", "rotate"),
		CopyID:   b([]string{"y"}, "y", "copy id"),
		Page:     b([]string{"o"}, "o", "its page"),

		Mark:       b([]string{" "}, "space", "mark"),
		MarkAll:    b([]string{"a"}, "a", "mark all"),
		ClearMarks: b([]string{"u"}, "u", "unmark all"),

		PrevCategory: b([]string{"left", "h"}, "←/→", "category"),
		NextCategory: b([]string{"right", "l"}, "h/l", "also ←/→"),
		Reveal:       b([]string{"enter"}, "enter", "go to it"),

		Submit:      b([]string{"enter"}, "enter", "submit"),
		Cancel:      b([]string{"esc"}, "esc", "cancel"),
		NextField:   b([]string{"tab", "down"}, "tab/↓", "next field"),
		PrevField:   b([]string{"shift+tab", "up"}, "shift+tab/↑", "previous field"),
		Choose:      b([]string{"left", "right"}, "←/→", "choose"),
		ChoosePrev:  b([]string{"left", "h"}, "←", "previous choice"),
		ChooseNext:  b([]string{"right", "l", " "}, "→", "next choice"),
		FilterDone:  b([]string{"enter"}, "enter", "keep filter"),
		FilterClear: b([]string{"esc"}, "esc", "clear filter"),

		Yes:   b([]string{"y", "Y"}, "y", "yes"),
		No:    b([]string{"n", "N", "esc", "enter", "q"}, "n/esc", "no"),
		Copy:  b([]string{"c"}, "c", "copy"),
		Close: b([]string{"enter", "esc", "q"}, "enter", "close"),
	}
	for i := 1; i <= tabs && i <= 9; i++ {
		d := string(rune('0' + i))
		m.Tabs = append(m.Tabs, key.NewBinding(key.WithKeys(d), key.WithHelp(d, "tab "+d)))
	}
	return m
}

// Importance is the order in which a footer too narrow for every key keeps
// them: first what acts on this screen and moves between its levels (esc
// back, ←/→ of the Audit tab, enter, /, n, d, e, R, s, u, the marks), then the
// app's keys, quit, and y and o last (help lists them). Help is not in it: a footer always keeps ? help,
// which lists every key.
func (m *Map) Importance() []key.Binding {
	return []key.Binding{m.Back, m.PrevCategory, m.NextCategory, m.Open, m.Filter, m.New, m.Delete, m.Edit, m.Rotate, m.Sort,
		m.ClearMarks, m.Mark, m.MarkAll, m.NextTab, m.PrevTab, m.Reload, m.Profiles, m.Quit, m.CopyID, m.Page}
}

// Rank is b's place in Importance, by the key it is pressed with (a
// binding with its own help text ranks as the key it is); a key not in it
// ranks after the screen's keys, before the app's.
func (m *Map) Rank(b key.Binding) int {
	ks := b.Keys()
	if len(ks) == 0 {
		return math.MaxInt
	}
	order := m.Importance()
	for i, x := range order {
		for _, k := range x.Keys() {
			if k == ks[0] {
				return i
			}
		}
	}
	for i, x := range order {
		if x.Keys()[0] == m.NextTab.Keys()[0] {
			return i
		}
	}
	return len(order)
}

// Matches reports whether msg is one of the bindings. Unlike key.Matches it
// never matches a run of several typed characters or a paste: "esc" typed
// into a field in one burst is text, not the esc key.
func Matches(msg tea.KeyMsg, bindings ...key.Binding) bool {
	if msg.Type == tea.KeyRunes && (len(msg.Runes) > 1 || msg.Paste) {
		return false
	}
	return key.Matches(msg, bindings...)
}

// Split turns a run of characters that arrived in one read (a held key over
// SSH, tmux send-keys, a fast typist) into one key message per character,
// so that each counts as a key press. Pastes and single keys are returned
// as they are.
func Split(msg tea.KeyMsg) []tea.KeyMsg {
	if msg.Type != tea.KeyRunes || msg.Paste || len(msg.Runes) <= 1 {
		return []tea.KeyMsg{msg}
	}
	out := make([]tea.KeyMsg, len(msg.Runes))
	for i, r := range msg.Runes {
		out[i] = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt}
	}
	return out
}

// Help gives a binding a different help text where a screen means
// something more specific by it ("/" is "new search" in Search).
func Help(b key.Binding, helpKey, desc string) key.Binding {
	b.SetHelp(helpKey, desc)
	return b
}
