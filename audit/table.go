package audit

import (
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/unleash-tokens/unleash-tokens/internal/textcols"
	"github.com/unleash-tokens/unleash-tokens/status"
	"github.com/unleash-tokens/unleash-tokens/theme"
)

// WriteTable writes the report for a person: a heading, the counts, and the
// listed tokens in columns, in the app's colours when w is a terminal that
// has them.
func WriteTable(w io.Writer, r *Report, o Output) error {
	if r.NothingRead() {
		return ErrNothingRead
	}
	re := lipgloss.NewRenderer(w) // colour only when w is a terminal that has it
	bold := re.NewStyle().Bold(true)
	cats := theme.NewCategories(re)
	sources := r.SourcesRead()
	th := r.Thresholds
	fmt.Fprintf(w, "%s %s · %s from %s · %s\n", bold.Render("Audit of"), o.URL, textcols.Plural(len(r.Tokens), "token"),
		textcols.Plural(sources, "list"), r.Now.UTC().Format("2006-01-02 15:04 UTC"))
	counts := r.Counts()
	var parts []string
	for _, c := range status.Categories {
		text := fmt.Sprintf("%s %d", c.Label(th), counts[c])
		if counts[c] > 0 && c != status.NeverUsed && c != status.NeverExpires {
			text = cats.Of(c).Render(text)
		}
		parts = append(parts, text)
	}
	fmt.Fprintln(w, strings.Join(parts, " · "))
	for _, s := range r.Sources {
		if s.Skipped != "" {
			fmt.Fprintf(w, "skipped %s: %s\n", s.Name, s.Skipped)
		}
	}
	failed := len(r.Failed())
	if failed > 0 {
		fmt.Fprintf(w, "INCOMPLETE: %d of %d lists could not be read (the reasons are on stderr); the counts are of the lists read.\n",
			failed, len(r.Sources))
	}
	tokens := r.Listed(o.All)
	if len(tokens) == 0 {
		where := "."
		if failed > 0 {
			where = " in the lists that could be read."
		}
		if o.All {
			fmt.Fprintln(w, "\nNo tokens"+where)
		} else {
			fmt.Fprintf(w, "\nNothing expired, expiring within %s or unused for %s%s\n", status.Days(th.Within), status.Days(th.Stale), where)
		}
		return nil
	}
	fmt.Fprintln(w)
	rows := [][]string{{"STATUS", "NAME", "WHERE", "EXPIRES", "LAST SEEN"}}
	rowStyle := []*lipgloss.Style{nil}
	for _, t := range tokens {
		where := t.Where
		switch t.Environment {
		case "":
		case "*":
			where += " · all environments"
		default:
			where += " · " + t.Environment
		}
		rows = append(rows, []string{t.Categories.Words(th), textcols.Cut(t.Name, 40), textcols.Cut(where, 44),
			status.ExpiryWords(t.ExpiresAt, r.Now), status.SeenWords(t.SeenAt, r.Now)})
		rowStyle = append(rowStyle, cats.Most(t.Categories))
	}
	return textcols.Write(w, rows, func(row, col int) *lipgloss.Style {
		switch {
		case row == 0:
			return &bold
		case col == 0:
			return rowStyle[row]
		}
		return nil
	})
}
