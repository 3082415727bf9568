package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// drill is a list of parents (projects, service accounts) where enter opens
// a list of the selected parent's tokens and esc comes back.
type drill[P, C any] struct {
	ctx         *Context
	parent      *list[P]
	child       *list[C]
	open        *P
	childSpec   func(P) listSpec[C]
	parentTitle string
	childTitle  func(P) string
	started     bool
	want        *revealing // a parent to open once the parents are loaded
}

// revealing is a child to show once its parent is found.
type revealing struct{ parent, child string }

func newDrill[P, C any](ctx *Context, parent listSpec[P], parentTitle string, childSpec func(P) listSpec[C], childTitle func(P) string) *drill[P, C] {
	return &drill[P, C]{ctx: ctx, parent: newList(ctx, parent), child: newList(ctx, listSpec[C]{}),
		childSpec: childSpec, parentTitle: parentTitle, childTitle: childTitle}
}

func (d *drill[P, C]) activate() tea.Cmd {
	if d.started {
		return nil
	}
	d.started = true
	return d.parent.load()
}

func (d *drill[P, C]) reload() tea.Cmd {
	d.started = true
	if d.open != nil {
		return d.child.load()
	}
	return d.parent.load()
}

func (d *drill[P, C]) update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyMsg); ok {
		if d.open != nil {
			return d.child.update(msg)
		}
		if !d.parent.capturing() && key.Matches(k, d.ctx.Keys.Open) {
			if p, ok := d.parent.selected(); ok {
				return d.openParent(p)
			}
			return nil
		}
		return d.parent.update(msg)
	}
	cmd := tea.Batch(d.parent.update(msg), d.child.update(msg))
	if d.want != nil && d.parent.loaded && !d.parent.loading {
		return tea.Batch(cmd, d.openWanted())
	}
	return cmd
}

// reveal opens the parent with parentKey and puts the cursor on the child
// with childKey, loading what it needs first.
func (d *drill[P, C]) reveal(parentKey, childKey string) tea.Cmd {
	d.started = true
	d.want = &revealing{parentKey, childKey}
	d.parent.clearFilter()
	return d.parent.load()
}

func (d *drill[P, C]) openWanted() tea.Cmd {
	want := d.want
	d.want = nil
	for _, p := range d.parent.items {
		if d.parent.spec.key(p) == want.parent {
			d.parent.table.SelectKey(want.parent)
			cmd := d.openParent(p)
			d.child.pending = revealCheck(d.child.spec.key, want.child)
			return cmd
		}
	}
	d.open = nil
	return flashError("That token's owner is no longer there: it was deleted since the audit.")
}

func (d *drill[P, C]) openParent(p P) tea.Cmd {
	d.open = &p
	d.child.reset(d.childSpec(p))
	return d.child.load()
}

func (d *drill[P, C]) back() bool {
	if d.open == nil {
		return d.parent.clearFilter()
	}
	if d.child.clearFilter() {
		return true
	}
	d.open = nil
	d.child.reqID = d.ctx.nextID() // an answer still coming is for a screen that is gone
	d.child.loading = false
	return true
}

func (d *drill[P, C]) setSize(w, h int) {
	d.parent.setSize(w, h)
	d.child.setSize(w, h)
}

func (d *drill[P, C]) capturing() bool {
	if d.open != nil {
		return d.child.capturing()
	}
	return d.parent.capturing()
}

func (d *drill[P, C]) busy() bool { return d.parent.loading || d.child.loading }
func (d *drill[P, C]) keys() []key.Binding {
	if d.open != nil {
		return d.child.helpKeys(false)
	}
	return d.parent.helpKeys(true)
}

func (d *drill[P, C]) view() string {
	if d.open != nil {
		return d.child.view(d.childTitle(*d.open))
	}
	return d.parent.view(d.parentTitle)
}
