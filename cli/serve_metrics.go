package cli

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/pflag"

	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/metrics"
)

const serveMetricsLong = `Audits on a schedule and serves the result at /metrics, as Prometheus text exposition
(OpenMetrics when the scraper asks for it; the same series as audit --format openmetrics),
for those who scrape rather than run cron. One audit runs at a time, never because of a
scrape: a scrape gets the last result at once. When an instance cannot be audited, its
last good tokens are still served, with unleash_tokens_audit_success 0, its failed sources
counted and their age in unleash_tokens_audit_timestamp_seconds.
/healthz answers 200 while it runs; /readyz 200 once the first audit has finished, 503 before.
Only GET and HEAD are answered, and only to a request whose Host is the --listen address
(with a loopback address also localhost; with :9810 every address of this machine) or an
--allowed-host. TLS and basic auth: --web.config.file, Prometheus' web configuration file.
Stop it with ctrl+c or SIGTERM.
`

// serveMetricsContext is what ends serve-metrics: ctrl+c or SIGTERM (a
// test ends it itself after one round).
var serveMetricsContext = signalServeMetricsContext

func signalServeMetricsContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// minAuditInterval keeps a schedule from hammering the servers.
const minAuditInterval = 30 * time.Second

// serveMetricsFlags are serve-metrics' own flags (the connection's and
// --demo are global); a new flag is a field here and a line in register.
type serveMetricsFlags struct {
	listen       string
	every        time.Duration
	allProfiles  bool
	allowedHosts []string
	webConfig    string
}

func (f *serveMetricsFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.listen, "listen", "127.0.0.1:9810", "address to serve /metrics on")
	fs.DurationVar(&f.every, "every", 5*time.Minute, "how often to audit, a duration such as 5m or 1h (at least 30s)")
	fs.BoolVar(&f.allProfiles, "all-profiles", false, "audit every profile of the config file (with --demo: the demo's two instances)")
	fs.StringArrayVar(&f.allowedHosts, "allowed-host", nil, "also answer requests for this Host name (repeat for more), e.g. the name Prometheus scrapes")
	fs.StringVar(&f.webConfig, "web.config.file", "", "Prometheus web configuration file (YAML) for TLS and basic auth")
}

func runServeMetrics(g *globals, f serveMetricsFlags, rest []string, stdout, stderr io.Writer) int {
	conn, demo := g.conn, g.demo
	listen, every, allProfiles := f.listen, f.every, f.allProfiles
	allowedHosts, webConfig := f.allowedHosts, f.webConfig
	if len(rest) > 0 {
		fmt.Fprintf(stderr, "unleash-tokens: unexpected argument %q: serve-metrics takes only flags\n", rest[0])
		return exitUsage
	}
	if every < minAuditInterval {
		fmt.Fprintf(stderr, "unleash-tokens: --every %s: give %s or longer (one audit at most every %s)\n", every, minAuditInterval, minAuditInterval)
		return exitUsage
	}
	if err := checkListen(listen); err != nil {
		fmt.Fprintln(stderr, "unleash-tokens:", err)
		return exitUsage
	}
	svc, err := metrics.New(metrics.Options{Listen: listen, AllowedHosts: allowedHosts, WebConfigFile: webConfig, Log: stderr})
	if err != nil {
		fmt.Fprintln(stderr, "unleash-tokens:", err)
		return exitUsage
	}
	run, code := metricsAuditor(&conn, allProfiles, demo, stderr)
	if run == nil {
		return code
	}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		fmt.Fprintln(stderr, "unleash-tokens: --listen:", err)
		return exitUsage
	}
	ctx, stop := serveMetricsContext()
	defer stop()
	scheme := "http"
	if webConfig != "" {
		scheme = "http(s)"
	}
	fmt.Fprintf(stderr, "unleash-tokens: serving %s://%s/metrics for Host %s, auditing every %s\n", scheme, ln.Addr(),
		strings.Join(svc.Hosts(), ", "), every)
	ticker := time.NewTicker(every)
	defer ticker.Stop()
	if err := svc.Run(ctx, ln, ticker.C, run); err != nil {
		fmt.Fprintln(stderr, "unleash-tokens:", err)
		return exitError
	}
	return exitOK
}

// checkListen refuses a --listen that is not a host and a port.
func checkListen(listen string) error {
	_, port, err := net.SplitHostPort(listen)
	if n, perr := strconv.Atoi(port); err != nil || perr != nil || n < 0 || n > 65535 {
		return fmt.Errorf("--listen %q: give a host and a port such as 127.0.0.1:9810 (or :9810 for every address)", listen)
	}
	return nil
}

// metricsAuditor is what one round audits: every profile, or the one server
// the connection flags name (resolved once, its token_command run each
// round).
func metricsAuditor(conn *connection, allProfiles, demo bool, stderr io.Writer) (metrics.Auditor, int) {
	if allProfiles {
		profiles, open, code := profilesToAudit(conn, demo, stderr)
		if open == nil {
			return nil, code
		}
		return func(ctx context.Context) []audit.Instance {
			return auditProfiles(ctx, open, profiles, newProgress(io.Discard, false, 0), io.Discard)
		}, exitOK
	}
	if demo {
		t, code := auditTarget(conn, true, stderr)
		if t.client == nil {
			return nil, code
		}
		return func(ctx context.Context) []audit.Instance {
			started := time.Now()
			r := audit.Run(ctx, t.client, audit.Options{Now: time.Now(), Thresholds: t.thresholds, Checks: t.checks})
			return []audit.Instance{{Name: "demo", URL: t.url, Report: r, Duration: time.Since(started)}}
		}, exitOK
	}
	client, resolved, code := conn.client(stderr)
	if client == nil {
		return nil, code
	}
	return func(ctx context.Context) []audit.Instance {
		started := time.Now()
		r := audit.Run(ctx, client, audit.Options{Now: time.Now(), Thresholds: resolved.Thresholds, Checks: resolved.Checks})
		return []audit.Instance{{Name: resolved.Profile, URL: client.BaseURL(), Report: r, Duration: time.Since(started)}}
	}, exitOK
}
