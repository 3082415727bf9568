package list

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/unleash-tokens/unleash-tokens/ui/core"
)

// marks are the marked items, by key, so that they survive a reload; an
// item that a reload no longer has loses its mark.
type marks struct {
	keys  map[string]struct{}
	items []bool // by index into the list's items; nil when nothing is marked
	gen   int    // bumped on every change: a load's snapshot is current while it holds
}

func (m *marks) count() int { return len(m.keys) }

func (m *marks) has(i int) bool { return m.items != nil && i < len(m.items) && m.items[i] }

func (m *marks) set(i, n int, key string, on bool) {
	if m.keys == nil {
		m.keys = map[string]struct{}{}
	}
	if m.items == nil {
		m.items = make([]bool, n)
	}
	m.items[i] = on
	if on {
		m.keys[key] = struct{}{}
	} else {
		delete(m.keys, key)
	}
	m.gen++
}

func (m *marks) clear() {
	m.keys, m.items = nil, nil
	m.gen++
}

// snapshot is a copy of the marked keys a load can read off the UI
// goroutine, with the generation it was taken at; nil when none.
func (m *marks) snapshot() (map[string]struct{}, int) {
	if len(m.keys) == 0 {
		return nil, m.gen
	}
	out := make(map[string]struct{}, len(m.keys))
	for k := range m.keys {
		out[k] = struct{}{}
	}
	return out, m.gen
}

// markLookup is which of a snapshot's keys a load found, and where.
type markLookup struct {
	keys  map[string]struct{}
	items []bool
}

// findMarked looks up the snapshot's keys among items (off the UI goroutine).
func findMarked[T any](items []T, keyOf func(T) string, want map[string]struct{}) markLookup {
	if len(want) == 0 {
		return markLookup{}
	}
	f := markLookup{keys: map[string]struct{}{}, items: make([]bool, len(items))}
	for i, it := range items {
		k := keyOf(it)
		if _, ok := want[k]; ok {
			f.keys[k] = struct{}{}
			f.items[i] = true
		}
	}
	return f
}

// applyMarks carries the marks over to newly loaded items: the load's own
// finding when the marks did not change meanwhile, else a fresh look.
func (l *List[T]) applyMarks(msg loaded[T]) {
	switch {
	case l.marks.count() == 0:
		l.marks.items = nil
	case msg.markGen == l.marks.gen:
		l.marks.keys, l.marks.items = msg.marked.keys, msg.marked.items
		if len(l.marks.keys) == 0 {
			l.marks.items = nil
		}
		l.marks.gen++
	default:
		want, _ := l.marks.snapshot()
		f := findMarked(l.items, l.spec.Key, want)
		l.marks.keys, l.marks.items = f.keys, f.items
		l.marks.gen++
	}
}

// MarkedCount is how many items are marked.
func (l *List[T]) MarkedCount() int { return l.marks.count() }

// toggleMark marks or unmarks the selected item and moves to the next row,
// so that a run of rows is marked with a run of spaces.
func (l *List[T]) toggleMark() {
	row, ok := l.table.Cursor()
	if !ok || row >= l.Len() {
		return
	}
	i := l.itemAt(row)
	l.marks.set(i, len(l.items), l.spec.Key(l.items[i]), !l.marks.has(i))
	l.table.Move(1)
}

// markShown marks every row the filter shows.
func (l *List[T]) markShown() {
	for row := range l.Len() {
		if i := l.itemAt(row); !l.marks.has(i) {
			l.marks.set(i, len(l.items), l.spec.Key(l.items[i]), true)
		}
	}
}

// someShownUnmarked reports whether mark-all would mark anything.
func (l *List[T]) someShownUnmarked() bool {
	for row := range l.Len() {
		if !l.marks.has(l.itemAt(row)) {
			return true
		}
	}
	return false
}

// marked is every marked item, shown or not, in the server's order, and
// how many of them the filter hides.
func (l *List[T]) marked() (out []T, hidden int) {
	for i, it := range l.items {
		if l.marks.has(i) {
			out = append(out, it)
		}
	}
	return out, len(out) - l.markedShown()
}

func (l *List[T]) markedShown() int {
	if l.view == nil {
		return l.marks.count()
	}
	n := 0
	for _, i := range l.view {
		if l.marks.has(int(i)) {
			n++
		}
	}
	return n
}

// openBulk opens a bulk write's form once its question was answered yes.
type openBulk struct{ serial, gen, id int }

// acted is what d and e of a list without a write to one act on: the
// marked items, or the selected one when none is marked (a write to many of
// one, with its question); nil when there is neither.
func (l *List[T]) acted() (items []T, hidden int) {
	if l.marks.count() > 0 {
		return l.marked()
	}
	if it, ok := l.Selected(); ok {
		return []T{it}, 0
	}
	return nil, 0
}

// askBulkDelete asks once for every marked item (or the selected one), then
// runs the deletes.
func (l *List[T]) askBulkDelete() tea.Cmd {
	items, hidden := l.acted()
	if len(items) == 0 {
		return nil
	}
	b := l.spec.BulkDelete(items)
	lines := b.Question
	if hidden > 0 {
		note := fmt.Sprintf("%d of them are hidden by the filter.", hidden)
		if hidden == 1 {
			note = "1 of them is hidden by the filter."
		}
		lines = append(lines[:1:1], append([]string{note}, lines[1:]...)...)
	}
	l.bulkID = l.ctx.NextID()
	l.bulkRun = b.Run
	yes := core.Send(openBulk{serial: l.serial, gen: l.gen, id: l.bulkID})
	hint := "y deletes them all · n, esc or enter keeps them"
	if len(items) == 1 {
		hint = "y deletes it · n, esc or enter keeps it"
	}
	return core.Send(core.Ask{Lines: lines, Yes: yes, Hint: hint})
}

// editMarked opens the form that changes every marked item (or the
// selected one).
func (l *List[T]) editMarked() tea.Cmd {
	items, _ := l.acted()
	if len(items) == 0 {
		return nil
	}
	f, why := l.spec.BulkEdit(items)
	if f == nil {
		return core.SayError(why)
	}
	l.form = f
	return l.form.Init()
}

func (l *List[T]) openBulkForm(msg openBulk) tea.Cmd {
	if msg.serial != l.serial || msg.gen != l.gen || msg.id != l.bulkID || l.bulkRun == nil || l.form != nil {
		return nil
	}
	l.form, l.bulkRun = l.bulkRun(), nil
	return l.form.Init()
}
