package metrics

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"golang.org/x/crypto/bcrypt"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/inmem"
)

// served is a Service running on a loopback port for a test.
type served struct {
	base   string // http://127.0.0.1:port
	rounds chan Round
	tick   chan time.Time
	stop   func() error
}

// start runs a Service with run as its auditor; it stops when the test ends.
// The test sends on tick for the next round and hears of each on rounds.
func start(t *testing.T, o Options, run Auditor) *served {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if o.Listen == "" {
		o.Listen = ln.Addr().String()
	}
	rounds := make(chan Round, 1)
	o.OnRound = func(r Round) { rounds <- r }
	svc, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &served{base: "http://" + ln.Addr().String(), rounds: rounds, tick: make(chan time.Time)}
	done := make(chan error, 1)
	go func() { done <- svc.Run(ctx, ln, s.tick, run) }()
	var once sync.Once
	var stopErr error
	s.stop = func() error {
		once.Do(func() { cancel(); stopErr = <-done })
		return stopErr
	}
	t.Cleanup(func() {
		if err := s.stop(); err != nil {
			t.Error(err)
		}
	})
	return s
}

// inmemAuditor audits an in-memory Unleash behind h as instance "prod".
func inmemAuditor(t *testing.T, h http.Handler, audits *atomic.Int32) Auditor {
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	client, err := api.New(ts.URL, inmem.AdminPAT, api.WithRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	return func(ctx context.Context) []audit.Instance {
		if audits != nil {
			audits.Add(1)
		}
		started := time.Now()
		r := audit.Run(ctx, client, audit.Options{Checks: audit.AllChecks})
		return []audit.Instance{{Name: "prod", URL: ts.URL, Report: r, Duration: time.Since(started)}}
	}
}

type response struct {
	code   int
	header http.Header
	body   string
}

func do(t *testing.T, c *http.Client, method, url string, header ...string) response {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		if header[i] == "Host" {
			req.Host = header[i+1]
		} else {
			req.Header.Set(header[i], header[i+1])
		}
	}
	if c == nil {
		c = http.DefaultClient
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return response{resp.StatusCode, resp.Header, string(body)}
}

func parse(t *testing.T, text string) map[string]*dto.MetricFamily {
	t.Helper()
	parser := expfmt.NewTextParser(model.LegacyValidation)
	families, err := parser.TextToMetricFamilies(strings.NewReader(text))
	if err != nil {
		t.Fatalf("Prometheus's parser refuses it: %v\n%s", err, text)
	}
	return families
}

// value is the one sample of a family for instance prod, or -1.
func value(families map[string]*dto.MetricFamily, name string) float64 {
	m := families[name].GetMetric()
	if len(m) != 1 {
		return -1
	}
	return m[0].GetGauge().GetValue()
}

// TestServeMetricsScheduleAndLastGood: the first audit runs at start; before
// it ends /metrics and /readyz answer 503 and /healthz 200; each tick runs
// one audit, never a scrape; when the server then fails, the last good
// tokens are still served, with success 0, the good audit's time, and the
// failed sources counted as the one-shot audit --format openmetrics counts
// them (issue 19 item 7), every family of the one-shot present.
func TestServeMetricsScheduleAndLastGood(t *testing.T) {
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
	var audits atomic.Int32
	s := start(t, Options{}, inmemAuditor(t, h, &audits))

	if r := do(t, nil, "GET", s.base+"/metrics"); r.code != http.StatusServiceUnavailable {
		t.Fatalf("/metrics before the first audit: %d", r.code)
	}
	if r := do(t, nil, "GET", s.base+"/readyz"); r.code != http.StatusServiceUnavailable {
		t.Fatalf("/readyz before the first audit: %d", r.code)
	}
	if r := do(t, nil, "GET", s.base+"/healthz"); r.code != http.StatusOK || r.body != "ok\n" {
		t.Fatalf("/healthz before the first audit: %d %q", r.code, r.body)
	}
	close(release)
	<-s.rounds
	if r := do(t, nil, "GET", s.base+"/readyz"); r.code != http.StatusOK {
		t.Fatalf("/readyz after the first audit: %d", r.code)
	}
	good := parse(t, do(t, nil, "GET", s.base+"/metrics").body)
	if v := value(good, "unleash_tokens_audit_success"); v != 1 {
		t.Fatalf("success %v", v)
	}
	goodTime := value(good, "unleash_tokens_audit_timestamp_seconds")
	tokens := len(good["unleash_token_info"].GetMetric())
	for range 5 { // scrapes do not audit
		do(t, nil, "GET", s.base+"/metrics")
	}
	if audits.Load() != 1 {
		t.Fatalf("%d audits after scrapes", audits.Load())
	}

	failing.Store(true)
	s.tick <- time.Now()
	round := <-s.rounds
	stale := do(t, nil, "GET", s.base+"/metrics").body
	bad := parse(t, stale)
	if value(bad, "unleash_tokens_audit_success") != 0 || value(bad, "unleash_tokens_audit_timestamp_seconds") != goodTime ||
		len(bad["unleash_token_info"].GetMetric()) != tokens || tokens == 0 || value(bad, "unleash_tokens") != float64(tokens) {
		t.Fatalf("after a failed audit: success %v, time %v (good %v), %d tokens (good %d)", value(bad, "unleash_tokens_audit_success"),
			value(bad, "unleash_tokens_audit_timestamp_seconds"), goodTime, len(bad["unleash_token_info"].GetMetric()), tokens)
	}
	if audits.Load() != 2 {
		t.Fatalf("%d audits after one tick", audits.Load())
	}

	// The one-shot of the same failed audit: the same health, the same families.
	failed := round.Instances[0]
	failed.LastGood = nil
	var oneShotText strings.Builder
	if err := audit.WriteOpenMetrics(&oneShotText, []audit.Instance{failed}, audit.Output{}); err != nil {
		t.Fatal(err)
	}
	oneShot := parse(t, oneShotText.String())
	if n := value(bad, "unleash_tokens_audit_sources_failed"); n != value(oneShot, "unleash_tokens_audit_sources_failed") || n < 7 {
		t.Errorf("sources failed: %v served, %v one-shot", n, value(oneShot, "unleash_tokens_audit_sources_failed"))
	}
	for name, f := range oneShot {
		if len(bad[name].GetMetric()) == 0 {
			t.Errorf("the one-shot has %s, serve-metrics does not", name)
		}
		if strings.HasPrefix(name, "unleash_tokens_audit_source") && len(bad[name].GetMetric()) != len(f.GetMetric()) {
			t.Errorf("%s: %d series served, %d one-shot", name, len(bad[name].GetMetric()), len(f.GetMetric()))
		}
	}
	assertNoSecrets(t, srv, stale)
}

func assertNoSecrets(t *testing.T, srv *inmem.Server, out string) {
	t.Helper()
	client, _ := api.New("http://x", inmem.AdminPAT, api.WithHTTPClient(srv.HTTPClient()))
	toks, err := client.ListAPITokens(t.Context())
	if err != nil || len(toks) == 0 {
		t.Fatal(err)
	}
	for _, tok := range toks {
		s := tok.Secret.Reveal()
		if i := strings.LastIndexByte(s, '.'); i >= 0 && strings.Contains(out, s[i+1:i+9]) {
			t.Fatalf("the output holds part of %s's secret", tok.Name)
		}
	}
	for _, s := range []api.Secret{inmem.AdminPAT, inmem.AdminAPIToken} {
		if strings.Contains(out, s.Reveal()) {
			t.Fatal("the output holds a credential")
		}
	}
}

// TestServeMetricsOnlyGetAndHead: every other method on every path gets
// 405 with Allow: GET, HEAD and no metrics; HEAD gets the headers alone.
func TestServeMetricsOnlyGetAndHead(t *testing.T) {
	s := start(t, Options{}, inmemAuditor(t, inmem.New(), nil))
	<-s.rounds
	for _, path := range []string{"/metrics", "/healthz", "/readyz", "/", "/nope"} {
		for _, method := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "PROPFIND"} {
			r := do(t, nil, method, s.base+path)
			if r.code != http.StatusMethodNotAllowed || r.header.Get("Allow") != "GET, HEAD" || strings.Contains(r.body, "unleash_token") {
				t.Errorf("%s %s: %d, Allow %q, body %q", method, path, r.code, r.header.Get("Allow"), r.body)
			}
		}
	}
	head := do(t, nil, "HEAD", s.base+"/metrics")
	if head.code != http.StatusOK || head.body != "" || !strings.HasPrefix(head.header.Get("Content-Type"), "text/plain; version=0.0.4") {
		t.Errorf("HEAD /metrics: %d, %q, body %q", head.code, head.header.Get("Content-Type"), head.body)
	}
	if r := do(t, nil, "GET", s.base+"/nope"); r.code != http.StatusNotFound {
		t.Errorf("GET /nope: %d", r.code)
	}
}

// TestServeMetricsHostAllowList: against DNS rebinding, a request whose Host
// is not the listen address (or localhost for a loopback one, or an
// --allowed-host) gets 421 and a plain message, not the metrics.
func TestServeMetricsHostAllowList(t *testing.T) {
	s := start(t, Options{AllowedHosts: []string{"prometheus.example.com", "10.0.0.5:9100", "[fd00::1]"}}, inmemAuditor(t, inmem.New(), nil))
	<-s.rounds
	port := s.base[strings.LastIndexByte(s.base, ':')+1:]
	for _, c := range []struct {
		host string
		want int
	}{
		{"127.0.0.1:" + port, 200},
		{"127.0.0.1", 200},
		{"localhost:" + port, 200},
		{"LOCALHOST.:" + port, 200},
		{"prometheus.example.com:" + port, 200},
		{"Prometheus.Example.com", 200},
		{"10.0.0.5:" + port, 200},
		{"[fd00::1]:" + port, 200},
		{"rebind.attacker.example:" + port, http.StatusMisdirectedRequest},
		{"127.0.0.1.attacker.example", http.StatusMisdirectedRequest},
		{"10.0.0.6:" + port, http.StatusMisdirectedRequest},
		{"[::1]:" + port, http.StatusMisdirectedRequest}, // listening on 127.0.0.1, not ::1
	} {
		for _, path := range []string{"/metrics", "/healthz"} {
			r := do(t, nil, "GET", s.base+path, "Host", c.host)
			if r.code != c.want {
				t.Errorf("Host %q %s: %d, want %d", c.host, path, r.code, c.want)
			}
			if c.want != 200 && (strings.Contains(r.body, "unleash_token") || !strings.Contains(r.body, "--allowed-host") ||
				strings.Contains(r.body, "attacker") || !strings.HasPrefix(r.header.Get("Content-Type"), "text/plain")) {
				t.Errorf("Host %q: body %.200q (%s)", c.host, r.body, r.header.Get("Content-Type"))
			}
		}
	}
}

// TestServeMetricsNoHost: a request without a Host (HTTP/1.0) is refused.
func TestServeMetricsNoHost(t *testing.T) {
	svc, err := New(Options{Listen: "127.0.0.1:9810"})
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("GET", "/healthz", nil)
	req.Host = ""
	w := httptest.NewRecorder()
	svc.ServeHTTP(w, req)
	if w.Code != http.StatusMisdirectedRequest {
		t.Fatalf("no Host: %d", w.Code)
	}
}

// TestHostListDefaults: what --listen allows by itself, and the
// --allowed-host values refused.
func TestHostListDefaults(t *testing.T) {
	for _, c := range []struct {
		listen      string
		allowed     []string
		notAllowed  []string
		description string
	}{
		{"127.0.0.1:9810", []string{"127.0.0.1", "localhost:9810"}, []string{"::1", "example.com", "0.0.0.0"}, "loopback"},
		{"[::1]:9810", []string{"[::1]:9810", "localhost"}, []string{"127.0.0.1", "example.com"}, "IPv6 loopback"},
		{"localhost:9810", []string{"localhost", "127.0.0.1:9810", "[::1]:9810"}, []string{"example.com", "192.0.2.7"}, "localhost (it prints http://127.0.0.1:9810/metrics)"},
		{"192.0.2.7:9810", []string{"192.0.2.7:80"}, []string{"localhost", "127.0.0.1", "example.com"}, "one address"},
		{":9810", []string{"localhost", "127.0.0.1", "[::1]"}, []string{"example.com", "192.0.2.250"}, "every address"},
		{"0.0.0.0:9810", []string{"localhost", "127.0.0.1"}, []string{"example.com"}, "every IPv4 address"},
	} {
		l, err := newHostList(c.listen, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range c.allowed {
			if !l.allows(h) {
				t.Errorf("%s (%s): %q refused", c.description, c.listen, h)
			}
		}
		for _, h := range c.notAllowed {
			if l.allows(h) {
				t.Errorf("%s (%s): %q allowed", c.description, c.listen, h)
			}
		}
	}
	for _, bad := range []string{"", "*", "a b", "http://example.com", "example.com/metrics", "user@example.com"} {
		if _, err := newHostList("127.0.0.1:9810", []string{bad}); err == nil || !strings.Contains(err.Error(), "--allowed-host") {
			t.Errorf("--allowed-host %q: %v", bad, err)
		}
	}
}

// TestServeMetricsContentNegotiation: OpenMetrics (ending in # EOF) when the
// scraper's Accept asks for it, as Prometheus' does; text format 0.0.4,
// without # EOF, otherwise; both with the same series.
func TestServeMetricsContentNegotiation(t *testing.T) {
	s := start(t, Options{}, inmemAuditor(t, inmem.New(), nil))
	<-s.rounds
	const prometheus = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"
	for _, c := range []struct {
		accept, ctype string
		eof           bool
	}{
		{"", "text/plain; version=0.0.4; charset=utf-8", false},
		{"*/*", "text/plain; version=0.0.4; charset=utf-8", false},
		{"text/plain", "text/plain; version=0.0.4; charset=utf-8", false},
		{"text/plain;version=0.0.4;q=0.5,*/*;q=0.1", "text/plain; version=0.0.4; charset=utf-8", false},
		{"application/json", "text/plain; version=0.0.4; charset=utf-8", false},
		{prometheus, "application/openmetrics-text; version=1.0.0; charset=utf-8", true},
		{"application/openmetrics-text; version=1.0.0", "application/openmetrics-text; version=1.0.0; charset=utf-8", true},
		{"application/openmetrics-text; version=0.0.1", "application/openmetrics-text; version=0.0.1; charset=utf-8", true},
	} {
		r := do(t, nil, "GET", s.base+"/metrics", "Accept", c.accept)
		if r.code != 200 || r.header.Get("Content-Type") != c.ctype || strings.HasSuffix(r.body, "# EOF\n") != c.eof ||
			strings.Count(r.body, "# EOF") > 1 {
			t.Errorf("Accept %q: %d, Content-Type %q, ends in # EOF %v", c.accept, r.code, r.header.Get("Content-Type"), strings.HasSuffix(r.body, "# EOF\n"))
			continue
		}
		if !c.eof {
			families := parse(t, r.body)
			if value(families, "unleash_tokens_audit_success") != 1 || len(families["unleash_token_info"].GetMetric()) == 0 {
				t.Errorf("Accept %q: no success or tokens", c.accept)
			}
		} else if !strings.Contains(r.body, `unleash_tokens_audit_success{instance="prod"} 1.0`) {
			t.Errorf("Accept %q: no OpenMetrics success sample", c.accept)
		}
		if !strings.Contains(r.header.Get("Vary"), "Accept") {
			t.Errorf("Accept %q: Vary %q", c.accept, r.header.Get("Vary"))
		}
	}
}

// TestServeMetricsWebConfig: with --web.config.file (exporter-toolkit) it
// serves TLS and asks for basic auth; a wrong password or none gets 401, the
// right one the metrics; plain HTTP gets no metrics. A file that does not
// load stops the start with its name.
func TestServeMetricsWebConfig(t *testing.T) {
	dir := t.TempDir()
	certPEM, keyPEM := selfSigned(t)
	writeFile(t, filepath.Join(dir, "cert.pem"), certPEM)
	writeFile(t, filepath.Join(dir, "key.pem"), keyPEM)
	hash, err := bcrypt.GenerateFromPassword([]byte("scrape-password"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	config := filepath.Join(dir, "web.yml")
	writeFile(t, config, []byte("tls_server_config:\n  cert_file: cert.pem\n  key_file: key.pem\nbasic_auth_users:\n  prometheus: "+string(hash)+"\n"))

	s := start(t, Options{WebConfigFile: config}, inmemAuditor(t, inmem.New(), nil))
	<-s.rounds
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(certPEM)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}, Timeout: 10 * time.Second}
	defer client.CloseIdleConnections()
	url := "https://" + strings.TrimPrefix(s.base, "http://") + "/metrics"
	if r := do(t, client, "GET", url); r.code != http.StatusUnauthorized || strings.Contains(r.body, "unleash_token") {
		t.Errorf("no password: %d", r.code)
	}
	if r := do(t, client, "GET", url, "Authorization", basic("prometheus", "wrong")); r.code != http.StatusUnauthorized {
		t.Errorf("a wrong password: %d", r.code)
	}
	r := do(t, client, "GET", url, "Authorization", basic("prometheus", "scrape-password"))
	if r.code != 200 || value(parse(t, r.body), "unleash_tokens_audit_success") != 1 {
		t.Errorf("the right password: %d", r.code)
	}
	if r := do(t, client, "POST", url, "Authorization", basic("prometheus", "scrape-password")); r.code != http.StatusMethodNotAllowed {
		t.Errorf("POST with the right password: %d", r.code)
	}
	plain, err := http.Get(s.base + "/metrics")
	if err == nil {
		body, _ := io.ReadAll(plain.Body)
		plain.Body.Close()
		if strings.Contains(string(body), "unleash_token") {
			t.Error("plain HTTP got the metrics")
		}
	}

	for _, c := range []struct{ name, yaml string }{
		{"missing.yml", ""},
		{"bad.yml", "tls_server_config:\n  cert_file: nope.pem\n  key_file: nope.pem\n"},
		{"unknown.yml", "basic_auth: {}\n"},
		{"plain-password.yml", "basic_auth_users:\n  prometheus: scrape-password\n"},
	} {
		path := filepath.Join(dir, c.name)
		if c.yaml != "" {
			writeFile(t, path, []byte(c.yaml))
		}
		_, err := New(Options{Listen: "127.0.0.1:9810", WebConfigFile: path})
		if err == nil || !strings.Contains(err.Error(), "--web.config.file "+path) || strings.Contains(err.Error(), "scrape-password") {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}

func basic(user, pass string) string {
	req, _ := http.NewRequest("GET", "http://x", nil)
	req.SetBasicAuth(user, pass)
	return req.Header.Get("Authorization")
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// selfSigned is a certificate for 127.0.0.1 and its key, in PEM.
func selfSigned(t *testing.T) (cert, key []byte) {
	t.Helper()
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "unleash-tokens test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, IsCA: true, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &priv.PublicKey, priv)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER})
}
