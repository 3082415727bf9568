package form

import (
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/unleash-tokens/unleash-tokens/status"
	"github.com/unleash-tokens/unleash-tokens/ui/core"
	"github.com/unleash-tokens/unleash-tokens/ui/keys"
)

// ExpiryPresets are the expiry field's choices, in order: 7, 30, 60 and 90
// days, a date, never.
var ExpiryPresets = []struct {
	Label, Short string
	Days         int // 0: a date; -1: never
}{{"7 days", "7d", 7}, {"30 days", "30d", 30}, {"60 days", "60d", 60}, {"90 days", "90d", 90}, {"date", "date", 0}, {"never", "never", -1}}

// The presets' indexes the forms start on.
const (
	Expiry30Days = 1
	Expiry90Days = 3
	ExpiryDate   = 4
)

// Expiry is the one expiry field of every form that sets one (a new PAT, a
// new API token, a token's new expiry): a choice of presets, and a date
// input when the choice is "date". It takes two places in a form's focus
// order (the choice, then the date when shown); Fields and Update place it.
type Expiry struct {
	choice int
	date   textinput.Model
}

// NewExpiry makes the field on a preset (Expiry30Days, Expiry90Days).
func NewExpiry(preset int) Expiry {
	return Expiry{choice: preset, date: NewInput("2027-01-31, 2027-01-31 18:00 (UTC) or 45d", 40)}
}

// Fields is how many places of a form's focus order the field takes now: 1,
// or 2 with the date shown.
func (e *Expiry) Fields() int {
	if e.choice == ExpiryDate {
		return 2
	}
	return 1
}

// Value is the chosen expiry (never: NeverYears ahead), or why there is none.
func (e *Expiry) Value(now time.Time) (time.Time, error) {
	return PresetExpiry(e.choice, e.date.Value(), now)
}

// PresetExpiry is the expiry of ExpiryPresets[preset] (the date one reads
// date), or why there is none.
func PresetExpiry(preset int, date string, now time.Time) (time.Time, error) {
	switch p := ExpiryPresets[preset]; p.Days {
	case 0:
		return status.ParseExpiry(date, now)
	case -1:
		return now.AddDate(status.NeverYears, 0, 0), nil
	default:
		return now.AddDate(0, 0, p.Days), nil
	}
}

// Never reports whether "never" is chosen.
func (e *Expiry) Never() bool { return ExpiryPresets[e.choice].Days == -1 }

// Focus focuses the field's place at (0: the choice, 1: the date), blurring
// the other; a form calls it from its own setFocus.
func (e *Expiry) Focus(at int) tea.Cmd {
	e.date.Blur()
	if at == 1 {
		return e.date.Focus()
	}
	return nil
}

// Blur leaves the field.
func (e *Expiry) Blur() { e.date.Blur() }

// Update takes a key at the field's place at: ←/→ change the choice, keys
// at the date type into it.
func (e *Expiry) Update(k *keys.Map, at int, msg tea.KeyMsg) tea.Cmd {
	if at == 0 {
		e.choice = Cycle(k, e.choice, len(ExpiryPresets), msg)
		return nil
	}
	var cmd tea.Cmd
	e.date, cmd = e.date.Update(msg)
	return cmd
}

// Lines draws the field: the choice, the date when chosen, and what the
// expiry will be (never with its warning), or the date's problem. focus is
// the field's place that has the focus, -1 for none.
func (e *Expiry) Lines(st *core.Styles, focus, w int, now time.Time) []string {
	long, short := make([]string, len(ExpiryPresets)), make([]string, len(ExpiryPresets))
	for i, c := range ExpiryPresets {
		long[i], short[i] = c.Label, c.Short
	}
	lines := []string{Label(focus == 0, "Expires in") + ChoiceLine(st, w-14, e.choice, long, short)}
	if e.choice == ExpiryDate {
		lines = append(lines, Label(focus == 1, "Date")+e.date.View())
	}
	switch t, err := e.Value(now); {
	case err == nil:
		lines = append(lines, ExpiryNote(st, &t, now, w))
	case e.date.Value() != "":
		lines = append(lines, Note(st.Error, err.Error(), w))
	}
	return lines
}

// UpdateAlone takes a key in a form whose only field is the expiry (a
// token's new expiry): tab steps between the choice and the date, the rest
// goes to the place with the focus (*focus: 0 the choice, 1 the date).
func (e *Expiry) UpdateAlone(k *keys.Map, focus *int, msg tea.KeyMsg) tea.Cmd {
	if next, ok := Step(k, msg, *focus, e.Fields()-1); ok {
		*focus = next
		return e.Focus(next)
	}
	return e.Update(k, *focus, msg)
}

// KeysAlone are the keys of such a form: enter (doing what), the steps,
// ←/→ on the choice, esc.
func (e *Expiry) KeysAlone(k *keys.Map, focus int, enter string) []key.Binding {
	out := append([]key.Binding{keys.Help(k.Submit, "enter", enter)}, StepKeys(k, focus, e.Fields()-1)...)
	if focus == 0 {
		out = append(out, keys.Help(k.Choose, "←/→", "expiry"))
	}
	return append(out, k.Cancel)
}
