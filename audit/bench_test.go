package audit

import (
	"context"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/inmem"
)

// The budget: over 50,000 tokens in 200 projects, the audit takes at
// most 1.5 times as long as fetching and decoding the same JSON. Compare
// BenchmarkAudit50k with BenchmarkFetchOnly50k:
//
//	go test ./audit -run '^$' -bench 50k -benchtime 5x
const (
	benchProjects = 200
	benchTokens   = 50_000
)

var (
	benchOnce   sync.Once
	benchClient *api.Client
)

func bulkClient(b *testing.B) *api.Client {
	benchOnce.Do(func() {
		srv := inmem.New(inmem.WithClock(clock), inmem.WithBulk(benchProjects, benchTokens))
		benchClient, _ = api.New("https://bench.invalid", inmem.AdminPAT, api.WithHTTPClient(srv.HTTPClient()))
	})
	return benchClient
}

func BenchmarkAudit50k(b *testing.B) {
	c := bulkClient(b)
	var r *Report
	for b.Loop() {
		r = Run(context.Background(), c, Options{Now: testNow})
	}
	if len(r.Failed()) > 0 || len(r.Tokens) < benchTokens {
		b.Fatalf("%d tokens, failed %v", len(r.Tokens), r.Failed())
	}
	b.ReportMetric(float64(len(r.Tokens)), "tokens")
	b.ReportMetric(float64(r.Requests), "requests")
}

// BenchmarkFetchOnly50k makes the audit's requests, with the same bound on
// requests in flight, and only decodes the answers.
func BenchmarkFetchOnly50k(b *testing.B) {
	c := bulkClient(b)
	ctx := context.Background()
	for b.Loop() {
		fetchOnly(ctx, c)
	}
}

// fetchOnly makes the audit's requests and keeps the decoded answers.
func fetchOnly(ctx context.Context, c *api.Client) {
	sem := make(chan struct{}, DefaultConcurrency)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var held [][]api.APIToken // the decoded answers, kept to the end as the audit keeps them
	keep := func(t []api.APIToken, _ error) {
		mu.Lock()
		held = append(held, t)
		mu.Unlock()
	}
	run := func(fn func()) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			fn()
			<-sem
		}()
	}
	run(func() { _, _ = c.ListPATs(ctx) })
	run(func() { _, _ = c.ListServiceAccounts(ctx) })
	run(func() { keep(c.ListAPITokens(ctx)) })
	run(func() {
		projects, _ := c.ListProjects(ctx)
		for _, p := range projects {
			run(func() { keep(c.ListProjectTokens(ctx, p.ID)) })
		}
	})
	wg.Wait()
	runtime.KeepAlive(held)
}

// BenchmarkAuditVsFetch50k runs both in turn in every iteration and reports
// the ratio of their total times: paired, so machine noise cancels out.
// The budget is 1.5.
func BenchmarkAuditVsFetch50k(b *testing.B) {
	c := bulkClient(b)
	ctx := context.Background()
	var fetch, audit time.Duration
	for b.Loop() {
		runtime.GC()
		start := time.Now()
		fetchOnly(ctx, c)
		fetch += time.Since(start)
		runtime.GC()
		start = time.Now()
		Run(ctx, c, Options{Now: testNow})
		audit += time.Since(start)
	}
	b.ReportMetric(float64(audit)/float64(fetch), "audit/fetch")
	b.ReportMetric(float64(fetch.Milliseconds())/float64(b.N), "fetch-ms/op")
	b.ReportMetric(float64(audit.Milliseconds())/float64(b.N), "audit-ms/op")
}

// BenchmarkReportMemory50k measures the heap a finished report holds per token.
func BenchmarkReportMemory50k(b *testing.B) {
	c := bulkClient(b)
	var perToken float64
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		r := Run(context.Background(), c, Options{Now: testNow})
		runtime.GC()
		runtime.ReadMemStats(&after)
		perToken = float64(after.HeapAlloc-before.HeapAlloc) / float64(len(r.Tokens))
		runtime.KeepAlive(r)
	}
	b.ReportMetric(perToken, "heap-bytes/token")
}
