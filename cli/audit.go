package cli

import (
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/mattn/go-isatty"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/config"
	"github.com/unleash-tokens/unleash-tokens/status"
)

const auditUsage = `Usage:
  unleash-tokens audit [--within 30d] [--stale 90d] [--format table|json|csv] [--all]

Reads every token the token's user can see (their PATs, every service account's tokens,
every project's tokens, all API tokens) and reports those that are expired, expire within
--within, or have not been used for --stale (tokens never used count once they are that
old). --all lists every token. Secrets are never printed.

Exit codes: 0 nothing found, 1 findings, 2 could not audit (or only in part: a source that
failed is named on stderr, and what could be read is still reported).

Flags:
`

func runAudit(args []string, stdout, stderr io.Writer) int {
	var conn connection
	var format string
	var all, demo bool
	fs := flag.NewFlagSet("unleash-tokens audit", flag.ContinueOnError)
	fs.SetOutput(stderr)
	conn.register(fs)
	fs.StringVar(&format, "format", "table", "table, json or csv")
	fs.BoolVar(&all, "all", false, "list every token, not only the findings")
	fs.BoolVar(&demo, "demo", false, "audit the built-in demo data instead of a server")
	fs.Usage = func() {
		fmt.Fprint(stderr, auditUsage)
		fs.PrintDefaults()
	}
	rest, err := parseInterleaved(fs, args)
	if err != nil {
		return usageCode(err)
	}
	if len(rest) > 0 {
		fmt.Fprintf(stderr, "unleash-tokens: unexpected argument %q: audit takes only flags\n", rest[0])
		return exitUsage
	}
	switch format {
	case "table", "json", "csv":
	default:
		fmt.Fprintf(stderr, "unleash-tokens: --format %q: use table, json or csv\n", format)
		return exitUsage
	}
	client, url, th, code := auditTarget(&conn, demo, stderr)
	if client == nil {
		return code
	}
	ctx, stop := interruptible()
	defer stop()
	progress := startProgress(stderr)
	report := audit.Run(ctx, client, audit.Options{Now: clock(), Thresholds: th, Progress: progress.update})
	progress.stop()

	failed := report.Failed()
	if len(failed) == len(report.Sources) {
		if reason := commonReason(failed); reason != "" {
			fmt.Fprintln(stderr, "unleash-tokens: could not audit:", reason)
		} else {
			fmt.Fprintln(stderr, "unleash-tokens: could not audit:")
			printFailures(stderr, failed)
		}
		return exitAuditFailed
	}
	tokens := report.Tokens
	if !all {
		tokens = nil
		for _, t := range report.Tokens {
			if t.Categories.Finding() {
				tokens = append(tokens, t)
			}
		}
	}
	switch format {
	case "json":
		err = writeAuditJSON(stdout, report, tokens, url)
	case "csv":
		err = writeAuditCSV(stdout, tokens)
	default:
		err = writeAuditTable(stdout, report, tokens, url, all)
	}
	if err != nil {
		fmt.Fprintln(stderr, "unleash-tokens: writing the report:", err)
		return exitAuditFailed
	}
	if len(failed) > 0 {
		fmt.Fprintf(stderr, "unleash-tokens: the audit is incomplete: %d of %d sources could not be read:\n", len(failed), len(report.Sources))
		printFailures(stderr, failed)
		return exitAuditFailed
	}
	if report.Findings() > 0 {
		return exitFindings
	}
	return exitOK
}

// auditTarget is the server to audit and the thresholds to use.
func auditTarget(conn *connection, demo bool, stderr io.Writer) (*api.Client, string, status.Thresholds, int) {
	if demo {
		th, err := config.ResolveThresholds(conn.flags.Thresholds, config.Thresholds{}, "")
		if err != nil {
			fmt.Fprintln(stderr, "unleash-tokens:", err)
			return nil, "", th, exitUsage
		}
		return demoClient(0), demoURL, th, exitOK
	}
	client, resolved, code := conn.client(stderr)
	if client == nil {
		return nil, "", resolved.Thresholds, code
	}
	return client, client.BaseURL(), resolved.Thresholds, exitOK
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
			text += " " + e.Hint()
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
}

func startProgress(stderr io.Writer) *progress {
	f, ok := stderr.(*os.File)
	return newProgress(stderr, ok && isatty.IsTerminal(f.Fd()), time.Second)
}

// newProgress shows progress on out after delay, when out is a terminal.
func newProgress(out io.Writer, terminal bool, delay time.Duration) *progress {
	p := &progress{quit: make(chan struct{}), finished: make(chan struct{}), out: out}
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
			fmt.Fprintf(p.out, "\r\x1b[2Kauditing… %d of %d requests", p.done.Load(), p.total.Load())
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

// auditJSON is the JSON report. Field names are stable: scripts read them.
type auditJSON struct {
	URL         string            `json:"url"`
	GeneratedAt time.Time         `json:"generated_at"`
	Thresholds  map[string]string `json:"thresholds"`
	Summary     map[string]int    `json:"summary"`
	Sources     []sourceJSON      `json:"sources"`
	Tokens      []tokenJSON       `json:"tokens"`
}

type sourceJSON struct {
	Source  string `json:"source"`
	Tokens  int    `json:"tokens"`
	Error   string `json:"error,omitempty"`
	Skipped string `json:"skipped,omitempty"`
}

type tokenJSON struct {
	Kind        audit.Kind `json:"kind"`
	ID          int        `json:"id,omitempty"`
	Name        string     `json:"name"`
	Where       string     `json:"where"`
	Owner       string     `json:"owner,omitempty"`
	Type        string     `json:"type,omitempty"`
	Environment string     `json:"environment,omitempty"`
	Projects    []string   `json:"projects,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	ExpiresAt   *time.Time `json:"expires_at"`
	SeenAt      *time.Time `json:"seen_at"`
	Categories  []string   `json:"categories"`
	Finding     bool       `json:"finding"`
}

func writeAuditJSON(w io.Writer, r *audit.Report, tokens []audit.Token, url string) error {
	out := auditJSON{URL: url, GeneratedAt: r.Now.UTC().Truncate(time.Second), Thresholds: map[string]string{
		"soon": status.Days(r.Thresholds.Soon), "within": status.Days(r.Thresholds.Month), "stale": status.Days(r.Thresholds.Stale)},
		Summary: map[string]int{"tokens": len(r.Tokens), "findings": r.Findings()}, Sources: []sourceJSON{}, Tokens: []tokenJSON{}}
	counts := r.Counts()
	for _, c := range audit.Categories {
		out.Summary[c.Key()] = counts[c]
	}
	for _, s := range r.Sources {
		sj := sourceJSON{Source: s.Name, Tokens: s.Tokens, Skipped: s.Skipped}
		if s.Err != nil {
			sj.Error = api.Clean(s.Err.Error())
		}
		out.Sources = append(out.Sources, sj)
	}
	for _, t := range tokens {
		out.Tokens = append(out.Tokens, tokenJSON{Kind: t.Kind, ID: t.ID, Name: t.Name, Where: t.Where, Owner: t.Owner,
			Type: string(t.Type), Environment: t.Environment, Projects: cleanList(t.Projects), CreatedAt: t.CreatedAt.UTC(),
			ExpiresAt: utc(t.ExpiresAt), SeenAt: utc(t.SeenAt), Categories: categoryKeys(t.Categories), Finding: t.Categories.Finding()})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func writeAuditCSV(w io.Writer, tokens []audit.Token) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"kind", "id", "name", "where", "owner", "type", "environment", "projects", "created_at", "expires_at", "seen_at", "categories"})
	for _, t := range tokens {
		id := ""
		if t.ID != 0 {
			id = strconv.Itoa(t.ID)
		}
		_ = cw.Write([]string{string(t.Kind), id, csvSafe(t.Name), csvSafe(t.Where), csvSafe(t.Owner), string(t.Type), csvSafe(t.Environment),
			csvSafe(strings.Join(cleanList(t.Projects), ";")), stamp(&t.CreatedAt), stamp(t.ExpiresAt), stamp(t.SeenAt),
			strings.Join(categoryKeys(t.Categories), ";")})
	}
	cw.Flush()
	return cw.Error()
}

// csvSafe keeps a spreadsheet from reading a token name as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func writeAuditTable(w io.Writer, r *audit.Report, tokens []audit.Token, url string, all bool) error {
	re := lipgloss.NewRenderer(w) // colour only when w is a terminal that has it
	bold := re.NewStyle().Bold(true)
	styles := map[audit.Category]lipgloss.Style{
		audit.Expired:      re.NewStyle().Foreground(lipgloss.AdaptiveColor{Light: "#B00020", Dark: "#FF5F5F"}).Bold(true),
		audit.ExpiringSoon: re.NewStyle().Foreground(lipgloss.AdaptiveColor{Light: "#9A5B00", Dark: "#FFAF5F"}),
		audit.Expiring:     re.NewStyle().Foreground(lipgloss.AdaptiveColor{Light: "#7A6A00", Dark: "#E5C07B"}),
		audit.Stale:        re.NewStyle().Foreground(lipgloss.AdaptiveColor{Light: "#6A3D9A", Dark: "#C397D8"}),
	}
	sources := 0
	for _, s := range r.Sources {
		if s.Err == nil && s.Skipped == "" {
			sources++
		}
	}
	fmt.Fprintf(w, "%s %s · %s from %s · %s\n", bold.Render("Audit of"), url, plural(len(r.Tokens), "token"), plural(sources, "list"),
		r.Now.UTC().Format("2006-01-02 15:04 UTC"))
	counts := r.Counts()
	var parts []string
	for _, c := range audit.Categories {
		text := fmt.Sprintf("%s %d", c.Label(r.Thresholds), counts[c])
		if st, ok := styles[c]; ok && counts[c] > 0 {
			text = st.Render(text)
		}
		parts = append(parts, text)
	}
	fmt.Fprintln(w, strings.Join(parts, " · "))
	for _, s := range r.Sources {
		if s.Skipped != "" {
			fmt.Fprintf(w, "skipped %s: %s\n", s.Name, s.Skipped)
		}
	}
	if len(tokens) == 0 {
		if all {
			fmt.Fprintln(w, "\nNo tokens.")
		} else {
			fmt.Fprintf(w, "\nNothing expired, expiring within %s or unused for %s.\n", status.Days(r.Thresholds.Month), status.Days(r.Thresholds.Stale))
		}
		return nil
	}
	fmt.Fprintln(w)
	rows := [][]string{{"STATUS", "NAME", "WHERE", "EXPIRES", "LAST SEEN"}}
	rowStyle := []*lipgloss.Style{nil}
	for _, t := range tokens {
		word, c := statusWord(t.Categories)
		where := t.Where
		switch t.Environment {
		case "":
		case "*":
			where += " · all environments"
		default:
			where += " · " + t.Environment
		}
		rows = append(rows, []string{word, cut(t.Name, 40), cut(where, 44),
			status.ExpiryWords(t.ExpiresAt, r.Now), status.SeenWords(t.SeenAt, r.Now)})
		var st *lipgloss.Style
		if s, ok := styles[c]; ok {
			st = &s
		}
		rowStyle = append(rowStyle, st)
	}
	return writeAligned(w, rows, func(row, col int) *lipgloss.Style {
		switch {
		case row == 0:
			return &bold
		case col == 0:
			return rowStyle[row]
		}
		return nil
	})
}

// statusWord is the most urgent category of a token, in a word.
func statusWord(s audit.Set) (string, audit.Category) {
	switch {
	case s.Has(audit.Expired):
		return "expired", audit.Expired
	case s.Has(audit.ExpiringSoon):
		return "expires soon", audit.ExpiringSoon
	case s.Has(audit.Expiring):
		return "expiring", audit.Expiring
	case s.Has(audit.Stale):
		return "stale", audit.Stale
	case s.Has(audit.NeverUsed):
		return "never used", audit.NeverUsed
	case s.Has(audit.NeverExpires):
		return "no expiry", audit.NeverExpires
	}
	return "ok", -1
}

func categoryKeys(s audit.Set) []string {
	out := []string{}
	for _, c := range audit.Categories {
		if s.Has(c) {
			out = append(out, c.Key())
		}
	}
	return out
}

func cleanList(in []string) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = api.Clean(s)
	}
	return out
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

func stamp(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
