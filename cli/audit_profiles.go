package cli

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/config"
)

// instancesAtOnce is how many instances --all-profiles audits at the same
// time (each with its own bound on requests in flight).
const instancesAtOnce = 4

// runAuditAllProfiles audits every profile of the config file (with demo,
// the demo's instances) and writes one report. An instance that cannot be
// audited (its token does not resolve, its server does not answer) is
// named, on stderr and in the report, and hides none of the others.
func runAuditAllProfiles(conn *connection, demo bool, format string, all bool, stdout, stderr io.Writer) int {
	profiles, open, code := profilesToAudit(conn, demo, stderr)
	if open == nil {
		return code
	}
	var err error
	ctx, stop := interruptible()
	defer stop()
	ins := auditProfiles(ctx, open, profiles, startProgress(stderr), stderr)

	out := audit.Output{All: all, Now: clock()}
	if format != "openmetrics" && audit.NothingReadOf(ins) {
		// Nothing was read: no table, JSON or CSV that could pass for
		// "nothing found" (nor thresholds no instance was audited with).
		// stderr names why each instance could not be audited.
		return finishAudit(ins, nil, stderr)
	}
	switch format {
	case "json":
		err = audit.WriteJSONAll(stdout, ins, out)
	case "csv":
		err = audit.WriteCSVAll(stdout, ins, out)
	case "openmetrics":
		err = audit.WriteOpenMetrics(stdout, ins, out)
	default:
		err = audit.WriteTableAll(stdout, ins, out)
	}
	return finishAudit(ins, err, stderr)
}

// profilesToAudit are the instances --all-profiles audits, and how to open
// each: the config file's profiles, or with demo the demo's instances (the
// terminal UI's P lists the same). On a mistake it has said why on stderr.
func profilesToAudit(conn *connection, demo bool, stderr io.Writer) ([]config.ProfileInfo, instanceOpener, int) {
	if demo {
		th, ok := conn.demoThresholds(stderr)
		if !ok {
			return nil, nil, exitUsage
		}
		return demoProfiles(), demoInstances(th), exitOK
	}
	if conn.flags.URL != "" || conn.flags.TokenFile != "" || conn.flags.Profile != "" {
		fmt.Fprintln(stderr, "unleash-tokens: --all-profiles audits every profile of the config file: leave out --url, --token-file and --profile")
		return nil, nil, exitUsage
	}
	profiles, path, err := conn.profiles()
	if err != nil {
		fmt.Fprintln(stderr, "unleash-tokens:", err)
		return nil, nil, exitUsage
	}
	if len(profiles) == 0 {
		where := path
		if where == "" {
			where = "no config file (looked for " + defaultConfigPath() + ")"
		}
		fmt.Fprintf(stderr, "unleash-tokens: --all-profiles: %s has no profiles\n", where)
		return nil, nil, exitUsage
	}
	return profiles, conn.openWithWarnings, exitOK
}

// auditProfiles audits the profiles, a few at a time, in the given order.
func auditProfiles(ctx context.Context, open instanceOpener, profiles []config.ProfileInfo, p *progress, stderr io.Writer) []audit.Instance {
	ins := make([]audit.Instance, len(profiles))
	done, total := make([]int, len(profiles)), make([]int, len(profiles))
	var mu sync.Mutex
	warnings := make([][]string, len(profiles))
	sem := make(chan struct{}, instancesAtOnce)
	var wg sync.WaitGroup
	for i, prof := range profiles {
		ins[i] = audit.Instance{Name: prof.Name, URL: prof.URL}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			in, ws, err := open(ctx, prof.Name)
			warnings[i] = ws
			if err != nil {
				ins[i].Err = err
				return
			}
			ins[i].URL = in.URL
			started := time.Now()
			ins[i].Report = audit.Run(ctx, in.Client, audit.Options{Now: clock(), Thresholds: in.Thresholds, Checks: in.Checks,
				Progress: func(d, t int) {
					mu.Lock()
					defer mu.Unlock()
					done[i], total[i] = d, t
					p.update(sum(done), sum(total))
				}})
			ins[i].Duration = time.Since(started)
		}()
	}
	wg.Wait()
	p.stop()
	seen := map[string]bool{}
	for _, ws := range warnings {
		for _, w := range ws {
			if !seen[w] { // one config file: its warning once
				seen[w] = true
				fmt.Fprintln(stderr, "unleash-tokens: warning:", w)
			}
		}
	}
	return ins
}

func sum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}

// finishAudit says on stderr which instances could not be audited, or only
// in part, and gives the exit code: 2 when any could not be (or the report
// could not be written), else 1 with findings, else 0.
func finishAudit(ins []audit.Instance, writeErr error, stderr io.Writer) int {
	if writeErr != nil {
		fmt.Fprintln(stderr, "unleash-tokens: writing the report:", writeErr)
		return exitAuditFailed
	}
	code := exitOK
	for i := range ins {
		in := &ins[i]
		prefix := ""
		if len(ins) > 1 || in.Name != "" {
			prefix = in.Label() + ": "
		}
		switch {
		case in.Err != nil:
			text := api.Clean(in.Err.Error())
			if e, ok := api.AsError(in.Err); ok && e.Hint() != "" {
				text += " " + e.Hint()
			}
			fmt.Fprintf(stderr, "unleash-tokens: %scould not audit: %s\n", prefix, text)
			code = exitAuditFailed
		case in.Report == nil:
			code = exitAuditFailed
		case in.Report.NothingRead():
			sayCouldNotAudit(stderr, prefix, in.Report.Failed())
			code = exitAuditFailed
		case len(in.Report.Failed()) > 0:
			sayIncomplete(stderr, prefix, in.Report.Failed(), len(in.Report.Sources))
			code = exitAuditFailed
		case in.Report.Findings() > 0 && code == exitOK:
			code = exitFindings
		}
	}
	return code
}

// sayCouldNotAudit names why no source could be read.
func sayCouldNotAudit(stderr io.Writer, prefix string, failed []audit.Source) {
	if reason := commonReason(failed); reason != "" {
		fmt.Fprintf(stderr, "unleash-tokens: %scould not audit: %s\n", prefix, reason)
		return
	}
	fmt.Fprintf(stderr, "unleash-tokens: %scould not audit:\n", prefix)
	printFailures(stderr, failed)
}

// sayIncomplete names the sources that could not be read.
func sayIncomplete(stderr io.Writer, prefix string, failed []audit.Source, total int) {
	fmt.Fprintf(stderr, "unleash-tokens: %sthe audit is incomplete: %d of %d sources could not be read:\n", prefix, len(failed), total)
	printFailures(stderr, failed)
}
