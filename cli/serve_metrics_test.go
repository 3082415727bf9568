package cli

import (
	"path/filepath"
	"testing"

	"github.com/unleash-tokens/unleash-tokens/inmem"
)

// The daemon itself (schedule, last good, methods, Host allow-list, health,
// content negotiation, TLS and basic auth, soak) is tested in metrics/.

func TestServeMetricsUsage(t *testing.T) {
	useServer(t, "http://127.0.0.1:1", inmem.AdminPAT)
	runCommand("serve-metrics", "--every", "5s").expect(t, exitUsage, "--every 5s: give 30s or longer (one audit at most every 30s)")
	runCommand("serve-metrics", "now").expect(t, exitUsage, `unexpected argument "now"`)
	runCommand("serve-metrics", "--listen", "256.0.0.1:99999").expect(t, exitUsage, `--listen "256.0.0.1:99999": give a host and a port`)
	runCommand("serve-metrics", "--allowed-host", "http://evil.example").expect(t, exitUsage,
		`--allowed-host "http://evil.example": give a host name or address such as prometheus.example.com`)
	missing := filepath.Join(t.TempDir(), "web.yml")
	runCommand("serve-metrics", "--web.config.file", missing).expect(t, exitUsage, "--web.config.file "+missing+": open "+missing+": no such file or directory")
}
