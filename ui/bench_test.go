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

// The app at 10,000 and 100,000 API tokens in the Search tab (all API
// tokens), 120×35: what the benchmarks of this package set up. The time a
// person waits is in endtoend_bench_test.go; here, the heap a token holds.

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
	_, cmd := m.Update(keyMsg("esc")) // Search opens with its search line focused: esc gives the keys to the rows
	settle(m, cmd)
	if !strings.Contains(m.View(), fmt.Sprintf("All API tokens  (%d)", n)) || m.tabs[core.TabSearch].Capturing() {
		b.Fatalf("not loaded:\n%s", m.View())
	}
	return m
}

// settle runs a command and everything it leads to (no timer: see runCmd).
func settle(m *Model, cmd tea.Cmd) {
	for _, msg := range runCmd(cmd) {
		_, next := m.Update(msg)
		settle(m, next)
	}
}

func perSize(b *testing.B, run func(b *testing.B, n int)) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) { run(b, n) })
	}
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
		var tOurs, tTheirs time.Duration
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			start := time.Now()
			debug.FreeOSMemory()
			tOurs += time.Since(start)
			start = time.Now()
			runtime.GC()
			tTheirs += time.Since(start)
		}
		b.ReportMetric(ms(tOurs, b.N), "ms/op")
		b.ReportMetric(ms(tTheirs, b.N), "anchor-ms/op")
		b.ReportMetric(float64(tOurs)/float64(tTheirs), "x/anchor")
		runtime.KeepAlive(m)
	})
}
