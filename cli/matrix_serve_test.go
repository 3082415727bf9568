package cli

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/inmem"
)

// runServeMetricsCell is the matrix's serve-metrics cell: the command as
// cli.Main runs it, for one round. Its signal context is replaced by one the
// test ends once /readyz says the first audit is done and /metrics has been
// scraped (as Prometheus asks, OpenMetrics). The scraped body stands for
// stdout in the checks: no secret in it or on stderr, the tokens it lists
// held by the server, and its health as the one-shot audit's exit code says:
// where the audit is incomplete (exit 2), unleash_tokens_audit_success 0 and
// failed sources counted, never a clean 1.
func runServeMetricsCell(t *testing.T, f matrixFault) {
	if why, _ := lookup(f.skip, "audit openmetrics"); why != "" {
		t.Skip(why)
	}
	srv := fixClock(t, f.opts...)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	useServer(t, ts.URL, inmem.AdminPAT)
	if f.prepare != nil {
		f.prepare(t, srv)
	}
	ctx, end := context.WithCancel(context.Background())
	defer end()
	serveMetricsContext = func() (context.Context, context.CancelFunc) { return ctx, end }
	defer func() { serveMetricsContext = signalServeMetricsContext }()

	addr := freeAddr(t)
	args := append([]string{"serve-metrics", "--listen", addr}, f.args...)
	before := srv.Holdings()
	srv.SetFaults(f.faults)
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() { done <- run(args, &stdout, &stderr) }()

	body, code := scrapeOneRound(t, "http://"+addr, done)
	end()
	if code < 0 {
		code = <-done
	}
	srv.SetFaults(inmem.Faults{})
	after := srv.Holdings()
	recordOutput(args, body+stdout.String(), stderr.String())
	r := result{code, body, stderr.String()}
	t.Logf("exit %d\nmetrics:\n%s\nstderr:\n%s", r.code, body, r.stderr)

	if r.code != exitOK {
		t.Fatalf("exit %d, want 0 (ended by its signal)\nstderr:\n%s", r.code, r.stderr)
	}
	want, ok := lookup(f.codes, "audit openmetrics")
	if !ok {
		want = f.def
	}
	incomplete := want == exitAuditFailed
	success, failed := gauge(body, "unleash_tokens_audit_success"), gauge(body, "unleash_tokens_audit_sources_failed")
	switch {
	case incomplete && success != "0":
		t.Errorf("the one-shot audit is incomplete (exit 2), yet serve-metrics says success %q:\n%s", success, body)
	case incomplete && (failed == "" || failed == "0"):
		t.Errorf("the one-shot audit is incomplete, yet serve-metrics counts %q failed sources:\n%s", failed, body)
	case !incomplete && success != "1":
		t.Errorf("every list was read, yet serve-metrics says success %q:\n%s", success, body)
	}
	if leaks := leakIn(r, before, after); len(leaks) > 0 {
		for _, l := range leaks {
			t.Errorf("%s", l)
		}
	}
	if t.Failed() {
		return
	}
	if !incomplete {
		r.code = exitFindings // as the one-shot's: every list read
	} else {
		r.code = exitAuditFailed
	}
	claimsOpenMetrics(t, cell{r: r, before: before, after: after, srv: srv})
}

// scrapeOneRound waits until base's /readyz answers 200 (the first audit is
// done), then scrapes /metrics. A command that ended first gives its exit
// code (else -1).
func scrapeOneRound(t *testing.T, base string, done <-chan int) (string, int) {
	t.Helper()
	client := &http.Client{Timeout: 5 * time.Second}
	deadline := time.Now().Add(60 * time.Second)
	for {
		select {
		case code := <-done:
			return "", code
		default:
		}
		if resp, err := client.Get(base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve-metrics on %s was not ready within 60 s", base)
		}
		time.Sleep(20 * time.Millisecond)
	}
	req, _ := http.NewRequest("GET", base+"/metrics", nil)
	req.Header.Set("Accept", "application/openmetrics-text;version=1.0.0")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("scrape: %v", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("scrape: HTTP %d: %s", resp.StatusCode, b)
	}
	return string(b), -1
}

// gauge is the value of the one sample of name in an exposition ("" when
// there is none), as written: "1" for 1.0.
func gauge(body, name string) string {
	m := regexp.MustCompile(`(?m)^` + name + `\{[^}]*\} (\S+)`).FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		return m[1]
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// freeAddr is a loopback address with a port nothing listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}
