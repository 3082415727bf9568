package cli

import (
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/inmem"
)

// BenchmarkPruneDryRunVsAudit times `prune` (a dry run: the audit, then
// the expired rows found again in a fresh read of the API-token list) and
// `audit --format json --all`, taking turns, on one in-memory Unleash served
// over loopback HTTP with n API tokens in 200 projects, a fifth of them
// expired (inmem.WithBulk). x/audit is prune's wall time over the audit's:
// finding the rows again is linear (the lists are indexed by id once), so
// prune costs the audit plus one more read of the list.
//
//	go test ./cli -run '^$' -bench PruneDryRunVsAudit -benchtime 3x
func BenchmarkPruneDryRunVsAudit(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			old := clock
			clock = func() time.Time { return fixedNow }
			b.Cleanup(func() { clock = old })
			_, ts := inmem.NewTestServer(inmem.WithClock(clock), inmem.WithBulk(200, n))
			b.Cleanup(ts.Close)
			b.Setenv("UNLEASH_TOKENS_CONFIG", "")
			b.Setenv("XDG_CONFIG_HOME", b.TempDir())
			b.Setenv("UNLEASH_URL", ts.URL)
			b.Setenv("UNLEASH_API_TOKEN", inmem.AdminPAT)
			timed := func(args ...string) time.Duration {
				start := time.Now()
				if code := run(args, io.Discard, io.Discard); code != exitOK && code != exitFindings {
					b.Fatalf("%v: exit %d", args, code)
				}
				return time.Since(start)
			}
			timed("prune") // the server's first answers warm up
			var tPrune, tAudit time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				tPrune += timed("prune")
				tAudit += timed("audit", "--format", "json", "--all")
			}
			b.ReportMetric(ms(tPrune, b.N), "prune-ms")
			b.ReportMetric(ms(tAudit, b.N), "audit-ms")
			b.ReportMetric(float64(tPrune)/float64(tAudit), "x/audit")
		})
	}
}

func ms(d time.Duration, n int) float64 { return float64(d.Nanoseconds()) / float64(n) / 1e6 }
