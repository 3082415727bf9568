package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strings"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/spf13/pflag"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/bulk"
	"github.com/unleash-tokens/unleash-tokens/status"
	"github.com/unleash-tokens/unleash-tokens/tokenref"
)

const pruneLong = `Deletes the API tokens that the audit finds expired: Unleash never removes them itself, so
they pile up. Without --yes it is a dry run that lists what it would delete. With --yes each
delete is sent once (never retried), 8 at a time; then the lists are re-read, since Unleash
answers OK even when it deleted nothing, and each token is reported deleted, failed (and
why), unknown, or not sent (after a failure every other delete would meet too, such as a
refused token, the rest are not sent). --expired-for 30d leaves tokens that expired less
than 30 days ago (like every length of time, it is more than zero); --name 'ci-*' only takes
tokens so named. PATs and service-account tokens are never touched.

What it did goes to standard output (table, json or csv); progress and the summary to
standard error. No secret is printed.
Exit codes: 0 done, or nothing to do, or a dry run; 1 a delete did not happen; 2 bad usage or
configuration, or the audit could not run or could read only some lists (what it read is
reported, marked INCOMPLETE).
`

// pruneFlags are prune's own flags (the connection's and --demo are global).
type pruneFlags struct {
	format, expiredFor, namePattern string
	yes                             bool
}

func (f *pruneFlags) register(fs *pflag.FlagSet) {
	fs.BoolVar(&f.yes, "yes", false, "delete; without it, only say what would be deleted")
	fs.StringVar(&f.expiredFor, "expired-for", "", "only tokens expired at least this long ago: "+status.SpanExamples+", more than zero (left out: every expired token)")
	fs.StringVar(&f.namePattern, "name", "", "only tokens whose name matches this pattern: * and ? as in the shell, e.g. 'ci-*'")
	fs.StringVar(&f.format, "format", "table", "table, json or csv")
}

func runPrune(g *globals, f pruneFlags, rest []string, stdout, stderr io.Writer) int {
	conn, demo := g.conn, g.demo
	format, expiredFor, namePattern, yes := f.format, f.expiredFor, f.namePattern, f.yes
	var err error
	if len(rest) > 0 {
		fmt.Fprintf(stderr, "unleash-tokens: unexpected argument %q: prune takes only flags\n", rest[0])
		return exitUsage
	}
	write, ok := pruneWriters[format]
	if !ok {
		fmt.Fprintf(stderr, "unleash-tokens: --format %q: use table, json or csv\n", format)
		return exitUsage
	}
	if _, err := path.Match(namePattern, ""); err != nil {
		fmt.Fprintf(stderr, "unleash-tokens: --name %q is not a pattern: %v\n", namePattern, err)
		return exitUsage
	}
	var minAge time.Duration
	if expiredFor != "" {
		if minAge, err = status.ParseSpan(expiredFor); err != nil {
			if errors.Is(err, status.ErrZeroSpan) {
				err = fmt.Errorf("%w (leave --expired-for out to take every expired token)", err)
			}
			fmt.Fprintln(stderr, "unleash-tokens: --expired-for:", err)
			return exitUsage
		}
	}
	who, code := auditTarget(&conn, demo, stderr)
	if who.client == nil {
		return code
	}
	client, url, th := who.client, who.url, who.thresholds
	ctx, stop := interruptible()
	defer stop()
	now := clock()
	progress := startProgress(stderr)
	report := audit.Run(ctx, client, audit.Options{Now: now, Thresholds: th, Progress: progress.update})
	progress.stop()
	failed := apiTokenSources(report.Failed())
	if len(failed) > 0 && tokenListsRead(apiTokenSources(report.Sources)) == 0 {
		fmt.Fprintln(stderr, "unleash-tokens: could not audit, so nothing was deleted:")
		printFailures(stderr, failed)
		return exitAuditFailed
	}

	p := &pruneReport{URL: url, Now: now, DryRun: !yes, ExpiredFor: minAge, Name: namePattern, Sources: apiTokenSources(report.Sources)}
	var rows []audit.Token
	for _, t := range report.Tokens {
		if t.Kind != audit.KindAPIToken || !t.Categories.Has(status.Expired) || t.ExpiresAt.After(now.Add(-minAge)) {
			continue
		}
		if matched, _ := path.Match(namePattern, t.RawName()); namePattern == "" || matched {
			rows = append(rows, t)
		}
	}
	found := tokenref.FromAudit(ctx, client, rows)
	var toks []tokenref.Token
	for i, f := range found {
		row := pruneRow{Token: rows[i], Result: "would delete"}
		if !f.OK {
			row.Result, row.Reason = "skipped", f.Reason
			if f.Gone {
				row.Result = "gone"
			}
		} else {
			toks = append(toks, f.Token)
		}
		p.Rows = append(p.Rows, row)
	}
	if yes && len(toks) > 0 {
		p.deleteAll(ctx, client, toks, found, stderr)
	}
	if err := write(stdout, p); err != nil {
		fmt.Fprintln(stderr, "unleash-tokens: writing the report:", err)
		return exitError
	}
	fmt.Fprintln(stderr, p.summary())
	if len(failed) > 0 { // as audit says it: what was read is reported, marked, and the exit code is 2
		fmt.Fprintf(stderr, "unleash-tokens: the prune is incomplete: %d of %d lists of API tokens could not be read, so expired tokens in them were not seen:\n", len(failed), len(p.Sources))
		printFailures(stderr, failed)
		return exitAuditFailed
	}
	if p.count("deleted")+p.count("gone")+p.count("would delete") < len(p.Rows) {
		return exitError
	}
	return exitOK
}

// deleteAll deletes the found tokens and records each outcome on its row.
func (p *pruneReport) deleteAll(ctx context.Context, c *api.Client, toks []tokenref.Token, found []tokenref.Found, stderr io.Writer) {
	f, isFile := stderr.(*os.File)
	progress := newProgressAs(stderr, isFile && isatty.IsTerminal(f.Fd()), time.Second, "deleting… %d of %d tokens")
	rep := bulk.Run(ctx, c, toks, bulk.Delete(), bulk.Options{Progress: progress.update})
	progress.stop()
	byKey := make(map[string]bulk.Result, len(rep.Results))
	for _, r := range rep.Results {
		byKey[r.Token.Key()] = r
	}
	for i := range p.Rows {
		if !found[i].OK {
			continue
		}
		r := byKey[found[i].Token.Key()]
		p.Rows[i].Result = map[bulk.Outcome]string{bulk.Done: "deleted", bulk.Failed: "failed", bulk.Unknown: "unknown", bulk.Untouched: "not sent"}[r.Outcome]
		p.Rows[i].Reason = r.Reason
	}
	p.Stopped = rep.Stopped
}

// tokenListsRead is how many of the sources that hold tokens themselves
// were read (the list of projects only says where tokens live).
func tokenListsRead(sources []audit.Source) int {
	n := 0
	for _, s := range sources {
		if s.Err == nil && s.Skipped == "" && !s.Index {
			n++
		}
	}
	return n
}

// apiTokenSources are the audit's sources that list API tokens: prune
// neither needs nor reports the others (PATs, service accounts).
func apiTokenSources(sources []audit.Source) []audit.Source {
	var out []audit.Source
	for _, s := range sources {
		if s.Name == "API tokens" || s.Name == "projects" || strings.HasPrefix(s.Name, "project ") {
			out = append(out, s)
		}
	}
	return out
}
