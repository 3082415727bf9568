package audit

import (
	"context"
	"runtime"
	"testing"
	"time"
)

// BenchmarkAuditWithChecksVsFetch50k is BenchmarkAuditVsFetch50k with every
// check on (the command's default): the extra requests, the creators
// matched against the event log, duplicates grouped.
func BenchmarkAuditWithChecksVsFetch50k(b *testing.B) {
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
		Run(ctx, c, Options{Now: testNow, Checks: AllChecks})
		audit += time.Since(start)
	}
	b.ReportMetric(float64(audit)/float64(fetch), "audit/fetch")
	b.ReportMetric(float64(audit.Milliseconds())/float64(b.N), "audit-ms/op")
}

// BenchmarkReportMemoryWithChecks50k is BenchmarkReportMemory50k with every
// check on.
func BenchmarkReportMemoryWithChecks50k(b *testing.B) {
	c := bulkClient(b)
	var perToken float64
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		r := Run(context.Background(), c, Options{Now: testNow, Checks: AllChecks})
		runtime.GC()
		runtime.ReadMemStats(&after)
		perToken = float64(after.HeapAlloc-before.HeapAlloc) / float64(len(r.Tokens))
		runtime.KeepAlive(r)
	}
	b.ReportMetric(perToken, "heap-bytes/token")
}
