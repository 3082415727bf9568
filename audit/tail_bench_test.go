package audit

import (
	"context"
	"io"
	"testing"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/inmem"
)

// BenchmarkReportTail times what the audit does after its last answer is
// in: the report made from what was read (tokens converted, classified,
// creators matched, risks found, sorted), and its JSON written. Over the
// in-memory server with 5,000 API tokens and every check on: the work
// that comes after the network, which the real-server benchmark
// (cli's BenchmarkRealServerAudit) pays in full.
//
//	go test ./audit -run '^$' -bench ReportTail -benchtime 50x
func BenchmarkReportTail(b *testing.B) {
	srv := inmem.New(inmem.WithClock(clock), inmem.WithBulk(1, 5000))
	c, _ := api.New("https://bench.invalid", inmem.AdminPAT, api.WithHTTPClient(srv.HTTPClient()))
	o := Options{Now: testNow, Checks: AllChecks, Concurrency: DefaultConcurrency}
	for b.Loop() {
		b.StopTimer()
		g := &gatherer{ctx: context.Background(), client: c, sem: make(chan struct{}, o.Concurrency), checks: o.Checks}
		g.gather()
		b.StartTimer()
		r := g.report(o)
		if err := WriteJSON(io.Discard, r, Output{All: true}); err != nil {
			b.Fatal(err)
		}
	}
}
