package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/pflag"

	"github.com/unleash-tokens/unleash-tokens/audit"
)

const serveMetricsLong = `Audits on a schedule and serves the result at /metrics, as Prometheus text exposition
(the same as audit --format openmetrics), for those who scrape rather than run cron.
One audit runs at a time, never because of a scrape: a scrape gets the last result at
once. When an instance cannot be audited, its last good result is still served, with
unleash_tokens_audit_success 0 and its age in unleash_tokens_audit_timestamp_seconds.
Stop it with ctrl+c or SIGTERM.
`

// minAuditInterval keeps a schedule from hammering the servers.
const minAuditInterval = 30 * time.Second

// serveMetricsFlags are serve-metrics' own flags (the connection's and
// --demo are global); a new flag is a field here and a line in register.
type serveMetricsFlags struct {
	listen      string
	every       time.Duration
	allProfiles bool
}

func (f *serveMetricsFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.listen, "listen", "127.0.0.1:9810", "address to serve /metrics on")
	fs.DurationVar(&f.every, "every", 5*time.Minute, "how often to audit, a duration such as 5m or 1h (at least 30s)")
	fs.BoolVar(&f.allProfiles, "all-profiles", false, "audit every profile of the config file (with --demo: the demo's two instances)")
}

func runServeMetrics(g *globals, f serveMetricsFlags, rest []string, stdout, stderr io.Writer) int {
	conn, demo := g.conn, g.demo
	listen, every, allProfiles := f.listen, f.every, f.allProfiles
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
	fmt.Fprintf(stderr, "unleash-tokens: serving http://%s/metrics, auditing every %s\n", ln.Addr(), every)
	ticker := time.NewTicker(every)
	defer ticker.Stop()
	if err := serveMetrics(ctx, ln, ticker.C, run, stderr, nil); err != nil {
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

// auditor audits what serve-metrics watches, once.
type auditor func(ctx context.Context) []audit.Instance

// metricsAuditor is what one round audits: every profile, or the one server
// the connection flags name (resolved once, its token_command run each
// round).
func metricsAuditor(conn *connection, allProfiles, demo bool, stderr io.Writer) (auditor, int) {
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

// metricsState is what /metrics serves: the exposition of the last round,
// in which an instance that failed carries its last good report.
type metricsState struct {
	mu       sync.Mutex
	body     []byte
	lastGood map[string]*audit.Report // by instance label
}

// round runs one audit and keeps its result; an instance that could not be
// audited keeps its last good report, marked as failing now.
func (s *metricsState) round(ctx context.Context, run auditor, stderr io.Writer) {
	started := time.Now()
	ins := run(ctx)
	if ctx.Err() != nil {
		return // stopping: a cancelled audit is no result
	}
	var words []string
	for i := range ins {
		in := &ins[i]
		label := in.Label()
		switch {
		case !in.Failed():
			s.lastGood[label] = in.Report
			if in.Complete() {
				words = append(words, label+" ok")
			} else {
				words = append(words, fmt.Sprintf("%s incomplete (%d sources failed)", label, len(in.Report.Failed())))
			}
		default:
			problem := in.Problem()
			words = append(words, label+" failed: "+problem)
			in.Err = errors.New(problem)
			in.Report = s.lastGood[label] // nil when it never succeeded
		}
	}
	var b bytes.Buffer
	if err := audit.WriteOpenMetrics(&b, ins, audit.Output{Now: time.Now()}); err != nil {
		fmt.Fprintln(stderr, "unleash-tokens: writing the metrics:", err)
		return
	}
	s.mu.Lock()
	s.body = b.Bytes()
	s.mu.Unlock()
	fmt.Fprintf(stderr, "unleash-tokens: %s audited in %s: %s\n", time.Now().UTC().Format(time.RFC3339),
		time.Since(started).Round(time.Millisecond), strings.Join(words, "; "))
}

func (s *metricsState) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/metrics":
	case "/":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "unleash-tokens: the metrics are at /metrics")
		return
	default:
		http.NotFound(w, r)
		return
	}
	s.mu.Lock()
	body := s.body
	s.mu.Unlock()
	if body == nil {
		http.Error(w, "no audit has finished yet", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	_, _ = w.Write(body)
}

// serveMetrics audits at once and then at each tick, one round at a time,
// and serves the last result on ln until ctx ends. roundDone, when not nil,
// hears of each finished round (tests wait on it).
func serveMetrics(ctx context.Context, ln net.Listener, tick <-chan time.Time, run auditor, stderr io.Writer, roundDone chan<- struct{}) error {
	state := &metricsState{lastGood: map[string]*audit.Report{}}
	srv := &http.Server{Handler: state, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 30 * time.Second, IdleTimeout: time.Minute, MaxHeaderBytes: 16 << 10}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	go func() {
		for {
			state.round(ctx, run, stderr)
			if roundDone != nil && ctx.Err() == nil {
				roundDone <- struct{}{}
			}
			select {
			case <-ctx.Done():
				return
			case <-tick:
			}
		}
	}()
	select {
	case <-ctx.Done():
	case err := <-served:
		return err
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(shutdown)
}
