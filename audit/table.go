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
	return writeTable(w, []Instance{{Name: o.Name, URL: o.URL, Report: r}}, o, false)
}

// WriteTableAll writes the reports of several instances: a heading per
// instance (or why it could not be audited), then one table of every
// instance's listed tokens with an INSTANCE column.
func WriteTableAll(w io.Writer, ins []Instance, o Output) error {
	if NothingReadOf(ins) {
		return ErrNothingRead
	}
	return writeTable(w, ins, o, true)
}

type tableStyles struct {
	bold lipgloss.Style
	risk lipgloss.Style
	cats theme.Categories
}

func writeTable(w io.Writer, ins []Instance, o Output, multi bool) error {
	re := lipgloss.NewRenderer(w) // colour only when w is a terminal that has it
	table := w
	w = textcols.Wrapping(w) // the headings and notes wrap at spaces on a terminal; the table fits by itself
	st := tableStyles{bold: re.NewStyle().Bold(true), risk: re.NewStyle().Foreground(theme.Risk), cats: theme.NewCategories(re)}
	var th status.Thresholds
	var listed []instanceToken
	incomplete, risksChecked := false, false
	if multi && len(ins) > 0 {
		fmt.Fprintf(w, "%s %s · %s\n", st.bold.Render("Audit of"), textcols.Plural(len(ins), "instance"), o.now(ins).UTC().Format("2006-01-02 15:04 UTC"))
	}
	for i := range ins {
		in := &ins[i]
		if multi {
			fmt.Fprintln(w)
		}
		if in.Report == nil || multi && in.Failed() {
			incomplete = true // what it holds is not among "nothing found"
			fmt.Fprintf(w, "%s %s (%s): could not audit: %s\n", st.bold.Render("Audit of"), in.Label(), in.URL, in.Problem())
			continue
		}
		r := in.Report
		th = r.Thresholds
		incomplete = incomplete || len(r.Failed()) > 0
		risksChecked = risksChecked || r.Checks&^CheckCreators != 0
		writeHeading(w, in, multi, &st)
		for _, t := range r.Listed(o.All) {
			listed = append(listed, instanceToken{in, t})
		}
	}
	if len(listed) == 0 {
		where := "."
		if incomplete {
			where = " in the lists that could be read."
		}
		if o.All {
			fmt.Fprintln(w, "\nNo tokens"+where)
		} else if risksChecked {
			fmt.Fprintf(w, "\nNothing expired, expiring within %s, unused for %s or at risk%s\n", status.Days(th.Within), status.Days(th.Stale), where)
		} else {
			fmt.Fprintf(w, "\nNothing expired, expiring within %s or unused for %s%s\n", status.Days(th.Within), status.Days(th.Stale), where)
		}
		return nil
	}
	fmt.Fprintln(w)
	return writeRows(table, listed, multi, &st)
}

type instanceToken struct {
	in *Instance
	Token
}

func writeHeading(w io.Writer, in *Instance, multi bool, st *tableStyles) {
	r := in.Report
	th := r.Thresholds
	sources := r.SourcesRead()
	name := in.URL
	if multi {
		name = fmt.Sprintf("%s (%s)", in.Label(), in.URL)
	}
	if multi {
		fmt.Fprintf(w, "%s %s · %s from %s\n", st.bold.Render("Audit of"), name, textcols.Plural(len(r.Tokens), "token"),
			textcols.Plural(sources, "list"))
	} else {
		fmt.Fprintf(w, "%s %s · %s from %s · %s\n", st.bold.Render("Audit of"), name, textcols.Plural(len(r.Tokens), "token"),
			textcols.Plural(sources, "list"), r.Now.UTC().Format("2006-01-02 15:04 UTC"))
	}
	counts := r.Counts()
	var parts []string
	for _, c := range status.Categories {
		text := fmt.Sprintf("%s %d", c.Label(th), counts[c])
		if counts[c] > 0 && c != status.NeverUsed && c != status.NeverExpires {
			text = st.cats.Of(c).Render(text)
		}
		parts = append(parts, text)
	}
	fmt.Fprintln(w, strings.Join(parts, " · "))
	if r.Checks&^CheckCreators != 0 {
		risks := r.RiskCounts()
		parts = parts[:0]
		for _, k := range Risks {
			if !r.Checks.Has(k) {
				continue
			}
			text := fmt.Sprintf("%s %d", k.Label(), risks[k])
			if risks[k] > 0 {
				text = st.risk.Render(text)
			}
			parts = append(parts, text)
		}
		fmt.Fprintln(w, "risks: "+strings.Join(parts, " · "))
	}
	for _, s := range r.Sources {
		if s.Skipped != "" {
			fmt.Fprintf(w, "skipped %s: %s\n", s.Name, s.Skipped)
		}
	}
	if failed := len(r.Failed()); failed > 0 {
		fmt.Fprintf(w, "INCOMPLETE: %d of %d lists could not be read (the reasons are on stderr); the counts are of the lists read.\n",
			failed, len(r.Sources))
	}
	for _, n := range r.Notes {
		fmt.Fprintln(w, "note: "+n)
	}
	if multi {
		for _, s := range r.Failed() {
			fmt.Fprintf(w, "could not read %s: %s\n", s.Name, cleanErr(s.Err))
		}
	}
}

func writeRows(w io.Writer, listed []instanceToken, multi bool, st *tableStyles) error {
	withRisks := false
	for _, t := range listed {
		withRisks = withRisks || len(t.Risks) > 0
	}
	head := []string{"STATUS", "KIND", "ID", "NAME", "WHERE", "EXPIRES", "LAST SEEN"}
	if multi {
		head = append([]string{"INSTANCE"}, head...)
	}
	if withRisks {
		head = append(head, "RISKS")
	}
	rows := [][]string{head}
	rowStyle := []*lipgloss.Style{nil}
	statusCol := 0
	if multi {
		statusCol = 1
	}
	for _, t := range listed {
		r := t.in.Report
		th := r.Thresholds
		where := t.WhereWithEnvironment()
		words := t.Categories.Words(th)
		if t.Categories == 0 && len(t.Risks) > 0 {
			words = "at risk"
		}
		row := []string{words, t.Kind.Short(), t.Ident, textcols.Cut(t.Name, 40), textcols.Cut(where, 44),
			status.ExpiryWords(t.ExpiresAt, r.Now), status.SeenWords(t.SeenAt, r.Now)}
		if multi {
			row = append([]string{textcols.Cut(t.in.Label(), 20)}, row...)
		}
		if withRisks {
			row = append(row, t.RiskLabels())
		}
		rows = append(rows, row)
		style := st.cats.Most(t.Categories)
		if t.Categories == 0 && len(t.Risks) > 0 {
			style = &st.risk
		}
		rowStyle = append(rowStyle, style)
	}
	riskCol := len(head) - 1
	// On a narrow terminal KIND goes first (the ID and WHERE tell a PAT, a
	// service-account token and an API token apart), then LAST SEEN (STATUS
	// says stale or never used), before an id or a date is cut.
	fit := textcols.Fit{CutFirst: []string{"NAME", "WHERE", "RISKS", "INSTANCE", "STATUS"}, Drop: []string{"KIND", "LAST SEEN"}}
	return fit.Write(w, rows, func(row, col int) *lipgloss.Style {
		switch {
		case row == 0:
			return &st.bold
		case col == statusCol:
			return rowStyle[row]
		case withRisks && col == riskCol:
			return &st.risk
		}
		return nil
	})
}
