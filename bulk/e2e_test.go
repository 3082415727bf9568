package bulk_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/bulk"
	"github.com/unleash-tokens/unleash-tokens/internal/realserver"
	"github.com/unleash-tokens/unleash-tokens/tokenref"
)

// makeExpired makes n API tokens that expired yesterday on the real server,
// 8 creates at a time, and returns them as the full list shows them. Any
// left at the end of the test are deleted.
func makeExpired(tb testing.TB, admin *api.Client, n int) []tokenref.Token {
	tb.Helper()
	ctx := context.Background()
	prefix := fmt.Sprintf("bulk-e2e-%d-", time.Now().UnixNano())
	past := time.Now().Add(-24 * time.Hour)
	sem := make(chan struct{}, 8)
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			_, err := admin.CreateAPIToken(ctx, api.CreateAPIToken{Name: fmt.Sprintf("%s%04d", prefix, i), Type: api.TypeBackend,
				Environment: "development", Projects: []string{"*"}, ExpiresAt: &past})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			tb.Fatal(err)
		}
	}
	list, err := admin.ListAPITokens(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	var out []tokenref.Token
	for _, t := range list {
		if strings.HasPrefix(t.Name, prefix) {
			out = append(out, tokenref.FromAPIToken(t, ""))
		}
	}
	if len(out) != n {
		tb.Fatalf("%d of %d listed", len(out), n)
	}
	tb.Cleanup(func() {
		for _, t := range out {
			_ = admin.DeleteAPIToken(context.Background(), t.API.Ref())
		}
	})
	return out
}

// TestE2EBulkDeleteWithOneFailure deletes 50 expired API tokens on the real
// Unleash while a proxy refuses one of the deletes: 49 done, 1 failed with
// the reason, and the server still lists exactly that one.
func TestE2EBulkDeleteWithOneFailure(t *testing.T) {
	creds := realserver.Get(t)
	admin, _ := api.New(creds.URL, api.Secret(creds.AdminPAT))
	toks := makeExpired(t, admin, 50)
	refused := "/api/admin/api-tokens/" + toks[31].API.Ref().Reveal()
	var mu sync.Mutex
	sent := map[string]int{}
	url := realserver.Proxy(t, creds, func(w http.ResponseWriter, r *http.Request, _ http.Handler) bool {
		if r.Method != http.MethodDelete {
			return false
		}
		mu.Lock()
		sent[r.URL.Path]++
		mu.Unlock()
		if r.URL.Path != refused {
			return false
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprint(w, `{"message":"the proxy refused this one"}`)
		return true
	})
	c, _ := api.New(url, api.Secret(creds.AdminPAT))
	rep := bulk.Run(context.Background(), c, toks, bulk.Delete(), bulk.Options{})
	if rep.Summary() != "49 deleted, 1 failed" {
		t.Fatalf("%s; stopped %q", rep.Summary(), rep.Stopped)
	}
	if r := rep.Results[31]; r.Outcome != bulk.Failed || r.Reason != "delete an API token: the proxy refused this one (HTTP 500)" {
		t.Fatalf("result 31: %+v", r)
	}
	lists := tokenref.Reread(context.Background(), admin, toks)
	for i, tok := range toks {
		if _, found, err := lists.Find(tok); err != nil || found != (i == 31) {
			t.Fatalf("token %d: listed %v, %v", i, found, err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	for _, n := range sent {
		if n != 1 {
			t.Fatalf("%d DELETEs of one token", n)
		}
	}
	if len(sent) != 50 {
		t.Fatalf("%d tokens got a DELETE", len(sent))
	}
}

// BenchmarkE2EBulkDelete1000 times bulk.Run deleting 1,000 API tokens on
// the real Unleash (the creates and the re-read's wait are in; the creates
// are not timed), one write at a time and 8 at a time; server-ms is the
// server's own time for those DELETEs, summed, from its Prometheus metrics.
// scripts/bench-delete-curl.sh sends the same DELETEs with curl.
//
//	go test ./bulk -run '^$' -bench E2EBulkDelete1000 -benchtime 1x
func BenchmarkE2EBulkDelete1000(b *testing.B) {
	creds := realserver.Get(b)
	admin, _ := api.New(creds.URL, api.Secret(creds.AdminPAT))
	for _, conc := range []int{1, 8} {
		b.Run(fmt.Sprintf("concurrency=%d", conc), func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				toks := makeExpired(b, admin, 1000)
				sum0, n0 := serverDeleteTime(b, creds.URL)
				b.StartTimer()
				start := time.Now()
				rep := bulk.Run(context.Background(), admin, toks, bulk.Delete(), bulk.Options{Concurrency: conc})
				b.StopTimer()
				b.ReportMetric(float64(time.Since(start).Milliseconds()), "ms/1000-deletes")
				sum1, n1 := serverDeleteTime(b, creds.URL)
				b.ReportMetric(sum1-sum0, "server-ms")
				b.ReportMetric(float64(n1-n0), "server-deletes")
				if rep.Count(bulk.Done) != 1000 {
					b.Fatalf("%s", rep.Summary())
				}
			}
		})
	}
}

// serverDeleteTime reads the real server's own summed time (ms) and count of
// answered DELETE /api/admin/api-tokens/:token, from /internal-backstage/prometheus.
func serverDeleteTime(tb testing.TB, base string) (float64, int) {
	tb.Helper()
	resp, err := http.Get(base + "/internal-backstage/prometheus")
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var sum float64
	var count int
	for _, line := range strings.Split(string(body), "\n") {
		if !strings.Contains(line, `path="/api/admin/api-tokens/:token",method="DELETE",status="200"`) {
			continue
		}
		fields := strings.Fields(line)
		v, _ := strconv.ParseFloat(fields[len(fields)-1], 64)
		switch {
		case strings.HasPrefix(line, "http_request_duration_milliseconds_sum"):
			sum = v
		case strings.HasPrefix(line, "http_request_duration_milliseconds_count"):
			count = int(v)
		}
	}
	return sum, count
}
