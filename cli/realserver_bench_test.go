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

	"github.com/unleash-tokens/unleash-tokens/internal/realserver"
)

// BenchmarkRealServerAudit times `unleash-tokens audit --format json --all`
// (the built binary, its start and its JSON written to a file included) on
// the real Unleash with 5,000 API tokens and every check on, beside curl
// sending the same requests one after another (the requests the command
// made once through a recording proxy; curl's own time_total, summed). The
// two take turns. ratio is the command's wall time over the sum of curl's.
//
//	go test ./cli -run '^$' -bench RealServer -benchtime 10x
func BenchmarkRealServerAudit(b *testing.B) {
	creds := realserver.Get(b)
	tokens := realserver.EnsureAPITokens(b, creds, 5000)
	bin := buildBinary(b)
	out := filepath.Join(b.TempDir(), "tokens.json")
	audit := func(url string) time.Duration {
		cmd := exec.Command(bin, "audit", "--format", "json", "--all")
		cmd.Env = append(os.Environ(), "UNLEASH_URL="+url, "UNLEASH_API_TOKEN="+creds.AdminPAT,
			"UNLEASH_TOKENS_CONFIG=", "XDG_CONFIG_HOME="+b.TempDir())
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
		return d
	}
	var mu sync.Mutex
	var reqs []realserver.Request
	proxy := realserver.Proxy(b, creds, func(w http.ResponseWriter, r *http.Request, forward http.Handler) bool {
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		forward.ServeHTTP(rec, r)
		mu.Lock()
		defer mu.Unlock()
		reqs = append(reqs, realserver.Request{Method: r.Method, Path: r.URL.RequestURI(), Status: rec.status})
		return true
	})
	audit(proxy)
	curl := func() time.Duration {
		var sum time.Duration
		for _, d := range realserver.Curl(b, creds.URL, creds.AdminPAT, false, reqs...) {
			sum += d
		}
		return sum
	}
	audit(creds.URL)
	curl()
	var sums [2]time.Duration
	runs := [2]func() time.Duration{func() time.Duration { return audit(creds.URL) }, curl}
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
	b.ReportMetric(ms(sums[1]), "curl-sum-ms")
	b.ReportMetric(float64(sums[0])/float64(sums[1]), "ratio")
	b.ReportMetric(float64(len(reqs)), "requests")
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
