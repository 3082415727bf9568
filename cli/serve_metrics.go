package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/metrics"
)

const serveMetricsUsage = `Usage:
  unleash-tokens serve-metrics [--listen 127.0.0.1:9810] [--every 5m] [--all-profiles] [--demo]
                               [--allowed-host NAME]... [--web.config.file FILE] [flags]

Audits on a schedule and serves the result at /metrics, as Prometheus text exposition
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

// minAuditInterval keeps a schedule from hammering the servers.
const minAuditInterval = 30 * time.Second

func runServeMetrics(args []string, stdout, stderr io.Writer) int {
	var conn connection
	var listen string
	var every time.Duration
	var allProfiles, demo bool
	var allowedHosts []string
	var webConfig string
	fs := flag.NewFlagSet("unleash-tokens serve-metrics", flag.ContinueOnError)
	fs.SetOutput(stderr)
	conn.register(fs)
	fs.StringVar(&listen, "listen", "127.0.0.1:9810", "address to serve /metrics on")
	fs.DurationVar(&every, "every", 5*time.Minute, "how often to audit, a duration such as 5m or 1h (at least 30s)")
	fs.BoolVar(&allProfiles, "all-profiles", false, "audit every profile of the config file (with --demo: the demo's two instances)")
	fs.BoolVar(&demo, "demo", false, "audit the built-in demo data instead of a server")
	fs.Func("allowed-host", "also answer requests for this Host name (repeat for more), e.g. the name Prometheus scrapes", func(s string) error {
		allowedHosts = append(allowedHosts, s)
		return nil
	})
	fs.StringVar(&webConfig, "web.config.file", "", "Prometheus web configuration file (YAML) for TLS and basic auth")
	fs.Usage = usageWithFlags(stdout, serveMetricsUsage, fs)
	rest, err := parseInterleaved(fs, args)
	if err != nil {
		return usageCode(err)
	}
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
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
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
