package metrics

import (
	"bytes"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/inmem"
)

// lockedBuffer is a log written by the server's goroutines and read by the test.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestServeMetricsErrorLogLine: what net/http logs (a plain HTTP request to
// the TLS port) is one line with the app's prefix once, as
// "unleash-tokens: http: TLS handshake error …" (was "http: http: ").
func TestServeMetricsErrorLogLine(t *testing.T) {
	dir := t.TempDir()
	certPEM, keyPEM := selfSigned(t)
	writeFile(t, filepath.Join(dir, "cert.pem"), certPEM)
	writeFile(t, filepath.Join(dir, "key.pem"), keyPEM)
	config := filepath.Join(dir, "web.yml")
	writeFile(t, config, []byte("tls_server_config:\n  cert_file: cert.pem\n  key_file: key.pem\n"))
	var logged lockedBuffer
	s := start(t, Options{WebConfigFile: config, Log: &logged}, inmemAuditor(t, inmem.New(), nil))
	<-s.rounds
	if r, err := http.Get(s.base + "/metrics"); err == nil {
		r.Body.Close()
	}
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(logged.String(), "TLS handshake error") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	got := logged.String()
	if !strings.Contains(got, "unleash-tokens: http: TLS handshake error") || strings.Contains(got, "http: http:") {
		t.Fatalf("log:\n%s", got)
	}
}
