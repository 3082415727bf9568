package list

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/ui/core"
	"github.com/unleash-tokens/unleash-tokens/ui/form"
	"github.com/unleash-tokens/unleash-tokens/ui/table"
)

// computed carries a filter or a sort back to the list.
type computed struct {
	serial, id, gen int
	query           string
	order           table.Order
	match           []bool
	perm            []int32
	view            []int32
	index           *index // made by this computation, for a list that had none
}

// removed is the answer to a delete.
type removed struct {
	serial, gen int
	err         error
}

// Tick makes relative times move on; a list with a filter runs it again, as
// status words change with time.
type Tick struct{}

// Update handles the list's own messages and keys; a form, while shown,
// gets everything else.
func (l *List[T]) Update(msg tea.Msg) tea.Cmd {
	cmd := l.update(msg)
	if len(l.held) > 0 && l.computeID == 0 {
		cmd = tea.Batch(cmd, l.release())
	}
	l.resize() // the selected item's detail may have grown or shrunk
	return cmd
}

// maxHeld bounds the keys held while a filter or sort is under way (a paste
// of junk into a busy list); past it they are dropped.
const maxHeld = 256

// hold keeps a key of the list's actions that came while a filter or sort
// was under way: what is shown is still the rows before it, and a (mark
// all), d or enter must act on the rows the query gives ("/expired",
// enter, a, d typed fast marked an earlier prefix's rows). Typing into the
// filter field is never held. Actions wraps every action's Do with it, so
// a tab that dispatches the list's table holds them too.
func (l *List[T]) hold(msg tea.KeyMsg) bool {
	if l.computeID == 0 || l.filtering || l.form != nil {
		return false
	}
	if len(l.held) < maxHeld {
		l.held = append(l.held, msg)
	}
	return true
}

// release runs the held keys in order, once the rows they act on are
// shown; one that starts another filter or sort holds the rest again.
func (l *List[T]) release() tea.Cmd {
	var cmds []tea.Cmd
	for len(l.held) > 0 && l.computeID == 0 {
		msg := l.held[0]
		l.held = l.held[1:]
		cmds = append(cmds, l.update(msg))
	}
	return tea.Batch(cmds...)
}

func (l *List[T]) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case loaded[T]:
		if msg.serial != l.serial || msg.id != l.reqID {
			return nil // an answer to an older request, or for another list
		}
		cmd := l.applyLoad(msg)
		if msg.err == nil && msg.risksGen != l.ctx.RisksGen() {
			cmd = tea.Batch(cmd, l.remeasure()) // an audit's risks came while it loaded
		}
		return cmd
	case computed:
		if msg.serial != l.serial || msg.id != l.computeID || msg.gen != l.gen {
			return nil
		}
		l.applyCompute(msg)
		return nil
	case removed:
		return l.applyRemoved(msg)
	case openBulk:
		return l.openBulkForm(msg)
	case RisksChanged:
		return l.remeasure()
	case measured:
		l.applyMeasured(msg)
		return nil
	case Tick:
		return l.tick()
	case tea.KeyMsg:
		if l.form != nil {
			cmd, out := l.form.Update(msg)
			return tea.Batch(cmd, l.finishForm(out))
		}
		return l.handleKey(msg)
	}
	if l.form != nil {
		cmd, out := l.form.Update(msg)
		return tea.Batch(cmd, l.finishForm(out))
	}
	return nil
}

func (l *List[T]) applyRemoved(msg removed) tea.Cmd {
	if msg.serial != l.serial || msg.gen != l.gen || l.asked == nil {
		return nil
	}
	l.pending, l.asked = l.asked, nil
	if msg.err != nil {
		l.pending = nil
		return core.SayError("Not deleted, it is still there: " + core.ErrorText(msg.err))
	}
	return l.Load() // the audit reads again once the list did: if it was the app's own token, no read works
}

func (l *List[T]) applyMeasured(msg measured) {
	if msg.serial == l.serial && msg.id == l.reqID && !l.loading {
		l.widths = msg.widths
		l.table.SetContentWidths(msg.widths)
	}
}

func (l *List[T]) tick() tea.Cmd {
	l.changed()    // relative times move on
	l.recent = nil // and status words with them
	if l.query != "" && l.loaded {
		return l.compute()
	}
	return nil
}

func (l *List[T]) applyLoad(msg loaded[T]) tea.Cmd {
	l.loading = false
	l.err = msg.err
	if msg.err != nil {
		p := l.pending
		l.pending = nil
		if p == nil {
			return nil
		}
		if api.KindOf(msg.err) == api.KindUnauthenticated && p.Removed != "" {
			// The delete took the app's own token: the item is gone, and
			// the list stays as it was without it.
			l.err = nil
			return tea.Batch(l.drop(p.Match), core.Send(core.OwnTokenDeleted{What: p.Removed}))
		}
		changed := tokensChanged(p)
		if api.KindOf(msg.err) == api.KindUnauthenticated {
			return tea.Batch(changed, core.SayError("The server no longer accepts this app's token (401 on reading the list again): "+
				"if that was the PAT this app signs in with, it is gone; start the app with another token."))
		}
		return tea.Batch(changed, core.SayError("Could not read the list again to check what happened: "+core.ErrorText(msg.err)+" · r retries"))
	}
	l.items, l.loaded = msg.items, true
	l.index = msg.index // nil (a drop): the next filter or sort makes it
	l.computeID = 0     // a filter or sort of the items before is of no use
	l.applyMarks(msg)
	l.recent = nil
	l.changed()
	l.widths = msg.widths
	l.table.SetContentWidths(msg.widths)
	l.perms = [table.NumOrders][]int32{}
	if msg.index != nil {
		l.perms = msg.index.perms // sorted with the load: s applies them at once
	}
	l.match, l.view = nil, nil
	target := msg.keep
	var said tea.Cmd
	if p := l.pending; p != nil {
		l.pending = nil
		said = tokensChanged(p)
		if msg.found >= 0 {
			target = msg.found
			said = tea.Batch(said, say(p.Found))
		} else {
			said = tea.Batch(said, say(p.Missing))
		}
	}
	if l.query != "" || l.order != table.Unsorted {
		l.view = []int32{} // nothing until the filter or sort lands
		l.table.SetLen(0)
		l.pendingFn = func() { l.selectItem(target) }
		return tea.Batch(said, l.compute())
	}
	l.table.SetLen(len(l.items))
	if target >= 0 {
		l.selectItem(target)
	}
	return said
}

// tokensChanged has the audit read again after a delete, once the list was
// read again.
func tokensChanged[T any](p *form.Check[T]) tea.Cmd {
	if p.Removed == "" {
		return nil
	}
	return core.Send(core.TokensChanged{})
}

// compute filters and sorts the items off the UI goroutine.
func (l *List[T]) compute() tea.Cmd {
	l.computeID = l.ctx.NextID()
	msg := computed{serial: l.serial, id: l.computeID, gen: l.gen, query: l.query, order: l.order, perm: l.perms[l.order]}
	items, spec, now, th, ix := l.items, l.spec, l.ctx.Now(), l.ctx.Thresholds, l.index
	same, within := reuse(l.recent, l.query)
	return func() tea.Msg {
		if ix == nil {
			ix = buildIndex(items, spec.Search, spec.Facts)
			msg.index = ix
		}
		switch {
		case msg.query == "":
		case same != nil:
			msg.match = same
		default:
			msg.match = matches(items, newMatcher(msg.query, &spec, now, th), within, ix)
		}
		if msg.order != table.Unsorted && msg.perm == nil {
			msg.perm = sortOrder(items, spec.Facts, msg.order, ix)
		}
		msg.view = viewOf(len(items), msg.perm, msg.match)
		return msg
	}
}

func (l *List[T]) applyCompute(msg computed) {
	keep := -1
	if row, ok := l.table.Cursor(); ok && row < l.Len() {
		keep = l.itemAt(row)
	}
	l.computeID = 0
	if msg.index != nil {
		l.index = msg.index
	}
	if msg.order != table.Unsorted {
		l.perms[msg.order] = msg.perm
	}
	l.match, l.view = msg.match, msg.view
	l.remember(msg.query, msg.match)
	l.changed()
	l.table.SetLen(l.Len())
	if f := l.pendingFn; f != nil {
		l.pendingFn = nil
		f()
	} else if msg.query == "" && keep >= 0 {
		l.selectItem(keep) // a sort keeps the row; a new filter starts at the top
	} else if !l.selectItem(keep) {
		l.table.Top()
	}
}

// remember keeps a query's match for the next keystrokes.
func (l *List[T]) remember(q string, match []bool) {
	if q == "" || match == nil {
		return
	}
	for _, f := range l.recent {
		if f.query == q {
			return
		}
	}
	l.recent = append(l.recent, filtered{q, match})
	if len(l.recent) > recentFilters {
		l.recent = l.recent[1:]
	}
}

// setQuery applies a filter (off the UI goroutine).
func (l *List[T]) setQuery(q string) tea.Cmd {
	if q == l.query {
		return nil
	}
	l.query = q
	l.resize()
	if !l.loaded {
		return nil
	}
	if q == "" && l.order == table.Unsorted {
		keep := -1
		if row, ok := l.table.Cursor(); ok && row < l.Len() {
			keep = l.itemAt(row)
		}
		l.computeID, l.match, l.view = 0, nil, nil
		l.changed()
		l.table.SetLen(len(l.items))
		l.selectItem(keep)
		return nil
	}
	return l.compute()
}

// cycleSort moves to the next order; with the order already computed the
// rows change at once, else off the UI goroutine.
func (l *List[T]) cycleSort() tea.Cmd {
	l.order = (l.order + 1) % table.NumOrders
	l.table.SetOrder(l.order)
	if l.order == table.Unsorted && l.query == "" {
		keep := -1
		if row, ok := l.table.Cursor(); ok && row < l.Len() {
			keep = l.itemAt(row)
		}
		l.computeID, l.view = 0, nil
		l.changed()
		l.table.SetLen(len(l.items))
		l.selectItem(keep)
		return nil
	}
	if perm := l.perms[l.order]; perm != nil || l.order == table.Unsorted {
		l.applyCompute(computed{order: l.order, query: l.query, match: l.match, perm: perm, view: viewOf(len(l.items), perm, l.match)})
		return nil
	}
	return l.compute()
}

// refusal says why a write key cannot act now, or "".
func (l *List[T]) refusal() string {
	switch {
	case l.ctx.OwnTokenGone != "":
		return "Nothing can be written: the token this app signs in with was deleted."
	case l.ctx.ReadOnly:
		return "Read-only: started with --read-only, so nothing can be created, changed or deleted."
	case !l.loaded || l.loading:
		return "Wait for the list to load."
	}
	return ""
}

// askRemove asks (y/N), then deletes and re-reads the list: the server
// answers 200 even for tokens it did not find, so only the list can say.
func (l *List[T]) askRemove(it T) tea.Cmd {
	r := l.spec.Remove(it)
	serial, gen := l.serial, l.gen
	yes := func() tea.Msg { return removed{serial: serial, gen: gen, err: r.Delete(context.Background())} }
	l.asked = &form.Check[T]{Match: r.Gone, Removed: r.What,
		Found:   core.Flash{Text: "The server answered OK, but " + r.What + " is still listed: it was not deleted.", IsError: true},
		Missing: core.Flash{Text: "Deleted " + r.What + "."}}
	question := "Delete " + r.What + "?"
	if r.Own != "" {
		question += " " + r.Own
	}
	return core.Send(core.Ask{Yes: yes, Hint: "y deletes · n, esc or enter keeps it",
		Lines: append([]string{question}, r.Lines...)})
}

// finishForm acts on what a form's update came to.
func (l *List[T]) finishForm(out form.Outcome[T]) tea.Cmd {
	if !out.Closed {
		return nil
	}
	l.form = nil
	l.resize()
	if out.Verify != nil {
		l.pending = out.Verify
	}
	if out.ClearMarks {
		l.marks.clear()
	}
	if out.Drop != nil {
		gone := make(map[string]bool, len(out.Drop))
		for _, it := range out.Drop {
			gone[l.spec.Key(it)] = true
		}
		return l.drop(func(it T) bool { return gone[l.spec.Key(it)] })
	}
	if out.Reload {
		return tea.Batch(l.Load(), core.Send(core.TokensChanged{}))
	}
	return nil
}

// drop takes the items gone out of the list at once, without reading it
// again (the server refuses every read once the app's own token is
// deleted); the cursor stays in place.
func (l *List[T]) drop(gone func(T) bool) tea.Cmd {
	at := -1
	if row, ok := l.table.Cursor(); ok && row < l.Len() {
		at = l.itemAt(row)
	}
	msg := loaded[T]{serial: l.serial, id: l.reqID, gen: l.gen, keep: -1, found: -1, markGen: l.marks.gen - 1, widths: l.widths}
	for i, it := range l.items {
		if gone(it) {
			continue
		}
		if i <= at || msg.keep < 0 {
			msg.keep = len(msg.items)
		}
		msg.items = append(msg.items, it)
	}
	return l.applyLoad(msg)
}
