package list

import (
	"context"
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/unleash-tokens/unleash-tokens/ui/core"
	"github.com/unleash-tokens/unleash-tokens/ui/form"
	"github.com/unleash-tokens/unleash-tokens/ui/table"
)

// List is a table of items of one kind with loading, filtering, sorting,
// the selected item's detail, and writes.
type List[T any] struct {
	ctx    *core.Context
	spec   Spec[T]
	serial int // tells lists apart in their messages
	gen    int // bumped by Reset: answers about older content are dropped

	items   []T     // as loaded; replaced, never edited (background work reads it)
	view    []int32 // the rows: indices into items; nil means all, in the server's order
	table   *table.Table
	widths  []int
	loading bool
	loaded  bool
	err     error
	reqID   int // the load under way

	filter    textinput.Model
	filtering bool // the filter field has the keyboard
	query     string
	order     table.Order
	match     []bool                   // of the current query; nil: no filter
	recent    []filtered               // the last queries' matches, for typing on and erasing back
	perms     [table.NumOrders][]int32 // sorted orders of the current items, made on first use
	index     *index                   // the items' searched texts and sort keys, made with each load
	computeID int                      // the filter or sort under way; 0: none
	pendingFn func()                   // what to do once the computation lands (select a key)
	held      []tea.KeyMsg             // keys that came while a filter or sort was under way (see hold)

	detail    detailCache // the selected item's detail as drawn
	drawnHead drawnHead   // the title line as drawn (head)

	form    form.Form[T]
	asked   *form.Check[T] // what to check once a delete that was asked for returns
	pending *form.Check[T] // what the next reload must answer

	marks   marks               // rows marked for a write to many
	bulkID  int                 // the bulk write asked about last
	bulkRun func() form.Form[T] // its form, opened when the answer is yes

	width, height int
}

// New makes a list; a list without a Fetch cannot be built.
func New[T any](ctx *core.Context, spec Spec[T]) *List[T] {
	if spec.Fetch == nil || spec.Key == nil || spec.Cells == nil {
		panic("list.New: a Spec needs Fetch, Key and Cells")
	}
	f := form.NewInput("filter: a name, a scope, or a status such as expired", 200)
	f.Prompt = "/"
	l := &List[T]{ctx: ctx, spec: spec, serial: ctx.NextID(), filter: f}
	l.newTable()
	return l
}

func (l *List[T]) newTable() {
	l.table = table.New(l.spec.Columns...)
	l.table.SetMarked(func(row int) bool { return l.marks.has(l.itemAt(row)) })
}

// Reset makes the list show something else (another project's tokens, a
// new search): it forgets its items and loads through the new spec.
func (l *List[T]) Reset(spec Spec[T]) tea.Cmd {
	if spec.Fetch == nil || spec.Key == nil || spec.Cells == nil {
		panic("list.Reset: a Spec needs Fetch, Key and Cells")
	}
	l.spec = spec
	l.gen++
	l.form, l.pending, l.asked = nil, nil, nil
	l.items, l.view, l.err, l.loaded = nil, nil, nil, false
	l.detail = detailCache{}
	l.perms = [table.NumOrders][]int32{}
	l.index = nil
	l.match, l.computeID, l.recent, l.held = nil, 0, nil, nil
	l.marks.clear()
	l.bulkRun = nil
	l.newTable()
	l.table.SetOrder(l.order)
	l.query = ""
	l.filter.SetValue("")
	l.filtering = false
	l.resize()
	return l.Load()
}

// Refetch loads the same kind of items through a new spec (a fresher
// source), keeping the filter, the sort and the cursor.
func (l *List[T]) Refetch(spec Spec[T]) tea.Cmd {
	if spec.Fetch == nil || spec.Key == nil || spec.Cells == nil {
		panic("list.Refetch: a Spec needs Fetch, Key and Cells")
	}
	l.spec = spec
	return l.Load()
}

// Stop forgets any load under way (the screen that asked is gone).
func (l *List[T]) Stop() {
	l.reqID = l.ctx.NextID()
	l.loading = false
}

// loaded carries a fetch back to the list that asked for it.
type loaded[T any] struct {
	serial, id, gen int
	items           []T
	err             error
	widths          []int
	keep            int        // the index of the item the cursor was on, or -1
	found           int        // the index of the item the pending check looked for, or -1
	markGen         int        // the marks' generation when the load started
	marked          markLookup // the marked keys found among the items
	index           *index     // what the filter and the sort read of the items
	risksGen        int        // the audit's risks the widths were measured with (core.Context.RisksGen)
}

// Load starts a fetch; an older fetch still under way will be dropped.
func (l *List[T]) Load() tea.Cmd {
	l.reqID = l.ctx.NextID()
	l.loading = true
	spec, pending := l.spec, l.pending
	keepKey, keeping := "", false
	if it, ok := l.Selected(); ok {
		keepKey, keeping = spec.Key(it), true
	}
	msg := loaded[T]{serial: l.serial, id: l.reqID, gen: l.gen, keep: -1, found: -1}
	markKeys, markGen := l.marks.snapshot()
	msg.markGen = markGen
	measure := l.measurer() // reads the context: here, on the UI goroutine
	msg.risksGen = l.ctx.RisksGen()
	return func() tea.Msg {
		msg.items, msg.err = spec.Fetch(context.Background())
		if msg.err != nil {
			msg.items = nil
			return msg
		}
		msg.marked = findMarked(msg.items, spec.Key, markKeys)
		for i, it := range msg.items {
			if keeping && msg.keep < 0 && spec.Key(it) == keepKey {
				msg.keep = i
			}
			if pending != nil && msg.found < 0 && pending.Match(it) {
				msg.found = i
			}
		}
		msg.index = buildIndex(msg.items, spec.Search, spec.Facts)
		msg.widths = measure(msg.items)
		return msg
	}
}

// measurer makes, on the UI goroutine, what measures the columns of items
// off it: the spec's Measure (made now, as it reads the context), or the
// drawn cells of every item.
func (l *List[T]) measurer() func(items []T) []int {
	spec, ctx := l.spec, l.ctx
	if spec.Measure == nil {
		return func(items []T) []int {
			return contentWidths(len(spec.Columns), func(i int) []table.Cell { return spec.Cells(items[i], ctx) }, len(items))
		}
	}
	measure := spec.Measure(ctx)
	return func(items []T) []int {
		w := make([]int, len(spec.Columns))
		for _, it := range items {
			measure(it, w)
		}
		return w
	}
}

// RisksChanged says an audit's risks were kept (core.Context.SetRisks):
// the lists draw their rows and details again, and measure their columns
// again off the UI goroutine (a Status cell names its risks).
type RisksChanged struct{}

// measured carries the columns' widths measured again.
type measured struct {
	serial, id int
	widths     []int
}

// remeasure measures the items' columns again, for their risks.
func (l *List[T]) remeasure() tea.Cmd {
	l.changed()
	if !l.loaded || len(l.items) == 0 {
		return nil
	}
	items, measure, serial, id := l.items, l.measurer(), l.serial, l.reqID
	return func() tea.Msg { return measured{serial: serial, id: id, widths: measure(items)} }
}

// Loaded reports whether the list has items from the server (maybe none).
func (l *List[T]) Loaded() bool { return l.loaded }

// Err is why the last fetch failed, or nil.
func (l *List[T]) Err() error { return l.err }

// Loading reports whether a fetch is under way.
func (l *List[T]) Loading() bool { return l.loading }

// Busy reports whether the list waits for anything: a fetch, a filter or
// sort, or its form's request.
func (l *List[T]) Busy() bool { return l.loading || l.computeID != 0 || l.formBusy() }

// formBusy reports whether the form's request is under way, for a form
// that says (the writes to many and the rotation, which show progress).
func (l *List[T]) formBusy() bool {
	b, ok := l.form.(interface{ Busy() bool })
	return ok && b.Busy()
}

// Items is everything the list holds, in the server's order. Do not change it.
func (l *List[T]) Items() []T { return l.items }

// Len is the number of rows shown (after the filter).
func (l *List[T]) Len() int {
	if l.view == nil {
		return len(l.items)
	}
	return len(l.view)
}

func (l *List[T]) itemAt(row int) int {
	if l.view == nil {
		return row
	}
	return int(l.view[row])
}

// Selected is the item under the cursor.
func (l *List[T]) Selected() (T, bool) {
	var zero T
	row, ok := l.table.Cursor()
	if !ok || !l.loaded || row >= l.Len() {
		return zero, false
	}
	return l.items[l.itemAt(row)], true
}

// selectItem puts the cursor on item i if it is shown.
func (l *List[T]) selectItem(i int) bool {
	if l.view == nil {
		if i >= 0 && i < len(l.items) {
			l.table.SetCursor(i)
			return true
		}
		return false
	}
	for row, v := range l.view {
		if int(v) == i {
			l.table.SetCursor(row)
			return true
		}
	}
	return false
}

// Capturing reports whether the filter field or a form has the keyboard.
func (l *List[T]) Capturing() bool {
	return l.filtering || l.form != nil
}

// InForm reports whether a form is shown in place of the list.
func (l *List[T]) InForm() bool { return l.form != nil }

// Find re-reads the list and puts the cursor on the item with the key, for
// a token the audit found; it says so if the item is gone.
func (l *List[T]) Find(key string) tea.Cmd {
	l.ClearFilter()
	keyOf := l.spec.Key
	l.pending = &form.Check[T]{Match: func(it T) bool { return keyOf(it) == key },
		Missing: core.Flash{Text: "That token is no longer there: it was deleted since the audit.", IsError: true}}
	return l.Load()
}

// ClearFilter drops an applied filter; it reports whether there was one.
func (l *List[T]) ClearFilter() bool {
	if l.query == "" && !l.filtering {
		return false
	}
	l.filtering = false
	l.filter.Blur()
	l.filter.SetValue("")
	l.setQuery("")
	return true
}

// Keys are the keys the list acts on now, most useful first: its action
// table's, or the form's while one is shown.
func (l *List[T]) Keys() []key.Binding {
	if l.form != nil {
		return l.form.Keys()
	}
	return l.Actions().Keys()
}

// filterable: / opens the filter on a list that is loaded, and on one still
// loading (or about to: nothing failed yet), so that keys typed before the
// rows arrive are the filter's text, not commands; the query applies when
// the rows land.
func (l *List[T]) filterable() bool { return l.loaded || l.err == nil }

// writable: writes are on and the list is not between two states.
// Once the app's own token is deleted, nothing can be written.
func (l *List[T]) writable() bool {
	return !l.ctx.ReadOnly && l.ctx.OwnTokenGone == "" && l.loaded && !l.loading
}

// say is a command that flashes msg, or nothing for an empty one.
func say(msg core.Flash) tea.Cmd {
	if msg.Text == "" {
		return nil
	}
	return core.Send(msg)
}

// describe is "12 of 40 match · sorted by expiry".
func (l *List[T]) describe() string {
	var s string
	switch {
	case l.loaded && l.query != "":
		s = fmt.Sprintf("  %d of %d match", l.Len(), len(l.items))
	case l.loaded:
		s = fmt.Sprintf("  (%d)", len(l.items))
	}
	if l.order != table.Unsorted {
		s += " · " + l.order.String() + " ↑" // named with its arrow: the column may be hidden at this width
	}
	if n := l.marks.count(); n > 0 {
		s += fmt.Sprintf(" · %d marked", n)
	}
	return s
}
