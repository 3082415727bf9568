package cli

import (
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/internal/realserver"
)

// BenchmarkRealServerAudit times `unleash-tokens audit --format json --all`
// on the real Unleash with 5,000 API tokens and every check on, beside curl
// sending the same requests with as many in flight as the audit keeps
// (audit.DefaultConcurrency). Both sides are a process's wall time, from
// its start to its exit, start included: the built binary, its JSON
// written to a file, and one curl process with --parallel (see
// realserver.CurlParallel), the bodies to /dev/null.
//
// curl sends what the command sent once through a recording proxy: the
// same paths, the same headers (Authorization, Accept, Accept-Encoding,
// User-Agent), in the order they reached the proxy. It knows every URL
// from the start, where the audit learns some from answers (the projects,
// the event log's length), so curl waits on nothing. The two take turns,
// each going first in turn. x/curl is the command's time over curl's;
// cpu-ms and curl-cpu-ms are each process's CPU time (user and system):
// on a machine whose cores are all busy, every CPU millisecond the command
// spends is one the server does not get.
//
//	go test ./cli -run '^$' -bench '^BenchmarkRealServerAudit$' -benchtime 10x -count 5
func BenchmarkRealServerAudit(b *testing.B) {
	creds := realserver.Get(b)
	tokens := realserver.EnsureAPITokens(b, creds, 5000)
	bin := buildBinary(b)
	out := filepath.Join(b.TempDir(), "tokens.json")
	config := b.TempDir()
	var cpus [2]time.Duration // the app's, curl's
	app := func(url string) time.Duration {
		cmd := exec.Command(bin, "audit", "--format", "json", "--all")
		cmd.Env = append(os.Environ(), "UNLEASH_URL="+url, "UNLEASH_API_TOKEN="+creds.AdminPAT,
			"UNLEASH_TOKENS_CONFIG=", "XDG_CONFIG_HOME="+config)
		f, err := os.Create(out)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		cmd.Stdout = f
		start := time.Now()
		err = cmd.Run()
		d := time.Since(start)
		var exit *exec.ExitError
		if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == exitFindings) {
			b.Fatalf("audit: %v", err)
		}
		cpus[0] += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		return d
	}
	var mu sync.Mutex
	var reqs []realserver.Request
	proxy := realserver.Proxy(b, creds, func(w http.ResponseWriter, r *http.Request, forward http.Handler) bool {
		mu.Lock()
		i := len(reqs) // in the order they arrive: the order the audit sent them
		h := r.Header.Clone()
		h.Del("Authorization")
		reqs = append(reqs, realserver.Request{Method: r.Method, Path: r.URL.RequestURI(), Header: h})
		mu.Unlock()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		forward.ServeHTTP(rec, r)
		mu.Lock()
		reqs[i].Status = rec.status
		mu.Unlock()
		return true
	})
	app(proxy)
	inFlight := audit.DefaultConcurrency
	curl := func() time.Duration {
		wall, cpu := realserver.CurlParallel(b, creds.URL, creds.AdminPAT, inFlight, reqs...)
		cpus[1] += cpu
		return wall
	}
	app(creds.URL) // warm: the server's caches, the binary in the page cache
	curl()
	var sums [2]time.Duration
	cpus = [2]time.Duration{}
	runs := [2]func() time.Duration{func() time.Duration { return app(creds.URL) }, curl}
	b.ResetTimer()
	for i := range b.N {
		for j := range runs {
			k := (i + j) % len(runs)
			sums[k] += runs[k]()
		}
	}
	b.StopTimer()
	st, _ := os.Stat(out)
	ms := func(d time.Duration) float64 { return float64(d) / float64(b.N) / 1e6 }
	b.ReportMetric(ms(sums[0]), "ms")
	b.ReportMetric(ms(sums[1]), "curl-ms")
	b.ReportMetric(float64(sums[0])/float64(sums[1]), "x/curl")
	b.ReportMetric(ms(cpus[0]), "cpu-ms")
	b.ReportMetric(ms(cpus[1]), "curl-cpu-ms")
	b.ReportMetric(float64(len(reqs)), "requests")
	b.ReportMetric(float64(inFlight), "in-flight")
	b.ReportMetric(float64(tokens), "api-tokens")
	b.ReportMetric(float64(st.Size()), "json-bytes")
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}
