package cli

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/inmem"
)

// TestServeMetrics: the first audit runs at start; a scrape before it ends
// gets 503; each tick runs one audit, never a scrape; when the server then
// fails, the last good tokens are still served, with success 0 and the
// time of the good audit.
func TestServeMetrics(t *testing.T) {
	srv := inmem.New()
	var failing atomic.Bool
	release := make(chan struct{})
	var first sync.Once
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		first.Do(func() { <-release }) // hold the first audit until the test has scraped
		if failing.Load() {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		srv.ServeHTTP(w, r)
	})
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	client, err := api.New(ts.URL, inmem.AdminPAT, api.WithRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	var audits atomic.Int32
	run := func(ctx context.Context) []audit.Instance {
		audits.Add(1)
		r := audit.Run(ctx, client, audit.Options{Checks: audit.AllChecks})
		return []audit.Instance{{Name: "prod", URL: ts.URL, Report: r, Duration: time.Millisecond}}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	tick := make(chan time.Time)
	rounds := make(chan struct{})
	served := make(chan error, 1)
	go func() { served <- serveMetrics(ctx, ln, tick, run, io.Discard, rounds) }()
	url := "http://" + ln.Addr().String() + "/metrics"

	if code, _ := scrape(t, url); code != http.StatusServiceUnavailable {
		t.Fatalf("before the first audit: %d", code)
	}
	close(release)
	<-rounds
	_, good := scrape(t, url)
	okFamilies := parseMetrics(t, good)
	if v := gauge(okFamilies, "unleash_tokens_audit_success"); v != 1 {
		t.Fatalf("success %v", v)
	}
	goodTime := gauge(okFamilies, "unleash_tokens_audit_timestamp_seconds")
	tokens := len(okFamilies["unleash_token_info"].GetMetric())
	for range 5 { // scrapes do not audit
		scrape(t, url)
	}
	if audits.Load() != 1 {
		t.Fatalf("%d audits after scrapes", audits.Load())
	}

	failing.Store(true)
	tick <- time.Now()
	<-rounds
	_, stale := scrape(t, url)
	bad := parseMetrics(t, stale)
	if gauge(bad, "unleash_tokens_audit_success") != 0 || gauge(bad, "unleash_tokens_audit_timestamp_seconds") != goodTime ||
		len(bad["unleash_token_info"].GetMetric()) != tokens || tokens == 0 {
		t.Fatalf("after a failed audit: success %v, time %v (good %v), %d tokens (good %d)", gauge(bad, "unleash_tokens_audit_success"),
			gauge(bad, "unleash_tokens_audit_timestamp_seconds"), goodTime, len(bad["unleash_token_info"].GetMetric()), tokens)
	}
	if audits.Load() != 2 {
		t.Fatalf("%d audits after one tick", audits.Load())
	}
	assertNoSecrets(t, srv, stale)

	cancel()
	if err := <-served; err != nil {
		t.Fatal(err)
	}
}

func scrape(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode == http.StatusOK && !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain; version=0.0.4") {
		t.Fatalf("content type %q", resp.Header.Get("Content-Type"))
	}
	return resp.StatusCode, string(body)
}

func parseMetrics(t *testing.T, text string) map[string]*dto.MetricFamily {
	t.Helper()
	parser := expfmt.NewTextParser(model.LegacyValidation)
	families, err := parser.TextToMetricFamilies(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	return families
}

func gauge(families map[string]*dto.MetricFamily, name string) float64 {
	m := families[name].GetMetric()
	if len(m) != 1 {
		return -1
	}
	return m[0].GetGauge().GetValue()
}

func TestServeMetricsUsage(t *testing.T) {
	useServer(t, "http://127.0.0.1:1", inmem.AdminPAT)
	runCommand("serve-metrics", "--every", "5s").expect(t, exitUsage, "--every 5s: give 30s or longer (one audit at most every 30s)")
	runCommand("serve-metrics", "now").expect(t, exitUsage, `unexpected argument "now"`)
	runCommand("serve-metrics", "--listen", "256.0.0.1:99999").expect(t, exitUsage, `--listen "256.0.0.1:99999": give a host and a port`)
}
