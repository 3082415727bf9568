package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/spf13/pflag"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/status"
)

const auditLong = `Reads every token the token's user can see (their PATs, every service account's tokens,
every project's tokens, all API tokens) and reports those that are expired, expire within
--within and are past half their lifetime (Unleash's own rule for its expiry warnings; a
server's expiryWarning counts too), or have not been used for --stale (tokens never used
count once they are that old), and those at risk: orphaned (made for projects since
deleted, now reaching every project), backend tokens for all projects, never expiring in a
production environment, stored in clear (v1) on a server that makes v2 tokens, duplicates.
The config file's "risks" turns checks off. --all lists every token. Secrets are never
printed. --format openmetrics prints Prometheus text exposition, for node_exporter's
textfile collector. --all-profiles audits every profile of the config file in one report
(with --demo, the demo's two instances: demo and demo-open-source).

Exit codes: 0 nothing found, 1 findings, 2 could not audit (or only in part: a source or an
instance that failed is named on stderr, and what could be read is still reported).
`

// auditFlags are audit's own flags (the connection's and --demo are global).
type auditFlags struct {
	format           string
	all, allProfiles bool
}

func (f *auditFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.format, "format", "table", "table, json, csv or openmetrics")
	fs.BoolVar(&f.allProfiles, "all-profiles", false, "audit every profile of the config file (with --demo: the demo's two instances), in one report with an instance column")
	fs.BoolVar(&f.all, "all", false, "list every token, not only the findings")
}

func runAudit(g *globals, f auditFlags, rest []string, stdout, stderr io.Writer) int {
	conn, demo := g.conn, g.demo
	format, all, allProfiles := f.format, f.all, f.allProfiles
	var err error
	if len(rest) > 0 {
		fmt.Fprintf(stderr, "unleash-tokens: unexpected argument %q: audit takes only flags\n", rest[0])
		return exitUsage
	}
	switch format {
	case "table", "json", "csv", "openmetrics":
	default:
		fmt.Fprintf(stderr, "unleash-tokens: --format %q: use table, json, csv or openmetrics\n", format)
		return exitUsage
	}
	if allProfiles {
		return runAuditAllProfiles(&conn, demo, format, all, stdout, stderr)
	}
	who, code := auditTarget(&conn, demo, stderr)
	if who.client == nil {
		return code
	}
	ctx, stop := interruptible()
	defer stop()
	progress := startProgress(stderr)
	started := time.Now()
	report := audit.Run(ctx, who.client, audit.Options{Now: clock(), Thresholds: who.thresholds, Progress: progress.update, Checks: who.checks})
	progress.stop()
	url := who.url
	if format == "openmetrics" { // the metrics say how the audit went, even when it failed
		in := audit.Instance{Name: who.profile, URL: url, Report: report, Duration: time.Since(started)}
		return finishAudit([]audit.Instance{in}, audit.WriteOpenMetrics(stdout, []audit.Instance{in}, audit.Output{Name: who.profile, URL: url, All: all}), stderr)
	}

	failed := report.Failed()
	if report.NothingRead() { // every list failed, or was skipped: no verdict to give
		sayCouldNotAudit(stderr, "", failed)
		return exitAuditFailed
	}
	out := audit.Output{Name: who.profile, URL: url, All: all}
	switch format {
	case "json":
		err = audit.WriteJSON(stdout, report, out)
	case "csv":
		err = audit.WriteCSV(stdout, report, out)
	default:
		err = audit.WriteTable(stdout, report, out)
	}
	if err != nil {
		fmt.Fprintln(stderr, "unleash-tokens: writing the report:", err)
		return exitAuditFailed
	}
	if len(failed) > 0 {
		sayIncomplete(stderr, "", failed, len(report.Sources))
		return exitAuditFailed
	}
	if report.Findings() > 0 {
		return exitFindings
	}
	return exitOK
}

// auditee is the server to audit and how.
type auditee struct {
	client     *api.Client
	url        string
	profile    string
	thresholds status.Thresholds
	checks     audit.Checks
}

// label names the instance as the audit's outputs do: its profile's name,
// or its URL without one.
func (a auditee) label() string {
	in := audit.Instance{Name: a.profile, URL: a.url}
	return in.Label()
}

// auditTarget is the server to audit, the thresholds and the checks to use.
func auditTarget(conn *connection, demo bool, stderr io.Writer) (auditee, int) {
	if demo {
		th, ok := conn.demoThresholds(stderr)
		if !ok {
			return auditee{}, exitUsage
		}
		return auditee{client: demoClient(0), url: demoURL, thresholds: th, checks: audit.AllChecks}, exitOK
	}
	client, resolved, code := conn.client(stderr)
	if client == nil {
		return auditee{}, code
	}
	return auditee{client: client, url: client.BaseURL(), profile: resolved.Profile, thresholds: resolved.Thresholds, checks: resolved.Checks}, exitOK
}

// Audit exit codes; 0 is exitOK.
const (
	exitFindings    = 1
	exitAuditFailed = 2
)

func printFailures(w io.Writer, failed []audit.Source) {
	for _, s := range failed {
		text := api.Clean(s.Err.Error())
		if e, ok := api.AsError(s.Err); ok && e.Hint() != "" {
			text = strings.TrimSuffix(text, ".") + ". " + e.Hint()
		}
		fmt.Fprintf(w, "  %s: %s\n", s.Name, text)
	}
}

// commonReason is the one reason every source failed for (a wrong URL or
// token), or "" when they failed for different reasons.
func commonReason(failed []audit.Source) string {
	var reason string
	for i, s := range failed {
		e, ok := api.AsError(s.Err)
		if !ok {
			return ""
		}
		text := api.Clean(e.Message)
		if e.Status != 0 {
			text += fmt.Sprintf(" (HTTP %d)", e.Status)
		}
		if e.Hint() != "" {
			text += "\n" + e.Hint()
		}
		if i > 0 && text != reason {
			return ""
		}
		reason = text
	}
	return reason
}

// progress prints "auditing… 35 of 210 requests" on stderr when the audit
// takes more than a second and stderr is a terminal.
type progress struct {
	done, total atomic.Int64
	quit        chan struct{}
	finished    chan struct{}
	out         io.Writer
	format      string // with the done and total counts
}

func startProgress(stderr io.Writer) *progress {
	f, ok := stderr.(*os.File)
	return newProgress(stderr, ok && isatty.IsTerminal(f.Fd()), time.Second)
}

// newProgress shows progress on out after delay, when out is a terminal.
func newProgress(out io.Writer, terminal bool, delay time.Duration) *progress {
	return newProgressAs(out, terminal, delay, "auditing… %d of %d requests")
}

// newProgressAs is newProgress with its own words for the counts.
func newProgressAs(out io.Writer, terminal bool, delay time.Duration, format string) *progress {
	p := &progress{quit: make(chan struct{}), finished: make(chan struct{}), out: out, format: format}
	if !terminal {
		close(p.finished)
		return p
	}
	go func() {
		defer close(p.finished)
		select {
		case <-time.After(delay):
		case <-p.quit:
			return
		}
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			fmt.Fprintf(p.out, "\r\x1b[2K"+p.format, p.done.Load(), p.total.Load())
			select {
			case <-tick.C:
			case <-p.quit:
				fmt.Fprint(p.out, "\r\x1b[2K")
				return
			}
		}
	}()
	return p
}

func (p *progress) update(done, total int) {
	p.done.Store(int64(done))
	p.total.Store(int64(total))
}

func (p *progress) stop() {
	select {
	case <-p.finished:
	default:
		close(p.quit)
		<-p.finished
	}
}
