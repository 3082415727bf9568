// Package drill is a list of parents (projects, service accounts) where
// enter opens a list of the selected parent's tokens and esc comes back.
package drill

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/unleash-tokens/unleash-tokens/ui/action"
	"github.com/unleash-tokens/unleash-tokens/ui/core"
	"github.com/unleash-tokens/unleash-tokens/ui/list"
)

// Drill shows a list of parents, or the children of one.
type Drill[P, C any] struct {
	ctx       *core.Context
	parent    *list.List[P]
	child     *list.List[C]
	parentKey func(P) string
	childSpec func(P) list.Spec[C]
	open      bool
	started   bool
	want      *wanted // a parent to open once the parents are loaded
}

// wanted is a child to show once its parent is found.
type wanted struct{ parent, child string }

// New makes a drill-down: parent is the list of parents (its Spec's OpenKey
// is set here); childSpec says what a parent's children are.
func New[P, C any](ctx *core.Context, parent list.Spec[P], childSpec func(P) list.Spec[C]) *Drill[P, C] {
	d := &Drill[P, C]{ctx: ctx, parentKey: parent.Key, childSpec: childSpec}
	parent.Open = d.openParent
	d.parent = list.New(ctx, parent)
	return d
}

// Activate loads the parents the first time.
func (d *Drill[P, C]) Activate() tea.Cmd {
	if d.started {
		return nil
	}
	d.started = true
	return d.parent.Load()
}

// Reload reads what is shown again.
func (d *Drill[P, C]) Reload() tea.Cmd {
	d.started = true
	if d.open {
		return d.child.Load()
	}
	return d.parent.Load()
}

// Update handles keys and the lists' answers.
func (d *Drill[P, C]) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyMsg); ok {
		if d.open && !d.child.Capturing() && !d.child.InForm() {
			if cmd, ok := d.Actions().Dispatch(k); ok {
				return cmd
			}
			return nil
		}
		if d.open {
			return d.child.Update(msg)
		}
		return d.parent.Update(msg)
	}
	var cmds []tea.Cmd
	cmds = append(cmds, d.parent.Update(msg))
	if d.child != nil {
		cmds = append(cmds, d.child.Update(msg))
	}
	if d.want != nil && d.parent.Loaded() && !d.parent.Loading() {
		cmds = append(cmds, d.openWanted())
	}
	return tea.Batch(cmds...)
}

// Find opens the parent with parentKey and puts the cursor on the child
// with childKey, loading what it needs first.
func (d *Drill[P, C]) Find(parentKey, childKey string) tea.Cmd {
	d.started = true
	d.close()
	d.want = &wanted{parentKey, childKey}
	d.parent.ClearFilter()
	return d.parent.Load()
}

func (d *Drill[P, C]) openWanted() tea.Cmd {
	want := d.want
	d.want = nil
	for _, p := range d.parent.Items() {
		if d.parentKey(p) == want.parent {
			cmd := d.openParent(p)
			return tea.Batch(cmd, d.child.Find(want.child))
		}
	}
	return core.SayError("That token's owner is no longer there: it was deleted since the audit.")
}

func (d *Drill[P, C]) openParent(p P) tea.Cmd {
	d.open = true
	spec := d.childSpec(p)
	if d.child == nil {
		d.child = list.New(d.ctx, spec)
		d.child.SetSize(d.width())
		return d.child.Load()
	}
	return d.child.Reset(spec)
}

// close goes back to the parents; an answer still coming for the children
// is for a screen that is gone.
func (d *Drill[P, C]) close() {
	if d.open && d.child != nil {
		d.child.Stop()
	}
	d.open = false
}

// Open reports whether a parent's children are shown.
func (d *Drill[P, C]) Open() bool { return d.open }

// SetSize sets the size of both lists.
func (d *Drill[P, C]) SetSize(w, h int) {
	d.parent.SetSize(w, h)
	if d.child != nil {
		d.child.SetSize(w, h)
	}
}

func (d *Drill[P, C]) width() (int, int) { return d.parent.Size() }

// Capturing reports whether a text field has the keyboard.
func (d *Drill[P, C]) Capturing() bool {
	if d.open {
		return d.child.Capturing()
	}
	return d.parent.Capturing()
}

// Busy reports whether a request is under way.
func (d *Drill[P, C]) Busy() bool {
	return d.parent.Busy() || (d.child != nil && d.child.Busy())
}

// Actions is the children's table, then esc back to the parents (after
// the children's esc, which clears their filter); the parents' own table
// while they are shown.
func (d *Drill[P, C]) Actions() action.Table {
	if !d.open {
		return d.parent.Actions()
	}
	back := action.Action{Key: d.ctx.Keys.Back, Do: func(tea.KeyMsg) tea.Cmd { d.close(); return nil }}
	return d.child.Actions().Then(action.Table{Actions: []action.Action{back}})
}

// Keys are the keys that act now; esc goes back from the children.
func (d *Drill[P, C]) Keys() []key.Binding {
	if d.open && (d.child.Capturing() || d.child.InForm()) {
		return d.child.Keys()
	}
	if !d.open && d.parent.InForm() {
		return d.parent.Keys()
	}
	return d.Actions().Keys()
}

// HelpKeys is what the help screen lists now.
func (d *Drill[P, C]) HelpKeys() []key.Binding {
	if d.open && (d.child.Capturing() || d.child.InForm()) {
		return d.child.HelpKeys()
	}
	if !d.open {
		return d.parent.HelpKeys()
	}
	return d.Actions().HelpKeys()
}

// Child is the open parent's list, nil before one is opened.
func (d *Drill[P, C]) Child() *list.List[C] { return d.child }

// Parent is the list of parents.
func (d *Drill[P, C]) Parent() *list.List[P] { return d.parent }

// View draws what is shown.
func (d *Drill[P, C]) View() string {
	if d.open {
		return d.child.View()
	}
	return d.parent.View()
}

// OnChildren are entries for a list of parents saying why the children's
// keys (n, d, e, R) do nothing there, rather than nothing at all: they act
// on a parent's tokens, which enter opens. parent is "project", tokens
// "API tokens"; keys are the ones its children take, in the footer's order.
func OnChildren(parent, tokens string, keys ...key.Binding) []action.Action {
	names := ""
	for i, k := range keys {
		switch {
		case i == 0:
		case i == len(keys)-1:
			names += " and "
		default:
			names += ", "
		}
		names += k.Help().Key
	}
	why := action.Say(names + " act on a " + parent + "'s " + tokens + ": enter opens the " + parent + " first.")
	out := make([]action.Action, len(keys))
	for i, k := range keys {
		out[i] = action.Action{Key: k, When: action.Never, Why: why}
	}
	return out
}
