package ui

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/list"
	"github.com/charmbracelet/bubbles/paginator"
	"github.com/charmbracelet/bubbles/table"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/ui/tokens"
)

// The paired benchmarks run the app and a Bubble Tea component on the same
// rows in the same loop, alternating, and report ns/op for the app and the
// app's time divided by the component's as "ratio" (below 1: the app is
// faster). The components are bubbles/table v1 (the keypress, the load)
// and bubbles/list v1 with its Arabic paginator (the filter; the default dot
// paginator is quadratic in the number of pages).

// cellTexts are the texts of every row, as the app draws them.
func cellTexts(m *Model, n int) [][]string {
	rows := make([][]string, n)
	for i, t := range manyAPITokens(n) {
		cells := tokens.APITokenCells(t, m.ctx)
		row := make([]string, len(cells))
		for j, c := range cells {
			row[j] = c.Text
		}
		rows[i] = row
	}
	return rows
}

func bubblesTable(m *Model, n int) table.Model {
	cols := []table.Column{{Title: "Name", Width: 24}, {Title: "Type", Width: 8}, {Title: "Environment", Width: 11},
		{Title: "Projects", Width: 14}, {Title: "Created", Width: 9}, {Title: "Last seen", Width: 11}, {Title: "Expires", Width: 15}, {Title: "Status", Width: 21}}
	var rows []table.Row
	for _, r := range cellTexts(m, n) {
		rows = append(rows, table.Row(r))
	}
	return table.New(table.WithColumns(cols), table.WithRows(rows), table.WithHeight(25), table.WithFocused(true))
}

// paired times ours and theirs alternately, b.N times each.
func paired(b *testing.B, ours, theirs func(i int)) {
	var tOurs, tTheirs time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		ours(i)
		tOurs += time.Since(start)
		start = time.Now()
		theirs(i)
		tTheirs += time.Since(start)
	}
	b.ReportMetric(float64(tOurs.Nanoseconds())/float64(b.N), "ns/op")
	b.ReportMetric(float64(tTheirs.Nanoseconds())/float64(b.N), "anchor-ns/op")
	b.ReportMetric(float64(tOurs)/float64(tTheirs), "ratio")
}

// BenchmarkPairedKeypress: a cursor move plus a full redraw, against
// bubbles/table's.
func BenchmarkPairedKeypress(b *testing.B) {
	perSize(b, func(b *testing.B, n int) {
		m := benchApp(b, n)
		tbl := bubblesTable(m, n)
		down, up := keyMsg("j"), keyMsg("k")
		tdown, tup := tea.KeyMsg{Type: tea.KeyDown}, tea.KeyMsg{Type: tea.KeyUp}
		paired(b, func(i int) {
			if i%2000 < 1000 {
				m.Update(down)
			} else {
				m.Update(up)
			}
			_ = m.View()
		}, func(i int) {
			if i%2000 < 1000 {
				tbl, _ = tbl.Update(tdown)
			} else {
				tbl, _ = tbl.Update(tup)
			}
			_ = tbl.View()
		})
	})
}

type listItem string

func (i listItem) FilterValue() string { return string(i) }

// BenchmarkPairedFilter: one keystroke in the filter, everything it takes
// (the filtering the component, like the app, runs in a command, and the
// answer) and the redraw, against bubbles/list's.
func BenchmarkPairedFilter(b *testing.B) {
	perSize(b, func(b *testing.B, n int) {
		m := benchApp(b, n)
		settle(m, func() tea.Msg { return keyMsg("/") })
		settle(m, func() tea.Msg { return keyMsg("s") })
		var items []list.Item
		for _, r := range cellTexts(m, n) {
			items = append(items, listItem(fmt.Sprint(r)))
		}
		l := list.New(items, list.NewDefaultDelegate(), 120, 30)
		l.Paginator.Type = paginator.Arabic
		l, _ = l.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/")})
		l, _ = l.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("s")})
		typed, erase := keyMsg("1"), keyMsg("backspace")
		key := func(i int) tea.KeyMsg {
			if i%2 == 1 {
				return erase
			}
			return typed
		}
		paired(b, func(i int) {
			settle(m, func() tea.Msg { return key(i) })
			_ = m.View()
		}, func(i int) {
			var cmd tea.Cmd
			l, cmd = l.Update(key(i))
			for _, msg := range execute(cmd) {
				l, _ = l.Update(msg)
			}
			_ = l.View()
		})
	})
}

// BenchmarkPairedLoad: the server's answer made into rows on screen: the
// app's whole load (its command: the JSON decoded, the column widths
// measured; then the answer applied), against decoding the same JSON and
// building and setting bubbles/table's rows of the same texts.
func BenchmarkPairedLoad(b *testing.B) {
	perSize(b, func(b *testing.B, n int) {
		m := benchApp(b, n)
		body := tokenListJSON(n)
		tbl := bubblesTable(m, 10)
		paired(b, func(int) {
			settle(m, func() tea.Msg { return keyMsg("r") })
		}, func(int) {
			var answer struct {
				Tokens []api.APIToken `json:"tokens"`
			}
			if err := json.Unmarshal(body, &answer); err != nil {
				b.Fatal(err)
			}
			toks := answer.Tokens
			rows := make([]table.Row, len(toks))
			for i, t := range toks {
				cells := tokens.APITokenCells(t, m.ctx)
				row := make(table.Row, len(cells))
				for j, c := range cells {
					row[j] = c.Text
				}
				rows[i] = row
			}
			tbl.SetRows(rows)
		})
	})
}
