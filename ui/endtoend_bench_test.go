package ui

import (
	"encoding/json"
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/list"
	"github.com/charmbracelet/bubbles/paginator"
	"github.com/charmbracelet/bubbles/table"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/ui/tokens"
)

// What a person waits for, end to end: one message delivered (a key, the
// minute tick, a resize), every command it returns run at once, one after
// another (batches and sequences included), the messages they bring back
// delivered the same way until nothing is left, then View: the screen as it
// stays. Nothing is left out of the timed part: the filter, the sort and the
// load's fetch and decoding run in commands, and are timed. Work between two
// events (putting the app back in the state the event starts from, and
// collecting its garbage where it made much) is not.
// A command that would sleep (a timer: the text field's cursor blink, a
// spinner, the minute tick) fails the benchmark: it would time a sleep.
//
//	go test ./ui -run '^$' -bench '^BenchmarkEndToEnd$' -benchtime 20x
//	go test ./ui -run '^$' -bench '^BenchmarkPairedEndToEnd$' -benchtime 10x
//
// ms/event is the mean time of one event; x/anchor is the app's time over
// bubbles' for the same work in the same loop (below 1: the app is faster).

// timerCmds are the functions whose commands sleep.
var timerCmds = []string{
	"github.com/charmbracelet/bubbletea.Tick.",
	"github.com/charmbracelet/bubbletea.Every.",
	"github.com/charmbracelet/bubbles/cursor.(*Model).BlinkCmd.",
	"github.com/charmbracelet/bubbles/spinner.",
}

// runCmd runs a command and every command it holds, and returns the
// messages they bring; it panics on a timer.
func runCmd(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	name := runtime.FuncForPC(reflect.ValueOf(cmd).Pointer()).Name()
	for _, t := range timerCmds {
		if strings.HasPrefix(name, t) {
			panic("a benchmark ran a command that sleeps: " + name + " (turn the timer off)")
		}
	}
	msg := cmd()
	if msg == nil {
		return nil
	}
	// tea.BatchMsg and tea.Sequence's unexported message are both []tea.Cmd.
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
		var out []tea.Msg
		for i := 0; i < v.Len(); i++ {
			c, _ := v.Index(i).Interface().(tea.Cmd)
			out = append(out, runCmd(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

// updater is anything that takes a message and returns a command: the app
// and the anchors alike.
type updater func(tea.Msg) tea.Cmd

// deliver delivers msg and everything its commands bring back.
func deliver(u updater, msg tea.Msg) {
	for _, next := range runCmd(u(msg)) {
		deliver(u, next)
	}
}

func appUpdater(m *Model) updater {
	return func(msg tea.Msg) tea.Cmd { _, cmd := m.Update(msg); return cmd }
}

// event is one kind of thing a person waits for: prepare puts the screen in
// the state the i-th event starts from (untimed), do is the event (timed,
// View included).
type event struct {
	prepare func(i int)
	do      func(i int)
}

// newChars are the characters a filter-new event types, in turn.
const newChars = "abcdefghijklmnopqrstuvwxyz0123456789-"

var endToEndEvents = []string{"key-down", "filter-new", "filter-erase", "sort-first", "sort-again", "tick", "resize", "load"}

var resizes = []tea.WindowSizeMsg{{Width: 200, Height: 50}, {Width: 80, Height: 24}, {Width: 120, Height: 35}}

// appEvent is the app's side of an event, on the Search tab with n API
// tokens (benchApp).
func appEvent(b *testing.B, m *Model, name string) event {
	u := appUpdater(m)
	press := func(k string) { deliver(u, keyMsg(k)) }
	view := func() { _ = m.View() }
	flush := func() { deliver(u, minuteTick(testNow)) } // forgets the filter's recent answers
	order := 0                                          // the list's sort: 0 none, 1 expiry, 2 last seen
	switch name {
	case "key-down":
		return event{func(int) {}, func(i int) {
			if i%2000 < 1000 {
				press("j")
			} else {
				press("k")
			}
			view()
		}}
	case "filter-new":
		// The first character in an empty filter, never typed since the
		// answers were last forgotten: a scan of every row.
		return event{func(int) { press("esc"); flush(); press("/") }, func(i int) {
			press(string(newChars[i%len(newChars)]))
			view()
		}}
	case "filter-erase":
		// Backspace after typing "s" and another character.
		return event{func(i int) {
			press("esc")
			flush()
			press("/")
			press("s")
			press(string(newChars[i%len(newChars)]))
		}, func(int) { press("backspace"); view() }}
	case "sort-first":
		// s, the first press after a load: no order made yet.
		return event{func(int) {
			for order != 0 {
				press("s")
				order = (order + 1) % 3
			}
			press("r")
			runtime.GC() // the load's garbage, collected before the person presses s
		}, func(int) { press("s"); order = 1; view() }}
	case "sort-again":
		for range 3 {
			press("s") // every order made once
		}
		return event{func(int) {}, func(int) { press("s"); view() }}
	case "tick":
		return event{func(int) {}, func(int) { deliver(u, minuteTick(testNow)); view() }}
	case "resize":
		return event{func(int) {}, func(i int) { deliver(u, resizes[i%len(resizes)]); view() }}
	case "load":
		return event{func(int) {}, func(int) { press("r"); view() }}
	}
	b.Fatalf("no event %q", name)
	return event{}
}

// BenchmarkEndToEnd: each event at 10,000 and 100,000 API tokens.
func BenchmarkEndToEnd(b *testing.B) {
	for _, name := range endToEndEvents {
		for _, n := range benchSizes {
			b.Run(fmt.Sprintf("event=%s/n=%d", name, n), func(b *testing.B) {
				m := benchApp(b, n)
				ev := appEvent(b, m, name)
				runtime.GC() // the set-up's garbage
				var took time.Duration
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					b.StopTimer()
					ev.prepare(i)
					b.StartTimer()
					start := time.Now()
					ev.do(i)
					took += time.Since(start)
				}
				b.ReportMetric(ms(took, b.N), "ms/event")
			})
		}
	}
}

func ms(d time.Duration, n int) float64 { return float64(d.Nanoseconds()) / float64(n) / 1e6 }

// The anchors: the same rows in bubbles/table v1 and bubbles/list v1 (its
// cursor blink off, as the app's; its Arabic paginator, the dot one being
// quadratic in pages), at the same size, doing the same work the way an
// app built on them does it.

var anchorColumns = []table.Column{{Title: "Name", Width: 24}, {Title: "Type", Width: 8}, {Title: "Environment", Width: 11},
	{Title: "Projects", Width: 14}, {Title: "Created", Width: 9}, {Title: "Last seen", Width: 11}, {Title: "Expires", Width: 15}, {Title: "Status", Width: 21}}

// rowsOf are the tokens' rows as the app's cells write them.
func rowsOf(m *Model, toks []api.APIToken) []table.Row {
	rows := make([]table.Row, len(toks))
	for i, t := range toks {
		cells := tokens.APITokenCells(t, m.ctx)
		row := make(table.Row, len(cells))
		for j, c := range cells {
			row[j] = c.Text
		}
		rows[i] = row
	}
	return rows
}

// tableAnchor is an app on bubbles/table: the tokens, their rows, the table.
type tableAnchor struct {
	m     *Model
	body  []byte
	toks  []api.APIToken
	tbl   table.Model
	order int
}

func newTableAnchor(m *Model, n int) *tableAnchor {
	a := &tableAnchor{m: m, body: tokenListJSON(n), toks: manyAPITokens(n)}
	a.tbl = table.New(table.WithColumns(anchorColumns), table.WithRows(rowsOf(m, a.toks)), table.WithHeight(28), table.WithWidth(120), table.WithFocused(true))
	return a
}

func (a *tableAnchor) update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	a.tbl, cmd = a.tbl.Update(msg)
	return cmd
}

// sort is s: the next order, a stable sort of the tokens by its key, rows
// made again, set and drawn.
func (a *tableAnchor) sort() {
	a.order = (a.order + 1) % 3
	toks := slices.Clone(a.toks)
	key := func(t api.APIToken) *time.Time { return t.ExpiresAt }
	if a.order == 2 {
		key = func(t api.APIToken) *time.Time { return t.SeenAt }
	}
	if a.order != 0 {
		slices.SortStableFunc(toks, func(x, y api.APIToken) int {
			kx, ky := key(x), key(y)
			switch {
			case kx == nil && ky == nil:
				return 0
			case kx == nil:
				return 1
			case ky == nil:
				return -1
			}
			return kx.Compare(*ky)
		})
	}
	a.tbl.SetRows(rowsOf(a.m, toks))
}

func (a *tableAnchor) event(b *testing.B, name string) event {
	view := func() { _ = a.tbl.View() }
	switch name {
	case "key-down":
		return event{func(int) {}, func(i int) {
			k := tea.KeyMsg{Type: tea.KeyDown}
			if i%2000 >= 1000 {
				k = tea.KeyMsg{Type: tea.KeyUp}
			}
			deliver(a.update, k)
			view()
		}}
	case "sort-first", "sort-again":
		return event{func(int) {}, func(int) { a.sort(); view() }}
	case "tick":
		// Relative times move on: every row's text made again.
		return event{func(int) {}, func(int) { a.tbl.SetRows(rowsOf(a.m, a.toks)); view() }}
	case "resize":
		return event{func(int) {}, func(i int) {
			s := resizes[i%len(resizes)]
			a.tbl.SetWidth(s.Width)
			a.tbl.SetHeight(s.Height - 7)
			view()
		}}
	case "load":
		return event{func(int) {}, func(int) {
			var answer struct {
				Tokens []api.APIToken `json:"tokens"`
			}
			if err := json.Unmarshal(a.body, &answer); err != nil {
				b.Fatal(err)
			}
			a.toks = answer.Tokens
			a.tbl.SetRows(rowsOf(a.m, a.toks))
			view()
		}}
	}
	b.Fatalf("no table anchor for %q", name)
	return event{}
}

// listItem is a token in bubbles/list: its name over the rest of its row;
// the filter reads the same fields as the app's (name, type, environment,
// projects).
type listItem struct{ title, desc, filter string }

func (i listItem) Title() string       { return i.title }
func (i listItem) Description() string { return i.desc }
func (i listItem) FilterValue() string { return i.filter }

// substringFilter is a filter of bubbles/list that keeps the items whose
// text contains the term, ignoring case, as the app's does.
func substringFilter(term string, targets []string) []list.Rank {
	term = strings.ToLower(term)
	var out []list.Rank
	for i, t := range targets {
		if strings.Contains(strings.ToLower(t), term) {
			out = append(out, list.Rank{Index: i})
		}
	}
	return out
}

func newListAnchor(m *Model, n int, fuzzy bool) updater {
	toks := manyAPITokens(n)
	rows := rowsOf(m, toks)
	items := make([]list.Item, n)
	for i, t := range toks {
		items[i] = listItem{title: rows[i][0], desc: strings.Join(rows[i][1:], "  "),
			filter: t.Name + " " + string(t.Type) + " " + t.Environment + " " + strings.Join(t.Projects, " ")}
	}
	l := list.New(items, list.NewDefaultDelegate(), 120, 31)
	l.Paginator.Type = paginator.Arabic
	l.FilterInput.Cursor.SetMode(cursor.CursorStatic)
	if !fuzzy {
		l.Filter = substringFilter
	}
	return func(msg tea.Msg) tea.Cmd {
		if msg == nil {
			_ = l.View()
			return nil
		}
		if _, ok := msg.(resetFilter); ok {
			l.ResetFilter()
			return nil
		}
		var cmd tea.Cmd
		l, cmd = l.Update(msg)
		return cmd
	}
}

type resetFilter struct{}

func listEvent(b *testing.B, u updater, name string) event {
	press := func(k string) { deliver(u, keyMsg(k)) }
	view := func() { u(nil) }
	switch name {
	case "filter-new":
		return event{func(int) { u(resetFilter{}); press("/") }, func(i int) {
			press(string(newChars[i%len(newChars)]))
			view()
		}}
	case "filter-erase":
		return event{func(i int) {
			u(resetFilter{})
			press("/")
			press("s")
			press(string(newChars[i%len(newChars)]))
		}, func(int) { press("backspace"); view() }}
	}
	b.Fatalf("no list anchor for %q", name)
	return event{}
}

// BenchmarkPairedEndToEnd: each event beside bubbles doing the same work,
// taking turns in one loop: bubbles/table for the keys, the sort, the tick,
// the resize and the load; bubbles/list for the filter, with its own fuzzy
// filter and with a substring filter of the same fields.
func BenchmarkPairedEndToEnd(b *testing.B) {
	for _, name := range endToEndEvents {
		anchors := []string{"table"}
		if strings.HasPrefix(name, "filter") {
			anchors = []string{"list-fuzzy", "list-substring"}
		}
		for _, anchor := range anchors {
			for _, n := range benchSizes {
				b.Run(fmt.Sprintf("event=%s/n=%d/anchor=%s", name, n, anchor), func(b *testing.B) {
					m := benchApp(b, n)
					ours := appEvent(b, m, name)
					var theirs event
					if anchor == "table" {
						theirs = newTableAnchor(m, n).event(b, name)
					} else {
						theirs = listEvent(b, newListAnchor(m, n, anchor == "list-fuzzy"), name)
					}
					runtime.GC()
					var tOurs, tTheirs time.Duration
					b.ResetTimer()
					for i := 0; i < b.N; i++ {
						b.StopTimer()
						ours.prepare(i)
						theirs.prepare(i)
						runtime.GC() // neither side pays for the other's garbage
						b.StartTimer()
						start := time.Now()
						ours.do(i)
						tOurs += time.Since(start)
						start = time.Now()
						theirs.do(i)
						tTheirs += time.Since(start)
					}
					b.ReportMetric(ms(tOurs, b.N), "ms/event")
					b.ReportMetric(ms(tTheirs, b.N), "anchor-ms/event")
					b.ReportMetric(float64(tOurs)/float64(tTheirs), "x/anchor")
				})
			}
		}
	}
}
