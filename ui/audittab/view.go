package audittab

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/status"
	"github.com/unleash-tokens/unleash-tokens/ui/core"
)

// View draws the categories, the sources, and the chosen category's list.
func (t *Tab) View() string {
	st := t.ctx.Styles
	switch {
	case t.report == nil && t.running:
		lines := []string{"", "  " + t.ctx.Spin() + " Reading every token you can see: your PATs, service accounts, projects and API tokens…",
			"", "  " + st.Dim.Render(t.progress.words())}
		if f := t.list.FilterLine(); f != "" { // typed before the report came: it applies then
			lines = append(lines, "", f)
		}
		return core.Block(lines, t.height)
	case t.report == nil:
		return core.Block([]string{"", "  Press r to run the audit."}, t.height)
	}
	lines := t.chrome()
	if t.report.NothingRead() {
		return core.Block(append(lines, "", st.Error.Render(core.WrapIndent("No token list could be read, so there is nothing to list: "+
			t.failureWords()+". Press r to audit again.", t.width))), t.height)
	}
	lines = append(lines, t.list.View())
	return core.Block(lines, t.height)
}

// failureWords names the lists that could not be read and why.
func (t *Tab) failureWords() string {
	var out []string
	for _, s := range t.failed {
		out = append(out, s.Name+" ("+api.KindOf(s.Err).String()+")")
	}
	return strings.Join(out, ", ")
}

// progressSuffix is " · 12 of 210 requests" while a run is under way.
func (t *Tab) progressSuffix() string {
	if w := t.progress.words(); t.running && w != "" {
		return " · " + w
	}
	return ""
}

// Summary is the one-line audit every tab shows under the tab bar; here is
// whether the Audit tab is the one shown (the line then does not point to it).
func (t *Tab) Summary(width int, here bool) string {
	if d := t.summary; !t.running && d.report == t.report && d.width == width && d.here == here && d.text != "" {
		return d.text
	}
	text := t.drawSummary(width, here)
	if !t.running {
		t.summary = drawnSummary{report: t.report, width: width, here: here, text: text}
	}
	return text
}

func (t *Tab) drawSummary(width int, here bool) string {
	st := t.ctx.Styles
	switch {
	case t.report == nil && t.running:
		return st.Dim.Render("Audit: " + t.ctx.Spin() + " reading every token…" + t.progressSuffix())
	case t.report == nil:
		return st.Dim.Render(core.Wrap("Audit: not run · "+strings.Replace(t.rerun(here), " again", "", 1), width)) // a sentence: wrapped, never cut
	case len(t.failed) > 0 && len(t.failed) == len(t.report.Sources):
		return st.Error.Render(core.Wrap("Audit: could not read any token list ("+api.KindOf(t.failed[0].Err).String()+") · "+t.rerun(here), width))
	}
	f := t.forms(here)
	for i, line := range f.lines {
		if f.widths[i] <= width {
			return line
		}
	}
	if here {
		return core.Wrap(f.text, width)
	}
	return packWidths(f.pieces, f.pieceWidths, "  ", width) // too narrow for one line: two, never cut
}

// summaryForms is the summary of a report drawn once (it changes with the
// report, not with the width): its one-line forms, widest first, with
// their widths, and what is wrapped or packed when none fits. A resize
// picks among them by arithmetic.
type summaryForms struct {
	report *audit.Report
	here   bool
	lines  []string
	widths []int
	text   string // on the Audit tab: wrapped when no line fits
	// elsewhere: the narrowest line's parts (pack), packed when no line fits
	pieces      []string
	pieceWidths []int
}

// forms is the summary's forms for the report shown (summaryForms).
func (t *Tab) forms(here bool) *summaryForms {
	if f := t.summaryForms; f != nil && f.report == t.report && f.here == here {
		return f
	}
	st := t.ctx.Styles
	th := t.ctx.Thresholds
	f := &summaryForms{report: t.report, here: here}
	t.summaryForms = f
	prefix := st.Dim.Render("Audit: ")
	if len(t.failed) > 0 {
		prefix = st.Error.Render("Audit (incomplete): ")
	}
	if here { // the pills under it have the counts: the totals, once
		f.text = prefix + st.Dim.Render(t.totals())
		f.lines = []string{f.text + st.Dim.Render(" · "+t.rerun(here))}
	} else {
		render := func(short bool) string {
			var parts []string
			for _, c := range status.Categories {
				label := c.Label(th)
				if short {
					label = c.ShortLabel(th)
				}
				text := fmt.Sprintf("%d %s", t.counts[c], label)
				if t.counts[c] > 0 { // in the category's colour, as the table draws it
					text = st.Category.Of(c).Render(text)
				} else {
					text = st.Dim.Render(text)
				}
				parts = append(parts, text)
			}
			if t.atRisk > 0 {
				text := fmt.Sprintf("%d at risk", t.atRisk)
				parts = append(parts, st.Risk.Render(text))
			}
			sep := " · "
			if short {
				sep = "  "
			}
			return strings.Join(parts, st.Dim.Render(sep))
		}
		long, short := render(false), render(true)
		f.lines = []string{prefix + long + st.Dim.Render(fmt.Sprintf(" · tab %d (%s) lists them", core.TabAudit.Number(), core.TabAudit.Title(false))),
			prefix + long, prefix + short}
		f.pieces = strings.Split(prefix+short, "  ")
		for _, p := range f.pieces {
			f.pieceWidths = append(f.pieceWidths, ansi.StringWidth(p))
		}
	}
	for _, line := range f.lines {
		f.widths = append(f.widths, ansi.StringWidth(line))
	}
	return f
}

// rerun is how to run the audit again, from the Audit tab (here) or another.
func (t *Tab) rerun(here bool) string {
	if here {
		return "r runs it again"
	}
	return fmt.Sprintf("r on tab %d (%s) runs it again", core.TabAudit.Number(), core.TabAudit.Title(false))
}

// packWidths is pack of the parts of a line split at sep, each part's
// width measured once.
func packWidths(parts []string, widths []int, sep string, w int) string {
	var out []string
	var cur strings.Builder
	curWidth, sepWidth := 0, ansi.StringWidth(sep)
	for i, p := range parts {
		switch {
		case cur.Len() == 0:
			cur.WriteString(p)
			curWidth = widths[i]
			continue
		case curWidth+sepWidth+widths[i] <= w:
			cur.WriteString(sep)
			cur.WriteString(p)
			curWidth += sepWidth + widths[i]
			continue
		}
		out = append(out, cur.String())
		cur.Reset()
		cur.WriteString(p)
		curWidth = widths[i]
	}
	return strings.Join(append(out, cur.String()), "\n")
}
