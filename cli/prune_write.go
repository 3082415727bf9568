package cli

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/internal/textcols"
	"github.com/unleash-tokens/unleash-tokens/status"
)

// pruneReport is what prune found and did.
type pruneReport struct {
	URL        string
	Now        time.Time
	DryRun     bool
	ExpiredFor time.Duration
	Name       string // the --name pattern, if any
	Rows       []pruneRow
	Stopped    string
}

// pruneRow is one expired API token and what became of it: "would
// delete", "deleted", "failed", "unknown", "not sent", "gone" (no longer
// listed) or "skipped" (could not be named for a delete).
type pruneRow struct {
	Token  audit.Token
	Result string
	Reason string
}

// pruneResults are the results in the order summaries give them.
var pruneResults = []string{"would delete", "deleted", "failed", "unknown", "not sent", "gone", "skipped"}

func (p *pruneReport) count(result string) int {
	n := 0
	for _, r := range p.Rows {
		if r.Result == result {
			n++
		}
	}
	return n
}

// summary is the line for stderr.
func (p *pruneReport) summary() string {
	if len(p.Rows) == 0 {
		return "No expired API tokens" + p.ageWords() + ": nothing to delete."
	}
	var parts []string
	for _, r := range pruneResults {
		if n := p.count(r); n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, r))
		}
	}
	s := fmt.Sprintf("%s%s: %s.", textcols.Plural(len(p.Rows), "expired API token"), p.ageWords(), strings.Join(parts, ", "))
	if p.DryRun {
		s += " This was a dry run: run again with --yes to delete them."
	}
	if p.Stopped != "" {
		s += " The deletes " + api.Clean(p.Stopped) + "."
	}
	return s
}

// ageWords says which expired tokens were taken: " named 'ci-*' (expired 30d ago or more)".
func (p *pruneReport) ageWords() string {
	s := ""
	if p.Name != "" {
		s += fmt.Sprintf(" named %q", api.Clean(p.Name))
	}
	if p.ExpiredFor != 0 {
		s += " (expired " + status.Days(p.ExpiredFor) + " ago or more)"
	}
	return s
}

var pruneWriters = map[string]func(io.Writer, *pruneReport) error{
	"table": writePruneTable, "json": writePruneJSON, "csv": writePruneCSV,
}

func (r pruneRow) where() string {
	if r.Token.Environment == "*" {
		return r.Token.Where + " · all environments"
	}
	return r.Token.Where + " · " + r.Token.Environment
}

func writePruneTable(w io.Writer, p *pruneReport) error {
	bold := lipgloss.NewRenderer(w).NewStyle().Bold(true)
	mode := "deleting"
	if p.DryRun {
		mode = "dry run"
	}
	fmt.Fprintf(w, "%s %s · %s%s · %s · %s\n", bold.Render("Prune of"), p.URL, textcols.Plural(len(p.Rows), "expired API token"),
		p.ageWords(), mode, p.Now.UTC().Format("2006-01-02 15:04 UTC"))
	if len(p.Rows) == 0 {
		return nil
	}
	fmt.Fprintln(w)
	why := false
	for _, r := range p.Rows {
		why = why || r.Reason != ""
	}
	rows := [][]string{{"RESULT", "NAME", "TYPE", "WHERE", "EXPIRED", "LAST SEEN"}}
	if why {
		rows[0] = append(rows[0], "WHY")
	}
	for _, r := range p.Rows {
		row := []string{r.Result, textcols.Cut(r.Token.Name, 40), string(r.Token.Type), textcols.Cut(r.where(), 44),
			status.ExpiryWords(r.Token.ExpiresAt, p.Now), status.SeenWords(r.Token.SeenAt, p.Now)}
		if why {
			row = append(row, textcols.Cut(r.Reason, 100))
		}
		rows = append(rows, row)
	}
	return textcols.Write(w, rows, func(row, _ int) *lipgloss.Style {
		if row == 0 {
			return &bold
		}
		return nil
	})
}

type pruneJSON struct {
	URL         string         `json:"url"`
	GeneratedAt time.Time      `json:"generated_at"`
	DryRun      bool           `json:"dry_run"`
	ExpiredFor  string         `json:"expired_for"`
	Name        string         `json:"name,omitempty"`
	Summary     map[string]int `json:"summary"`
	Stopped     string         `json:"stopped,omitempty"`
	Tokens      []pruneRowJSON `json:"tokens"`
}

type pruneRowJSON struct {
	Kind        audit.Kind `json:"kind"`
	Name        string     `json:"name"`
	Where       string     `json:"where"`
	Type        string     `json:"type"`
	Environment string     `json:"environment"`
	Projects    []string   `json:"projects"`
	CreatedAt   time.Time  `json:"created_at"`
	ExpiresAt   *time.Time `json:"expires_at"`
	SeenAt      *time.Time `json:"seen_at"`
	Result      string     `json:"result"`
	Reason      string     `json:"reason,omitempty"`
}

func writePruneJSON(w io.Writer, p *pruneReport) error {
	out := pruneJSON{URL: p.URL, GeneratedAt: p.Now.UTC().Truncate(time.Second), DryRun: p.DryRun, ExpiredFor: status.Days(p.ExpiredFor), Name: api.Clean(p.Name),
		Summary: map[string]int{"expired": len(p.Rows)}, Stopped: api.Clean(p.Stopped), Tokens: []pruneRowJSON{}}
	for _, r := range pruneResults {
		out.Summary[strings.ReplaceAll(r, " ", "_")] = p.count(r)
	}
	for _, r := range p.Rows {
		t := r.Token
		out.Tokens = append(out.Tokens, pruneRowJSON{Kind: t.Kind, Name: t.Name, Where: t.Where, Type: string(t.Type),
			Environment: t.Environment, Projects: audit.CleanList(t.Projects), CreatedAt: t.CreatedAt.UTC(), ExpiresAt: audit.UTC(t.ExpiresAt),
			SeenAt: audit.UTC(t.SeenAt), Result: r.Result, Reason: r.Reason})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func writePruneCSV(w io.Writer, p *pruneReport) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"kind", "name", "where", "type", "environment", "projects", "created_at", "expires_at", "seen_at", "result", "reason"})
	for _, r := range p.Rows {
		t := r.Token
		_ = cw.Write([]string{string(t.Kind), audit.CSVSafe(t.Name), audit.CSVSafe(t.Where), string(t.Type), audit.CSVSafe(t.Environment),
			audit.CSVSafe(strings.Join(audit.CleanList(t.Projects), ";")), audit.Stamp(&t.CreatedAt), audit.Stamp(t.ExpiresAt), audit.Stamp(t.SeenAt),
			r.Result, audit.CSVSafe(r.Reason)})
	}
	cw.Flush()
	return cw.Error()
}
