package ui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/inmem"
	"github.com/unleash-tokens/unleash-tokens/ui/core"
)

// The app's cost on the UI goroutine, at 10,000 and 100,000 API tokens in
// the Search tab (all API tokens), 120×35. Each benchmark times only the
// Update calls (and View where it says so): the filter, the sort and the
// load's decoding run in tea.Cmds, off the UI goroutine, and are reported
// separately as "…/background". Run:
//
//	go test ./ui -run '^$' -bench 'MinuteTick|FilterSorted|MemoryPerToken|Paired'

var benchSizes = []int{10_000, 100_000}

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

// tokenListJSON is the server's answer to GET /api/admin/api-tokens with n tokens.
func tokenListJSON(n int) []byte {
	type row struct {
		Name        string     `json:"tokenName"`
		Type        string     `json:"type"`
		Environment string     `json:"environment"`
		Projects    []string   `json:"projects"`
		CreatedAt   time.Time  `json:"createdAt"`
		ExpiresAt   *time.Time `json:"expiresAt"`
		SeenAt      *time.Time `json:"seenAt"`
		Secret      string     `json:"secret"`
	}
	rows := make([]row, n)
	for i, t := range manyAPITokens(n) {
		rows[i] = row{t.Name, string(t.Type), t.Environment, t.Projects, t.CreatedAt, t.ExpiresAt, t.SeenAt, t.Secret.Reveal()}
	}
	b, _ := json.Marshal(map[string]any{"tokens": rows})
	return b
}

// bigList answers the API-token list with prepared JSON; the in-memory
// server answers the rest.
type bigList struct {
	body []byte
	rest http.RoundTripper
}

func (b bigList) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Path == "/api/admin/api-tokens" {
		return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(bytes.NewReader(b.body)), Request: r}, nil
	}
	return b.rest.RoundTrip(r)
}

// benchApp is the app on the Search tab with n API tokens loaded.
func benchApp(b *testing.B, n int) *Model {
	b.Helper()
	srv := inmem.New(inmem.WithClock(testClock))
	hc := &http.Client{Transport: bigList{body: tokenListJSON(n), rest: srv.HTTPClient().Transport}}
	client, _ := api.New("https://unleash.example.com", inmem.AdminPAT, api.WithHTTPClient(hc), api.WithMaxBodyBytes(1<<30))
	m := New(Options{Client: client, URL: "https://unleash.example.com", Now: testClock})
	m.ctx.NoTicks = true
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 35})
	settle(m, m.Init())
	settle(m, m.showTab(core.TabSearch))
	if !strings.Contains(m.View(), fmt.Sprintf("All API tokens  (%d)", n)) {
		b.Fatalf("not loaded:\n%s", m.View())
	}
	return m
}

// settle runs a command and everything it leads to.
func settle(m *Model, cmd tea.Cmd) {
	for _, msg := range execute(cmd) {
		_, next := m.Update(msg)
		settle(m, next)
	}
}

// update delivers msg and returns the messages its commands bring back,
// without delivering them: the caller times Update alone.
func update(m *Model, msg tea.Msg) []tea.Msg {
	_, cmd := m.Update(msg)
	return execute(cmd)
}

func perSize(b *testing.B, run func(b *testing.B, n int)) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) { run(b, n) })
	}
}

// BenchmarkKeypress: one cursor move plus a full redraw.
func BenchmarkKeypress(b *testing.B) {
	perSize(b, func(b *testing.B, n int) {
		m := benchApp(b, n)
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
	})
}

// BenchmarkMinuteTick: the minute tick that moves relative times on.
func BenchmarkMinuteTick(b *testing.B) {
	perSize(b, func(b *testing.B, n int) {
		m := benchApp(b, n)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			tick := minuteTick(testNow)
			b.StartTimer()
			msgs := update(m, tick)
			b.StopTimer()
			for _, msg := range msgs {
				if _, ok := msg.(minuteTick); !ok {
					m.Update(msg)
				}
			}
			b.StartTimer()
		}
	})
}

// filterBench types a key into the / filter and erases it, with or without
// a sort on. It reports the UI goroutine's time per keystroke (Update of the
// key and of the filter's answer) as ns/op, and the background filtering as
// a metric.
func filterBench(b *testing.B, n int, sorted bool) {
	m := benchApp(b, n)
	if sorted {
		settle(m, func() tea.Msg { return keyMsg("s") })
	}
	settle(m, func() tea.Msg { return keyMsg("/") })
	settle(m, func() tea.Msg { return keyMsg("s") })
	typed, erase := keyMsg("1"), keyMsg("backspace")
	var background time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k := typed
		if i%2 == 1 {
			k = erase
		}
		_, cmd := m.Update(k)
		b.StopTimer()
		start := time.Now()
		msgs := execute(cmd)
		background += time.Since(start)
		b.StartTimer()
		for _, msg := range msgs {
			m.Update(msg)
		}
	}
	b.ReportMetric(float64(background.Nanoseconds())/float64(b.N), "background-ns/op")
}

// BenchmarkFilter: one keystroke in the / filter.
func BenchmarkFilter(b *testing.B) {
	perSize(b, func(b *testing.B, n int) { filterBench(b, n, false) })
}

// BenchmarkFilterSorted: one keystroke in the / filter with a sort on: the
// sorted order is made once per sort key, not per keystroke.
func BenchmarkFilterSorted(b *testing.B) {
	perSize(b, func(b *testing.B, n int) { filterBench(b, n, true) })
}

// BenchmarkSort: s, cycling through the three orders: the UI goroutine's
// part (the key, and the sorted order's arrival the first time an order is
// made, off the UI goroutine and kept).
func BenchmarkSort(b *testing.B) {
	perSize(b, func(b *testing.B, n int) {
		m := benchApp(b, n)
		var background time.Duration
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			_, cmd := m.Update(keyMsg("s"))
			b.StopTimer()
			start := time.Now()
			msgs := execute(cmd)
			background += time.Since(start)
			b.StartTimer()
			for _, msg := range msgs {
				m.Update(msg)
			}
		}
		b.ReportMetric(float64(background.Nanoseconds())/float64(b.N), "background-ns/op")
	})
}

// BenchmarkResize: a window size change plus the redraw.
func BenchmarkResize(b *testing.B) {
	perSize(b, func(b *testing.B, n int) {
		m := benchApp(b, n)
		sizes := []tea.WindowSizeMsg{{Width: 120, Height: 35}, {Width: 200, Height: 50}, {Width: 80, Height: 24}}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			m.Update(sizes[i%len(sizes)])
			_ = m.View()
		}
	})
}

// BenchmarkLoad: the list's answer arriving: the UI goroutine's part of a
// load (the fetch, the decoding and the column widths run before, in the
// command).
func BenchmarkLoad(b *testing.B) {
	perSize(b, func(b *testing.B, n int) {
		m := benchApp(b, n)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			msgs := execute(m.route(core.TabSearch, m.tabs[core.TabSearch].Reload()))
			b.StartTimer()
			for _, msg := range msgs {
				m.Update(msg)
			}
		}
	})
}

// BenchmarkMemoryPerToken reports the heap a loaded token holds: the
// decoded token and what the list keeps for it.
func BenchmarkMemoryPerToken(b *testing.B) {
	perSize(b, func(b *testing.B, n int) {
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			body := tokenListJSON(n)
			srv := inmem.New(inmem.WithClock(testClock))
			hc := &http.Client{Transport: bigList{body: body, rest: srv.HTTPClient().Transport}}
			client, _ := api.New("https://unleash.example.com", inmem.AdminPAT, api.WithHTTPClient(hc), api.WithMaxBodyBytes(1<<30))
			m := New(Options{Client: client, URL: "https://unleash.example.com", Now: testClock})
			m.ctx.NoTicks = true
			m.Update(tea.WindowSizeMsg{Width: 120, Height: 35})
			var before, after runtime.MemStats
			runtime.GC()
			runtime.GC() // a sync.Pool's victim cache (the JSON encoder's buffer) goes on the second
			runtime.ReadMemStats(&before)
			b.StartTimer()
			settle(m, m.showTab(core.TabSearch))
			b.StopTimer()
			runtime.GC()
			runtime.GC()
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/float64(n), "B/token")
			runtime.KeepAlive(m)
			runtime.KeepAlive(srv)
			runtime.KeepAlive(body)
		}
	})
}

// BenchmarkPairedFreeAfterSecret: what the secret screen runs half a second
// after it closes (debug.FreeOSMemory: a collection, then the freed pages
// given back), with n tokens loaded, against a plain runtime.GC. It runs on
// a command's goroutine, not the one that draws.
func BenchmarkPairedFreeAfterSecret(b *testing.B) {
	perSize(b, func(b *testing.B, n int) {
		m := benchApp(b, n)
		paired(b, func(int) { debug.FreeOSMemory() }, func(int) { runtime.GC() })
		runtime.KeepAlive(m)
	})
}
