package audittab

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/unleash-tokens/unleash-tokens/api"
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
	th := t.ctx.Thresholds
	rerun := fmt.Sprintf("r on tab %d (%s) runs it again", core.TabAudit.Number(), core.TabAudit.Title(false))
	if here {
		rerun = "r runs it again"
	}
	switch {
	case t.report == nil && t.running:
		return st.Dim.Render("Audit: " + t.ctx.Spin() + " reading every token…" + t.progressSuffix())
	case t.report == nil:
		return st.Dim.Render(core.Wrap("Audit: not run · "+strings.Replace(rerun, " again", "", 1), width)) // a sentence: wrapped, never cut
	case len(t.failed) > 0 && len(t.failed) == len(t.report.Sources):
		return st.Error.Render(core.Wrap("Audit: could not read any token list ("+api.KindOf(t.failed[0].Err).String()+") · "+rerun, width))
	}
	prefix := st.Dim.Render("Audit: ")
	if len(t.failed) > 0 {
		prefix = st.Error.Render("Audit (incomplete): ")
	}
	if here { // the pills under it have the counts: the totals, once
		text := prefix + st.Dim.Render(t.totals())
		if line := text + st.Dim.Render(" · "+rerun); ansi.StringWidth(line) <= width {
			return line
		}
		return core.Wrap(text, width)
	}
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
	lines := []string{prefix + render(false) + st.Dim.Render(fmt.Sprintf(" · tab %d (%s) lists them", core.TabAudit.Number(), core.TabAudit.Title(false))),
		prefix + render(false), prefix + render(true)}
	for _, line := range lines {
		if ansi.StringWidth(line) <= width {
			return line
		}
	}
	return pack(prefix+render(true), "  ", width) // too narrow for one line: two, never cut
}

// pack breaks a line of parts joined by sep into lines of width w, only
// between parts ("10 no expiry" stays whole).
func pack(line, sep string, w int) string {
	var out []string
	cur := ""
	for _, p := range strings.Split(line, sep) {
		switch {
		case cur == "":
			cur = p
		case ansi.StringWidth(cur+sep+p) <= w:
			cur += sep + p
		default:
			out = append(out, cur)
			cur = p
		}
	}
	return strings.Join(append(out, cur), "\n")
}
