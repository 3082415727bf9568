package api_test

import (
	"context"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/internal/realserver"
)

// realServerTokens is how many API tokens the real-server benchmarks read.
const realServerTokens = 5000

// BenchmarkRealServerListAPITokens sets the client's ListAPITokens (fetch
// and decode) on the real Unleash with 5,000 API tokens beside two anchors
// sending the same request, taking turns in one run so that load on the
// machine hits all three alike: curl (its own time_total: the process's
// start is not counted) and a Go GET that discards the body. ratio is the
// client's time over curl's, ratio-get over the GET's.
//
// encoding=identity is what the client asks of a server on this machine;
// encoding=gzip what it asks of any other (the answer compressed, 1.5 MB
// to 0.2 MB), here over loopback, beside curl --compressed.
//
// It makes the tokens first if the server has fewer (minutes, once).
//
//	go test ./api -run '^$' -bench RealServer -benchtime 20x
func BenchmarkRealServerListAPITokens(b *testing.B) {
	creds := realserver.Get(b)
	n := realserver.EnsureAPITokens(b, creds, realServerTokens)
	for _, gzip := range []bool{false, true} {
		name := "encoding=identity"
		if gzip {
			name = "encoding=gzip"
		}
		b.Run(name, func(b *testing.B) {
			benchListAPITokens(b, creds, gzip)
			b.ReportMetric(float64(n), "tokens")
		})
	}
}

func benchListAPITokens(b *testing.B, creds realserver.Credentials, gzip bool) {
	hc := api.NewHTTPClient(nil) // the app's
	if gzip {
		hc.Transport = remoteEncoding{hc.Transport}
	}
	client, err := api.New(creds.URL, api.Secret(creds.AdminPAT), api.WithHTTPClient(hc))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	list := realserver.Request{Path: "/api/admin/api-tokens"}
	discard := &http.Client{Transport: &http.Transport{DisableCompression: !gzip}}
	get := func() time.Duration {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, creds.URL+list.Path, nil)
		req.Header.Set("Authorization", creds.AdminPAT)
		req.Header.Set("Accept", "application/json")
		start := time.Now()
		resp, err := discard.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return time.Since(start)
	}
	load := func() time.Duration {
		start := time.Now()
		toks, err := client.ListAPITokens(ctx)
		d := time.Since(start)
		if err != nil || len(toks) < realServerTokens {
			b.Fatalf("%d tokens, %v", len(toks), err)
		}
		return d
	}
	curl := func() time.Duration { return realserver.Curl(b, creds.URL, creds.AdminPAT, gzip, list)[0] }
	load()
	get()
	curl() // warm: connections open, the server's caches filled
	var sums [3]time.Duration
	runs := [3]func() time.Duration{load, curl, get}
	b.ResetTimer()
	for i := range b.N {
		for j := range runs {
			k := (i + j) % len(runs) // each goes first in turn
			sums[k] += runs[k]()
		}
	}
	b.StopTimer()
	ms := func(d time.Duration) float64 { return float64(d) / float64(b.N) / 1e6 }
	b.ReportMetric(ms(sums[0]), "ms")
	b.ReportMetric(ms(sums[1]), "curl-ms")
	b.ReportMetric(ms(sums[2]), "get-ms")
	b.ReportMetric(float64(sums[0])/float64(sums[1]), "ratio")
	b.ReportMetric(float64(sums[0])/float64(sums[2]), "ratio-get")
}

// remoteEncoding sends a request as the client sends it to a server on
// another machine: without its Accept-Encoding, which Go's transport then
// sets to gzip, decompressing the answer.
type remoteEncoding struct{ http.RoundTripper }

func (t remoteEncoding) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Del("Accept-Encoding")
	return t.RoundTripper.RoundTrip(r)
}
