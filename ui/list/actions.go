package list

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/ui/action"
	"github.com/unleash-tokens/unleash-tokens/ui/clipboard"
	"github.com/unleash-tokens/unleash-tokens/ui/core"
	"github.com/unleash-tokens/unleash-tokens/ui/keys"
)

// Actions is the list's table of actions now (see package action): what
// every key does, when, and why not. A form, while shown, has the keys
// instead; while the filter field has them, its own small table applies.
// Dispatch, Keys, HelpKeys and the screen × action test all read it.
func (l *List[T]) Actions() action.Table {
	if l.filtering {
		return l.filterActions()
	}
	t := action.Table{Refuse: l.refusal}
	add := func(a ...action.Action) { t.Actions = append(t.Actions, a...) }
	add(l.markedActions()...)
	add(l.itemActions()...)
	add(l.viewActions()...)
	add(l.markActions()...)
	add(l.moveActions()...)
	add(l.idActions()...)
	add(l.spec.Also...)
	add(l.copyAction())
	return l.resizing(t)
}

// resizing makes each action resize the list after it acts: the selected
// item's detail may have grown or shrunk, a filter line come or gone. An
// action that comes while a filter or sort is under way waits for its rows
// (hold).
func (l *List[T]) resizing(t action.Table) action.Table {
	for i, a := range t.Actions {
		if do := a.Do; do != nil {
			t.Actions[i].Do = func(msg tea.KeyMsg) tea.Cmd {
				if l.hold(msg) {
					return nil
				}
				cmd := do(msg)
				l.resize()
				return cmd
			}
		}
	}
	return t
}

// HelpKeys is what the help screen lists for the list now.
func (l *List[T]) HelpKeys() []key.Binding {
	if l.form != nil {
		return l.form.Keys()
	}
	return l.Actions().HelpKeys()
}

func (l *List[T]) selected() bool { _, ok := l.Selected(); return ok }

// markedActions are the writes to the marked items, first in the footer,
// with their count.
func (l *List[T]) markedActions() []action.Action {
	k, n := l.ctx.Keys, l.marks.count()
	marked := func() bool { return n > 0 }
	var out []action.Action
	if l.spec.BulkDelete != nil {
		out = append(out, action.Action{Key: keys.Help(k.Delete, "d", fmt.Sprintf("delete %d marked", n)), Writes: true,
			When: marked, Do: func(tea.KeyMsg) tea.Cmd { return l.askBulkDelete() }})
	}
	if l.spec.BulkEdit != nil {
		out = append(out, action.Action{Key: keys.Help(k.Edit, "e", "their expiry"), Writes: true,
			When: marked, Do: func(tea.KeyMsg) tea.Cmd { return l.editMarked() }})
	}
	if marked() {
		out = append(out, action.Action{Key: k.ClearMarks, When: func() bool { return l.writable() },
			Do: func(tea.KeyMsg) tea.Cmd { l.marks.clear(); return nil }})
	}
	return out
}

// itemActions: enter, n, and the writes to the selected item (d, e, R).
func (l *List[T]) itemActions() []action.Action {
	k := l.ctx.Keys
	one := func() bool { return l.selected() && l.marks.count() == 0 }
	var out []action.Action
	if l.spec.Open != nil {
		out = append(out, action.Action{Key: k.Open, When: func() bool { return l.loaded && l.Len() > 0 },
			Do: func(tea.KeyMsg) tea.Cmd {
				if it, ok := l.Selected(); ok {
					return l.spec.Open(it)
				}
				return nil
			}})
	}
	if l.spec.Create != nil {
		out = append(out, action.Action{Key: k.New, Writes: true,
			When: func() bool { return l.spec.CreateNot == nil || l.spec.CreateNot() == "" },
			Why:  l.spec.CreateNot,
			Do: func(tea.KeyMsg) tea.Cmd {
				l.form = l.spec.Create(l.items)
				return l.form.Init()
			}})
	}
	if l.spec.Remove != nil || l.spec.BulkDelete != nil {
		out = append(out, action.Action{Key: k.Delete, Writes: true, When: one, Do: func(tea.KeyMsg) tea.Cmd {
			if l.spec.Remove == nil {
				return l.askBulkDelete() // a write to many of one, with its question
			}
			it, _ := l.Selected()
			return l.askRemove(it)
		}})
	}
	if l.spec.Edit != nil || l.spec.BulkEdit != nil {
		out = append(out, action.Action{Key: k.Edit, Writes: true, When: one, Do: func(tea.KeyMsg) tea.Cmd {
			if l.spec.Edit == nil {
				return l.editMarked()
			}
			it, _ := l.Selected()
			l.form = l.spec.Edit(it)
			return l.form.Init()
		}})
	}
	if l.spec.Rotate != nil {
		out = append(out, action.Action{Key: k.Rotate, Writes: true, When: l.selected, Do: func(tea.KeyMsg) tea.Cmd {
			it, _ := l.Selected()
			l.form = l.spec.Rotate(it)
			return l.form.Init()
		}})
	}
	return out
}

// viewActions: sort, filter, and esc to clear the filter.
func (l *List[T]) viewActions() []action.Action {
	k := l.ctx.Keys
	var out []action.Action
	if l.spec.Facts != nil {
		out = append(out, action.Action{Key: k.Sort, When: func() bool { return l.loaded && len(l.items) > 1 },
			Why: func() string {
				if !l.loaded {
					return "Wait for the list to load: then s sorts it."
				}
				return "Nothing to sort: the list has fewer than two rows."
			},
			Do: func(tea.KeyMsg) tea.Cmd { return l.cycleSort() }})
	}
	out = append(out, action.Action{Key: k.Filter, When: l.CanFilter,
		Why: func() string {
			if l.loaded {
				return "Nothing to filter: the list is empty."
			}
			return "The list could not be read: r reads it again, then / filters it."
		},
		Do: func(tea.KeyMsg) tea.Cmd { return l.OpenFilter() }})
	if l.query != "" {
		out = append(out, action.Action{Key: keys.Help(k.Back, "esc", "clear filter"),
			Do: func(tea.KeyMsg) tea.Cmd { l.ClearFilter(); return nil }})
	}
	return out
}

// markActions are space and mark-all, when they would change something.
func (l *List[T]) markActions() []action.Action {
	k := l.ctx.Keys
	if l.spec.BulkDelete == nil && l.spec.BulkEdit == nil {
		return nil
	}
	mark := k.Mark
	if row, ok := l.table.Cursor(); ok && row < l.Len() && l.marks.has(l.itemAt(row)) {
		mark = keys.Help(k.Mark, "space", "unmark")
	}
	return []action.Action{
		{Key: mark, Writes: true, When: l.selected, Do: func(tea.KeyMsg) tea.Cmd { l.toggleMark(); return nil }},
		{Key: k.MarkAll, Writes: true, When: l.someShownUnmarked,
			Why: func() string {
				if l.Len() == 0 {
					return "Nothing to mark: no row is shown."
				}
				return "Every row shown is marked already: u unmarks them."
			},
			Do: func(tea.KeyMsg) tea.Cmd { l.markShown(); return nil }},
	}
}

// moveActions move the cursor; help lists them whenever there is more than
// one row, the footer leaves them to help.
func (l *List[T]) moveActions() []action.Action {
	k := l.ctx.Keys
	rows := func() bool { return l.loaded && l.Len() > 1 }
	down := func() bool { row, ok := l.table.Cursor(); return ok && rows() && row < l.Len()-1 }
	up := func() bool { row, ok := l.table.Cursor(); return ok && rows() && row > 0 }
	move := func(n func() int) func(tea.KeyMsg) tea.Cmd {
		return func(tea.KeyMsg) tea.Cmd { l.table.Move(n()); return nil }
	}
	page := func() int { return l.table.PageSize() }
	return []action.Action{
		{Key: k.Down, When: down, Listed: rows, Do: move(func() int { return 1 })},
		{Key: k.PageDown, When: down, Listed: rows, Do: move(page)},
		{Key: k.Bottom, When: down, Listed: rows, Do: func(tea.KeyMsg) tea.Cmd { l.table.Bottom(); return nil }},
		{Key: k.Up, When: up, Listed: rows, Do: move(func() int { return -1 })},
		{Key: k.PageUp, When: up, Listed: rows, Do: move(func() int { return -page() })},
		{Key: k.Top, When: up, Listed: rows, Do: func(tea.KeyMsg) tea.Cmd { l.table.Top(); return nil }},
	}
}

// copyAction: c copies a new secret on the screens that show one; on a
// row there is none to copy, and pressing it says so.
func (l *List[T]) copyAction() action.Action {
	return action.Action{Key: l.ctx.Keys.Copy, When: action.Never,
		Why: action.Say("No secret to copy here: a token's secret is shown once, when it is made or rotated, and c copies it then.")}
}

// OpenFilter gives the filter field the keyboard, holding the applied
// query (what / does; the Search tab opens with it).
func (l *List[T]) OpenFilter() tea.Cmd {
	l.filtering = true
	l.filter.SetValue(l.query)
	l.filter.CursorEnd()
	l.resize()
	return l.filter.Focus()
}

// CanFilter reports whether / would open the filter field now.
func (l *List[T]) CanFilter() bool { return l.filterable() && (!l.loaded || len(l.items) > 0) }

// SetFilterHint sets what the empty filter field says.
func (l *List[T]) SetFilterHint(s string) { l.filter.Placeholder = s }

// Query is the filter's text: as typed while the field is open.
func (l *List[T]) Query() string { return l.query }

// Filtering reports whether the filter field has the keyboard.
func (l *List[T]) Filtering() bool { return l.filtering }

// filterActions: the filter field has the keyboard; enter keeps the
// filter, esc clears it, ↑/↓ move in the rows it leaves; anything else is
// typed into it.
func (l *List[T]) filterActions() action.Table {
	k := l.ctx.Keys
	up := func() bool { row, ok := l.table.Cursor(); return ok && row > 0 }
	down := func() bool { row, ok := l.table.Cursor(); return ok && row < l.Len()-1 }
	return action.Table{Actions: []action.Action{
		{Key: k.FilterDone, Do: func(tea.KeyMsg) tea.Cmd {
			l.filtering = false
			l.filter.Blur()
			l.resize()
			return nil
		}},
		{Key: k.FilterClear, Do: func(tea.KeyMsg) tea.Cmd { l.ClearFilter(); return nil }},
		{Key: key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "down")), When: down, Hidden: true,
			Do: func(tea.KeyMsg) tea.Cmd { l.table.Move(1); return nil }},
		{Key: key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "up")), When: up, Hidden: true,
			Do: func(tea.KeyMsg) tea.Cmd { l.table.Move(-1); return nil }},
	}}
}

// handleKey runs the key through the table; while filtering, a key the
// table does not take is typed into the filter.
func (l *List[T]) handleKey(msg tea.KeyMsg) tea.Cmd {
	if cmd, ok := l.Actions().Dispatch(msg); ok {
		return cmd
	}
	if !l.filtering {
		return nil
	}
	var cmd tea.Cmd
	l.filter, cmd = l.filter.Update(msg)
	return tea.Batch(cmd, l.setQuery(l.filter.Value()))
}

// idActions: y copies the selected item's id, o names its page in the
// Unleash web UI (the URL, to open or copy by hand).
func (l *List[T]) idActions() []action.Action {
	k := l.ctx.Keys
	var out []action.Action
	if l.spec.ID != nil {
		id := func() string {
			if it, ok := l.Selected(); ok {
				return l.spec.ID(it)
			}
			return ""
		}
		out = append(out, action.Action{Key: k.CopyID, When: func() bool { return id() != "" },
			Why: func() string {
				if l.selected() {
					return "This token has no id to copy: the server listed it without one."
				}
				return ""
			},
			Do: func(tea.KeyMsg) tea.Cmd { return copyID(l.ctx.Copy, id()) }})
	}
	if l.spec.Page != nil {
		out = append(out, action.Action{Key: k.Page, When: l.selected, Do: func(tea.KeyMsg) tea.Cmd {
			it, _ := l.Selected()
			return core.Say(pageSentence(l.ctx.URL, l.spec.Page(it)))
		}})
	}
	return out
}

// pageSentence names an item's page in the Unleash web UI; the demo's
// instance ("demo (in-memory Unleash)") has no web UI, so it gets the path.
func pageSentence(base, path string) string {
	if !strings.Contains(base, "://") {
		return "The demo has no Unleash web UI: on a server, this page is " + path + " under its URL."
	}
	return "Its page in the Unleash web UI: " + tokensURL(base, path)
}

// tokensURL joins the instance's URL and a page's path.
func tokensURL(base, path string) string {
	return strings.TrimRight(api.Clean(base), "/") + path
}

// copyID copies an id off the UI goroutine and says how it went.
func copyID(copyFn clipboard.Copier, id string) tea.Cmd {
	if copyFn == nil {
		return core.SayError("No clipboard: the id is " + id + ".")
	}
	return func() tea.Msg {
		r := copyFn(id)
		switch r.Via {
		case "clipboard":
			return core.Flash{Text: "Copied the id " + id + " to the system clipboard."}
		case "osc52":
			return core.Flash{Text: "Sent the id " + id + " to your terminal's clipboard (OSC 52)."}
		}
		return core.Flash{Text: "Could not copy the id " + id + ": " + core.ErrorText(r.Err) + ".", IsError: true}
	}
}
