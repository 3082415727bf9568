package ui

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/inmem"
)

const benchTokens = 10_000

func manyAPITokens(n int) []api.APIToken {
	envs := []string{"development", "staging", "production"}
	out := make([]api.APIToken, n)
	for i := range out {
		created := testNow.Add(-time.Duration(i%700) * 24 * time.Hour)
		exp := testNow.Add(time.Duration(i%400-100) * 24 * time.Hour)
		seen := testNow.Add(-time.Duration(i%200) * time.Hour * 13)
		out[i] = api.APIToken{
			Name: fmt.Sprintf("service-%05d-%s", i, envs[i%3]), Type: api.TypeBackend, Environment: envs[i%3],
			Projects: []string{fmt.Sprintf("project-%03d", i%200)}, CreatedAt: created, ExpiresAt: &exp, SeenAt: &seen,
			Secret: api.Secret(fmt.Sprintf("project-%03d:%s.%056x", i%200, envs[i%3], i)),
		}
	}
	return out
}

// benchModel is the app at 120x35 with n API tokens open in the Project
// tokens tab.
func benchModel(b *testing.B, n int) *Model {
	b.Helper()
	srv := inmem.New(inmem.WithClock(testClock))
	client, _ := api.New("https://unleash.example.com", inmem.AdminPAT, api.WithHTTPClient(srv.HTTPClient()))
	m := New(Options{Client: client, URL: "https://unleash.example.com", Now: testClock})
	m.ctx.noTicks = true
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 35})
	m.Update(keyMsg("3"))
	tab := m.tabs[2].(*projectsTab)
	tab.openParent(api.Project{ID: "bench", Name: "Bench"})
	tab.child.update(listLoaded[api.APIToken]{id: tab.child.reqID, items: manyAPITokens(n)})
	if tab.child.table.Total() != n {
		b.Fatalf("loaded %d rows", tab.child.table.Total())
	}
	return m
}

// BenchmarkKeypressAndView: one cursor move plus a full redraw (budget 2 ms).
func BenchmarkKeypressAndView(b *testing.B) {
	m := benchModel(b, benchTokens)
	down, up := keyMsg("j"), keyMsg("k")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%2000 < 1000 {
			m.Update(down)
		} else {
			m.Update(up)
		}
		_ = m.View()
	}
}

// BenchmarkFilterKeystroke: one key typed into the / filter over every row,
// plus the redraw (budget 10 ms).
func BenchmarkFilterKeystroke(b *testing.B) {
	m := benchModel(b, benchTokens)
	m.Update(keyMsg("/"))
	m.Update(keyMsg("s"))
	typed, erase := keyMsg("1"), keyMsg("backspace")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%2 == 0 {
			m.Update(typed)
		} else {
			m.Update(erase)
		}
		_ = m.View()
	}
}

// BenchmarkLoadRows: turning a fetched list of tokens into table rows.
func BenchmarkLoadRows(b *testing.B) {
	m := benchModel(b, 10)
	tab := m.tabs[2].(*projectsTab)
	tokens := manyAPITokens(benchTokens)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tab.child.update(listLoaded[api.APIToken]{id: tab.child.reqID, items: tokens})
	}
}

// BenchmarkMemoryPerToken reports the heap a loaded token holds: the
// decoded token and its table row.
func BenchmarkMemoryPerToken(b *testing.B) {
	for i := 0; i < b.N; i++ {
		m := benchModel(b, 10)
		tab := m.tabs[2].(*projectsTab)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		tab.child.update(listLoaded[api.APIToken]{id: tab.child.reqID, items: manyAPITokens(benchTokens)})
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/benchTokens, "bytes/token")
		runtime.KeepAlive(m)
	}
}
