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
	Sources    []audit.Source // the lists of API tokens read, each with its error if it failed
}

// failed are the lists of API tokens that could not be read: expired tokens
// in them were not seen.
func (p *pruneReport) failed() []audit.Source {
	var out []audit.Source
	for _, s := range p.Sources {
		if s.Err != nil {
			out = append(out, s)
		}
	}
	return out
}

// incompleteWords is "" when every list was read, else
// " in the lists that could be read", for every verdict.
func (p *pruneReport) incompleteWords() string {
	if len(p.failed()) == 0 {
		return ""
	}
	return " in the lists that could be read"
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
		if failed := len(p.failed()); failed > 0 {
			return fmt.Sprintf("No expired API tokens%s%s. INCOMPLETE: %d of %d lists of API tokens could not be read.", p.ageWords(), p.incompleteWords(), failed, len(p.Sources))
		}
		return "No expired API tokens" + p.ageWords() + ": nothing to delete."
	}
	var parts []string
	for _, r := range pruneResults {
		if n := p.count(r); n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, r))
		}
	}
	s := fmt.Sprintf("%s%s%s: %s.", textcols.Plural(len(p.Rows), "expired API token"), p.ageWords(), p.incompleteWords(), strings.Join(parts, ", "))
	if p.DryRun {
		s += " This was a dry run: run again with --yes to delete them."
	}
	if p.Stopped != "" {
		s += " The deletes " + api.Clean(p.Stopped) + "."
	}
	if failed := len(p.failed()); failed > 0 {
		s += fmt.Sprintf(" INCOMPLETE: %d of %d lists of API tokens could not be read.", failed, len(p.Sources))
	}
	return s
}

// incompleteNote is the INCOMPLETE line, "" when every list was read.
func (p *pruneReport) incompleteNote() string {
	failed := len(p.failed())
	if failed == 0 {
		return ""
	}
	return fmt.Sprintf("INCOMPLETE: %d of %d lists of API tokens could not be read (the reasons are on stderr): expired tokens in them were not seen.",
		failed, len(p.Sources))
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
	fmt.Fprintf(w, "%s %s · %s%s%s · %s · %s\n", bold.Render("Prune of"), p.URL, textcols.Plural(len(p.Rows), "expired API token"),
		p.ageWords(), p.incompleteWords(), mode, p.Now.UTC().Format("2006-01-02 15:04 UTC"))
	if inc := p.incompleteNote(); inc != "" {
		fmt.Fprintln(w, inc)
	}
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
	// On a narrow terminal TYPE, then LAST SEEN, go before a date is cut.
	fit := textcols.Fit{CutFirst: []string{"NAME", "WHERE", "WHY"}, Drop: []string{"TYPE", "LAST SEEN"}}
	return fit.Write(w, rows, func(row, _ int) *lipgloss.Style {
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
	Complete    bool           `json:"complete"` // false: a list of API tokens could not be read; its error is in sources
	ExpiredFor  string         `json:"expired_for"`
	Name        string         `json:"name,omitempty"`
	Summary     map[string]int `json:"summary"`
	Stopped     string         `json:"stopped,omitempty"`
	Sources     []sourceJSON   `json:"sources"`
	Tokens      []pruneRowJSON `json:"tokens"`
}

// sourceJSON is a list of API tokens prune read, as audit's JSON names it.
type sourceJSON struct {
	Source string `json:"source"`
	Tokens int    `json:"tokens"`
	Error  string `json:"error,omitempty"`
}

type pruneRowJSON struct {
	Kind        audit.Kind `json:"kind"`
	ID          string     `json:"id"` // as audit's: a v2 selector, or sha256: of a v1 secret; never a secret
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
	out := pruneJSON{URL: p.URL, GeneratedAt: p.Now.UTC().Truncate(time.Second), DryRun: p.DryRun, Complete: len(p.failed()) == 0,
		ExpiredFor: status.Days(p.ExpiredFor), Name: api.Clean(p.Name),
		Summary: map[string]int{"expired": len(p.Rows)}, Stopped: api.Clean(p.Stopped), Sources: []sourceJSON{}, Tokens: []pruneRowJSON{}}
	for _, s := range p.Sources {
		sj := sourceJSON{Source: s.Name, Tokens: s.Tokens}
		if s.Err != nil {
			sj.Error = api.Clean(s.Err.Error())
		}
		out.Sources = append(out.Sources, sj)
	}
	for _, r := range pruneResults {
		out.Summary[strings.ReplaceAll(r, " ", "_")] = p.count(r)
	}
	for _, r := range p.Rows {
		t := r.Token
		out.Tokens = append(out.Tokens, pruneRowJSON{Kind: t.Kind, ID: t.Ident, Name: t.Name, Where: t.Where, Type: string(t.Type),
			Environment: t.Environment, Projects: audit.CleanList(t.Projects), CreatedAt: t.CreatedAt.UTC(), ExpiresAt: audit.UTC(t.ExpiresAt),
			SeenAt: audit.UTC(t.SeenAt), Result: r.Result, Reason: r.Reason})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func writePruneCSV(w io.Writer, p *pruneReport) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"kind", "id", "name", "where", "type", "environment", "projects", "created_at", "expires_at", "seen_at", "result", "reason"})
	for _, r := range p.Rows {
		t := r.Token
		_ = cw.Write([]string{t.Kind.String(), audit.CSVSafe(t.Ident), audit.CSVSafe(t.Name), audit.CSVSafe(t.Where), string(t.Type), audit.CSVSafe(t.Environment),
			audit.CSVSafe(strings.Join(audit.CleanList(t.Projects), ";")), audit.Stamp(&t.CreatedAt), audit.Stamp(t.ExpiresAt), audit.Stamp(t.SeenAt),
			r.Result, audit.CSVSafe(r.Reason)})
	}
	cw.Flush()
	return cw.Error()
}
