package metrics

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/inmem"
)

// soakEnv turns the soak on and says for how long: UNLEASH_TOKENS_SOAK=10m.
const soakEnv = "UNLEASH_TOKENS_SOAK"

// Bounds the soak holds.
const (
	soakScrapeLimit   = 50 * time.Millisecond
	soakGoroutineRise = 10
	soakFileRise      = 10
	soakHeapRise      = 4 << 20 // bytes, after a GC, over the warmed-up heap
)

// The upstream's modes, one per audit in turn.
var soakModes = []string{"healthy", "failing", "slow"}

// TestSoakServeMetrics runs serve-metrics' daemon for UNLEASH_TOKENS_SOAK
// (off by default), auditing every second a loopback Unleash that is in
// turn healthy, failing (502 on every list) and slow (150 ms on every
// answer), scraped every second as Prometheus scrapes. It holds: no scrape
// slower than 50 ms; after every audit the served success flag is that
// audit's (1, 0, 1), and a failing one still serves the last good tokens
// with its failed sources counted; goroutines, open files (/proc/self/fd)
// and the heap after a GC flat (no more than a small rise over the
// warmed-up value). It logs the curve, a line a minute, with the worst
// lateness of a 5 ms sleep (max stall): how much the machine held the
// process up.
//
//	UNLEASH_TOKENS_SOAK=10m go test -run TestSoakServeMetrics -count=1 -timeout 15m -v ./metrics
func TestSoakServeMetrics(t *testing.T) {
	d := os.Getenv(soakEnv)
	if d == "" {
		t.Skip("set " + soakEnv + "=10m to run the soak")
	}
	length, err := time.ParseDuration(d)
	if err != nil || length < 10*time.Second {
		t.Fatalf("%s=%q: give a duration of 10s or more, such as 10m", soakEnv, d)
	}

	// The upstream: an in-memory Unleash behind the mode of the audit.
	srv := inmem.New()
	var mode atomic.Value
	mode.Store("healthy")
	upstream := soakUpstream(srv, &mode)
	defer upstream.Close()
	client, err := api.New(upstream.URL, inmem.AdminPAT, api.WithRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	var audits atomic.Int64
	run := func(ctx context.Context) []audit.Instance {
		n := audits.Add(1)
		mode.Store(soakModes[(n-1)%int64(len(soakModes))])
		started := time.Now()
		r := audit.Run(ctx, client, audit.Options{Checks: audit.AllChecks})
		return []audit.Instance{{Name: "soak", URL: upstream.URL, Report: r, Duration: time.Since(started)}}
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String() + "/metrics"
	scraper := &http.Client{Timeout: 5 * time.Second}
	defer scraper.CloseIdleConnections()
	var heldUp atomic.Int64 // the 5 ms sleeper's lateness, summed (below)
	sc := scrapes{heldUp: &heldUp}
	var rounds, wrong atomic.Int64
	svc, err := New(Options{Listen: ln.Addr().String(), OnRound: func(r Round) {
		// Right after the round, before the next can start: the served
		// flag must be this audit's.
		rounds.Add(1)
		m := mode.Load().(string)
		body, ok := sc.scrape(scraper, url)
		if err := checkRound(m, body, ok); err != nil {
			wrong.Add(1)
			t.Errorf("round %d (%s): %v", rounds.Load(), m, err)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ticker := time.NewTicker(time.Second)
	defer ticker.Stop()
	done := make(chan error, 1)
	go func() { done <- svc.Run(ctx, ln, ticker.C, run) }()

	// Prometheus: a scrape every second.
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		every := time.NewTicker(time.Second)
		defer every.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-every.C:
				sc.scrape(scraper, url)
			}
		}
	}()

	// How late a 5 ms sleep wakes up, the window's worst: when a slow scrape
	// comes with a stall as long, the machine, not the daemon, held it up.
	var stall atomic.Int64
	wg.Add(1)
	go func() {
		defer wg.Done()
		measureStalls(ctx, &heldUp, &stall)
	}()

	// The curve: each window's highest goroutines, open files and heap
	// (after a GC), sampled every second; a window is a minute (a third of
	// a shorter soak). Flat: the last window no higher than the first.
	window := time.Minute
	if length < 3*time.Minute {
		window = length / 3
	}
	t.Logf("%8s %10s %10s %9s %7s %8s %14s %10s", "elapsed", "goroutines", "open files", "heap MiB", "audits", "scrapes", "slowest scrape", "max stall")
	began := time.Now()
	var windows []sample
	var cur sample
	sampler := time.NewTicker(time.Second)
	defer sampler.Stop()
	for now := range sampler.C {
		cur = cur.max(take())
		if elapsed := now.Sub(began); elapsed >= window*time.Duration(len(windows)+1) || elapsed >= length {
			n, slowest := sc.stats()
			t.Logf("%8s %10d %10d %9.2f %7d %8d %14s %10s", elapsed.Round(time.Second), cur.goroutines, cur.files,
				float64(cur.heap)/(1<<20), audits.Load(), n, slowest.Round(100*time.Microsecond),
				time.Duration(stall.Swap(0)).Round(100*time.Microsecond))
			windows = append(windows, cur)
			cur = sample{}
			if elapsed >= length {
				break
			}
		}
	}
	cancel()
	wg.Wait()
	if err := <-done; err != nil {
		t.Fatal(err)
	}

	n, slowest := sc.stats()
	t.Logf("%d audits (%d rounds checked, %d wrong), %d scrapes, slowest %s", audits.Load(), rounds.Load(), wrong.Load(), n, slowest)
	if len(sc.slow) > 0 || sc.failed.Load() > 0 {
		t.Errorf("scrapes slower than %s by the daemon's own doing: %s; %d failed", soakScrapeLimit, strings.Join(sc.slow, ", "), sc.failed.Load())
	}
	if len(sc.machine) > 0 {
		t.Logf("slower than %s while the machine held this process up as long (not counted): %s", soakScrapeLimit, strings.Join(sc.machine, ", "))
	}
	if min := int64(length / (4 * time.Second)); rounds.Load() < min {
		t.Errorf("%d rounds in %s, want at least %d", rounds.Load(), length, min)
	}
	base, last := windows[0], windows[len(windows)-1]
	if last.goroutines > base.goroutines+soakGoroutineRise || last.files > base.files+soakFileRise || last.heap > base.heap+soakHeapRise {
		t.Errorf("not flat: goroutines %d → %d, open files %d → %d, heap %.2f → %.2f MiB", base.goroutines, last.goroutines,
			base.files, last.files, float64(base.heap)/(1<<20), float64(last.heap)/(1<<20))
	}
}

// checkRound says what is wrong with the metrics served right after an
// audit in mode m.
func checkRound(m, body string, ok bool) error {
	if !ok {
		return fmt.Errorf("the scrape failed")
	}
	want := "1"
	if m == "failing" {
		want = "0"
	}
	if !strings.Contains(body, `unleash_tokens_audit_success{instance="soak"} `+want+".0\n") {
		return fmt.Errorf("success flag is not %s", want)
	}
	if m == "failing" && (strings.Contains(body, `unleash_tokens_audit_sources_failed{instance="soak"} 0.0`) ||
		!strings.Contains(body, "unleash_token_info{")) {
		return fmt.Errorf("a failing audit: no failed sources counted, or the last good tokens are gone")
	}
	return nil
}

// scrapes times every scrape.
type scrapes struct {
	mu      sync.Mutex
	n       int
	slowest time.Duration
	slow    []string // each scrape over the limit, less what the machine held the process up meanwhile
	machine []string // each scrape over the limit only because the machine held the process up as long
	heldUp  *atomic.Int64
	failed  atomic.Int64
}

const prometheusAccept = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"

func (s *scrapes) scrape(c *http.Client, url string) (string, bool) {
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Accept", prometheusAccept)
	started, held := time.Now(), s.heldUp.Load()
	resp, err := c.Do(req)
	var body []byte
	if err == nil {
		body, err = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	took := time.Since(started)
	// How late the 5 ms sleeper woke meanwhile, summed: time the machine,
	// not the daemon, took from this process during the scrape.
	stalled := time.Duration(s.heldUp.Load() - held)
	s.mu.Lock()
	s.n++
	s.slowest = max(s.slowest, took)
	if took > soakScrapeLimit {
		load, _ := os.ReadFile("/proc/loadavg") // a slow scrape on a busy machine says so
		line := fmt.Sprintf("scrape %d took %s, the process held up %s meanwhile (load average %s)", s.n, took.Round(100*time.Microsecond),
			stalled.Round(100*time.Microsecond), strings.Join(strings.Fields(string(load))[:min(3, len(strings.Fields(string(load))))], " "))
		if took-stalled > soakScrapeLimit {
			s.slow = append(s.slow, line)
		} else {
			s.machine = append(s.machine, line)
		}
	}
	s.mu.Unlock()
	if err != nil || resp.StatusCode != http.StatusOK {
		s.failed.Add(1)
		return "", false
	}
	return string(body), true
}

func (s *scrapes) stats() (int, time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n, s.slowest
}

// sample is the process's goroutines, open files and live heap.
type sample struct {
	goroutines, files int
	heap              uint64
}

func take() sample {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	fds, _ := os.ReadDir("/proc/self/fd")
	return sample{goroutines: runtime.NumGoroutine(), files: len(fds), heap: m.HeapAlloc}
}

func (s sample) max(o sample) sample {
	return sample{max(s.goroutines, o.goroutines), max(s.files, o.files), max(s.heap, o.heap)}
}

// soakUpstream is the in-memory Unleash behind the soak's mode: "failing"
// answers 502, "slow" answers 150 ms late.
func soakUpstream(srv *inmem.Server, mode *atomic.Value) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch mode.Load().(string) {
		case "failing":
			w.WriteHeader(http.StatusBadGateway)
			return
		case "slow":
			select {
			case <-time.After(150 * time.Millisecond):
			case <-r.Context().Done():
				return
			}
		}
		srv.ServeHTTP(w, r)
	}))
}

// measureStalls sleeps 5 ms at a time until ctx ends, adding how late each
// sleep woke up to heldUp and keeping the worst in stall.
func measureStalls(ctx context.Context, heldUp, stall *atomic.Int64) {
	for ctx.Err() == nil {
		t0 := time.Now()
		time.Sleep(5 * time.Millisecond)
		over := int64(time.Since(t0) - 5*time.Millisecond)
		heldUp.Add(over)
		for old := stall.Load(); over > old && !stall.CompareAndSwap(old, over); old = stall.Load() {
		}
	}
}
