package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/unleash-tokens/unleash-tokens/api"
)

// listSpec says what a list shows and how to fetch it.
type listSpec[T any] struct {
	what     string // "your PATs": used in messages ("Loading your PATs…")
	columns  []Column
	fetch    func(ctx context.Context) ([]T, error)
	key      func(T) string
	cells    func(T, *Context) []Cell
	detail   func(T, *Context) string // one line about the selected item
	empty    string                   // shown when the server returned nothing
	explain  func(error) string       // optional: a plain explanation that replaces the error box
	sortKeys func(T) sortKeys         // optional: s sorts by expiry and last seen

	// Writes; nil means the list offers none. --read-only turns all off.
	create func(existing []T) form[T] // n
	remove func(T) removal[T]         // d
	edit   func(T) form[T]            // e
}

// listLoaded carries a fetch result back to the list that asked for it.
type listLoaded[T any] struct {
	id    int
	items []T
	err   error
}

// list is a table of items of one kind with loading, filtering and errors.
type list[T any] struct {
	ctx       *Context
	spec      listSpec[T]
	items     []T
	table     Table
	filter    textinput.Model
	filtering bool
	loading   bool
	loaded    bool
	err       error
	reqID     int
	width     int
	height    int

	serial  int // tells lists apart in removedMsg
	gen     int // bumped by reset: answers about older content are ignored
	form    form[T]
	asked   *check[T] // what to check once a delete that was asked for returns
	pending *check[T] // what the next reload must answer
}

func newList[T any](ctx *Context, spec listSpec[T]) *list[T] {
	f := newInput()
	f.Prompt = "/"
	f.Placeholder = "filter"
	f.CharLimit = 200
	return &list[T]{ctx: ctx, spec: spec, table: NewTable(spec.columns...), filter: f, serial: ctx.nextID()}
}

// load starts a fetch; an older fetch still under way will be ignored.
func (l *list[T]) load() tea.Cmd {
	l.reqID = l.ctx.nextID()
	l.loading = true
	id, fetch := l.reqID, l.spec.fetch
	return func() tea.Msg {
		items, err := fetch(context.Background())
		return listLoaded[T]{id: id, items: items, err: err}
	}
}

// show puts items in the list without fetching them: for lists whose items
// come from elsewhere (the audit).
func (l *list[T]) show(items []T) {
	l.reqID = l.ctx.nextID() // any fetch under way is now stale
	l.items, l.loaded, l.loading, l.err = items, true, false, nil
	l.rebuild()
}

// reveal re-reads the list and puts the cursor on the item with the key,
// for a token shown from the audit; it says so if the item is gone.
func (l *list[T]) reveal(key string) tea.Cmd {
	l.clearFilter()
	l.pending = revealCheck(l.spec.key, key)
	return l.load()
}

func revealCheck[T any](keyOf func(T) string, key string) *check[T] {
	return &check[T]{match: func(it T) bool { return keyOf(it) == key },
		missing: flashMsg{text: "That token is no longer there: it was deleted since the audit.", isError: true}}
}

// reset forgets the items, for a list that now shows something else.
func (l *list[T]) reset(spec listSpec[T]) {
	l.spec = spec
	l.gen++
	l.form, l.pending, l.asked = nil, nil, nil
	l.items, l.err, l.loaded = nil, nil, false
	l.table = NewTable(spec.columns...)
	l.filter.SetValue("")
	l.filtering = false
	l.resize()
}

func (l *list[T]) selected() (T, bool) {
	var zero T
	i, ok := l.table.Selected()
	if !ok || i >= len(l.items) {
		return zero, false
	}
	return l.items[i], true
}

// helpKeys are the keys the list offers now.
func (l *list[T]) helpKeys(canOpen bool) []key.Binding {
	if l.form != nil {
		return l.form.keys()
	}
	k := l.ctx.Keys
	out := []key.Binding{k.Up, k.Down}
	if canOpen {
		out = append(out, k.Open)
	}
	if !l.ctx.ReadOnly {
		if l.spec.create != nil {
			out = append(out, keyNew)
		}
		if l.spec.remove != nil {
			out = append(out, keyDelete)
		}
		if l.spec.edit != nil {
			out = append(out, keyEdit)
		}
	}
	if l.spec.sortKeys != nil {
		out = append(out, keySort)
	}
	return append(out, k.Filter, k.Back, k.PageDown, k.PageUp, k.Top, k.Bottom)
}

// capturing reports whether the filter field or a form has the keyboard.
func (l *list[T]) capturing() bool { return l.filtering || l.form != nil }

func (l *list[T]) rebuild() {
	rows := make([]Row, len(l.items))
	for i, it := range l.items {
		rows[i] = NewRow(l.spec.key(it), l.spec.cells(it, l.ctx)...)
		if l.spec.sortKeys != nil {
			rows[i] = rows[i].WithSortKeys(l.spec.sortKeys(it))
		}
	}
	l.table.SetRows(rows)
}

func (l *list[T]) update(msg tea.Msg) tea.Cmd {
	if l.form != nil {
		if _, isKey := msg.(tea.KeyMsg); isKey || !isListMsg[T](msg) {
			cmd, out := l.form.update(msg)
			return tea.Batch(cmd, l.finishForm(out))
		}
	}
	switch msg := msg.(type) {
	case listLoaded[T]:
		if msg.id != l.reqID {
			return nil // an answer to an older request
		}
		l.loading = false
		l.err = msg.err
		if msg.err == nil {
			l.items, l.loaded = msg.items, true
			l.rebuild()
			return l.answerPending()
		}
	case removedMsg:
		if msg.list != l.serial || msg.gen != l.gen || l.asked == nil {
			return nil
		}
		l.pending, l.asked = l.asked, nil
		if msg.err != nil {
			l.pending = nil
			return flashError("Not deleted, it is still there: " + errorText(msg.err))
		}
		return l.load()
	case minuteTick:
		if l.loaded {
			l.rebuild() // relative times move on
		}
	case tea.KeyMsg:
		return l.handleKey(msg)
	}
	return nil
}

func (l *list[T]) handleKey(msg tea.KeyMsg) tea.Cmd {
	k := l.ctx.Keys
	if l.filtering {
		switch msg.String() {
		case "enter":
			l.filtering = false
			l.filter.Blur()
		case "esc":
			l.filtering = false
			l.filter.Blur()
			l.filter.SetValue("")
			l.table.SetFilter("")
		case "up", "down":
			l.table.Move(map[string]int{"up": -1, "down": 1}[msg.String()])
		default:
			var cmd tea.Cmd
			l.filter, cmd = l.filter.Update(msg)
			l.table.SetFilter(l.filter.Value())
			return cmd
		}
		l.resize()
		return nil
	}
	switch {
	case key.Matches(msg, k.Up):
		l.table.Move(-1)
	case key.Matches(msg, k.Down):
		l.table.Move(1)
	case key.Matches(msg, k.PageUp):
		l.table.Move(-l.table.PageSize())
	case key.Matches(msg, k.PageDown):
		l.table.Move(l.table.PageSize())
	case key.Matches(msg, k.Top):
		l.table.Top()
	case key.Matches(msg, k.Bottom):
		l.table.Bottom()
	case key.Matches(msg, k.Filter) && l.loaded:
		l.filtering = true
		l.resize()
		return l.filter.Focus()
	case key.Matches(msg, keySort) && l.spec.sortKeys != nil:
		l.table.CycleSort()
	case key.Matches(msg, keyNew) && l.canWrite(l.spec.create != nil):
		l.form = l.spec.create(l.items)
		return l.form.init()
	case key.Matches(msg, keyEdit) && l.canWrite(l.spec.edit != nil):
		if it, ok := l.selected(); ok {
			l.form = l.spec.edit(it)
			return l.form.init()
		}
	case key.Matches(msg, keyDelete) && l.canWrite(l.spec.remove != nil):
		if it, ok := l.selected(); ok {
			return l.askRemove(it)
		}
	}
	return nil
}

func (l *list[T]) canWrite(offered bool) bool { return offered && !l.ctx.ReadOnly && !l.loading }

// askRemove asks (y/N), then deletes and re-reads the list: the server
// answers 200 even for tokens it did not find, so only the list can say.
func (l *list[T]) askRemove(it T) tea.Cmd {
	r := l.spec.remove(it)
	serial, gen := l.serial, l.gen
	yes := func() tea.Msg { return removedMsg{list: serial, gen: gen, err: r.delete()} }
	l.asked = &check[T]{match: r.gone,
		found:   flashMsg{text: "The server answered OK, but " + r.what + " is still listed: it was not deleted.", isError: true},
		missing: flashMsg{text: "Deleted " + r.what + "."}}
	return ask(yes, "y deletes · n, esc or enter keeps it", append([]string{"Delete " + r.what + "?"}, r.lines...)...)
}

// finishForm acts on what a form's update came to.
func (l *list[T]) finishForm(out outcome[T]) tea.Cmd {
	if !out.closed {
		return nil
	}
	l.form = nil
	l.resize()
	if out.verify != nil {
		l.pending = out.verify
	}
	if out.reload {
		return l.load()
	}
	return nil
}

// answerPending says what a reload showed about a delete or a create.
func (l *list[T]) answerPending() tea.Cmd {
	p := l.pending
	if p == nil {
		return nil
	}
	l.pending = nil
	for i, it := range l.items {
		if p.match(it) {
			l.table.SelectKey(l.spec.key(l.items[i]))
			return say(p.found)
		}
	}
	return say(p.missing)
}

func say(msg flashMsg) tea.Cmd {
	if msg.text == "" {
		return nil
	}
	return func() tea.Msg { return msg }
}

// isListMsg reports whether msg is an answer for the list itself rather than
// for its form.
func isListMsg[T any](msg tea.Msg) bool {
	switch msg.(type) {
	case listLoaded[T], removedMsg, minuteTick:
		return true
	}
	return false
}

// clearFilter drops an applied filter; it reports whether there was one.
func (l *list[T]) clearFilter() bool {
	if l.filter.Value() == "" {
		return false
	}
	l.filter.SetValue("")
	l.table.SetFilter("")
	l.resize()
	return true
}

func (l *list[T]) setSize(w, h int) {
	l.width, l.height = w, h
	l.resize()
}

// chrome is the lines around the table: title, column header, detail, and
// the filter line when shown.
func (l *list[T]) chrome() int {
	n := 2 + l.detailLines()
	if l.filtering || l.filter.Value() != "" {
		n++
	}
	return n
}

func (l *list[T]) resize() {
	l.table.SetSize(l.width, l.height-l.chrome())
	l.filter.Width = max(l.width-4, 1)
}

// view draws the list in exactly height lines: title, table or message,
// filter, detail.
func (l *list[T]) view(title string) string {
	st := &l.ctx.Styles
	if l.form != nil {
		return l.form.view(l.width, l.height)
	}
	head := st.Title.Render(title)
	switch {
	case l.loaded && l.table.Total() > 0 && l.filter.Value() != "":
		head += st.Dim.Render(fmt.Sprintf("  %d of %d match", l.table.Len(), l.table.Total()))
	case l.loaded:
		head += st.Dim.Render(fmt.Sprintf("  (%d)", l.table.Total()))
	}
	if o := l.table.Order(); o != SortDefault {
		head += st.Dim.Render(" · " + o.String())
	}
	if l.loading {
		head += "  " + l.ctx.spin() + st.Dim.Render(" loading")
	}
	lines := []string{head}

	switch {
	case !l.loaded && l.err != nil:
		lines = append(lines, l.errorLines()...)
		return block(lines, l.height)
	case !l.loaded:
		lines = append(lines, "", "  "+l.ctx.spin()+" Loading "+l.spec.what+"…")
		return block(lines, l.height)
	case l.err != nil:
		// A reload failed: keep the rows, say why above them.
		lines = append(lines, st.Error.Render("Reload failed: "+errorText(l.err)+" · r to retry"))
		l.table.SetSize(l.width, l.height-l.chrome()-1)
		defer l.resize()
	}
	if l.table.Total() == 0 {
		lines = append(lines, "", "  "+st.Dim.Render(l.spec.empty))
		return block(lines, l.height)
	}
	lines = append(lines, l.table.View(st))
	if l.filtering {
		lines = append(lines, l.filter.View())
	} else if v := l.filter.Value(); v != "" {
		lines = append(lines, st.Dim.Render("filter: "+v+" · / to change, esc to clear"))
	}
	detail := ""
	if it, ok := l.selected(); ok {
		detail = l.spec.detail(it, l.ctx)
	} else if l.table.Len() == 0 {
		detail = "No rows match the filter."
	}
	for _, d := range packDetail(detail, l.width, l.detailLines()) {
		lines = append(lines, st.Dim.Render(d))
	}
	return block(lines, l.height)
}

// detailLines is how many lines the selected row's detail gets: two where
// one would cut it and the screen has rows to spare. It depends on the size
// only, so the table does not jump as the selection moves.
func (l *list[T]) detailLines() int {
	if l.width < wideDetail && l.height >= 12 {
		return 2
	}
	return 1
}

// wideDetail is the width from which a detail line fits on one line.
const wideDetail = 110

// packDetail fills exactly n lines of width w with the " · "-separated
// parts of a detail, moving to the next line between parts; what does not
// fit the last line is cut later, with an ellipsis.
func packDetail(detail string, w, n int) []string {
	out := make([]string, n)
	i := 0
	for _, part := range strings.Split(detail, " · ") {
		switch {
		case out[i] == "":
			out[i] = part
		case ansi.StringWidth(out[i])+3+ansi.StringWidth(part) <= w || i == n-1:
			out[i] += " · " + part
		default:
			i++
			out[i] = part
		}
	}
	return out
}

func (l *list[T]) errorLines() []string {
	st := &l.ctx.Styles
	wrap := func(s string) string { return indent(ansi.Wordwrap(s, max(l.width-2, 10), " "), "  ") }
	if l.spec.explain != nil {
		if text := l.spec.explain(l.err); text != "" {
			return []string{"", wrap(strings.ReplaceAll(text, "\n", " "))}
		}
	}
	out := []string{"", st.Error.Render(wrap("Could not load " + l.spec.what + ":")), wrap(errorText(l.err))}
	if e, ok := api.AsError(l.err); ok && e.Hint() != "" {
		out = append(out, st.Dim.Render(wrap(e.Hint())))
	}
	return append(out, "", "  "+st.Dim.Render("Press r to retry."))
}

func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}

// errorText is an error made safe to draw.
func errorText(err error) string {
	if err == nil {
		return ""
	}
	return api.Clean(err.Error())
}

// newInput is a text field with a steady cursor (no blink ticks).
func newInput() textinput.Model {
	in := textinput.New()
	in.Cursor.SetMode(cursor.CursorStatic)
	return in
}

// block joins lines (entries may hold several) and pads or cuts the result
// to exactly h lines.
func block(entries []string, h int) string {
	if h <= 0 {
		return ""
	}
	lines := strings.Split(strings.Join(entries, "\n"), "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// minuteTick makes relative times ("2m ago") move on.
type minuteTick time.Time
