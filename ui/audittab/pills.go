package audittab

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/internal/textcols"
	"github.com/unleash-tokens/unleash-tokens/status"
	"github.com/unleash-tokens/unleash-tokens/ui/core"
)

// The Audit tab's chrome: one line of pills (the categories, then the
// risks), scrolled so that the chosen one always shows; under it, only when
// there is something to say, which lists could not be read or were
// skipped, wrapped. The totals are the summary line's (here).

// pill is a choice's label with its count; ≤14d says it includes ≤3d.
func (t *Tab) pill(c choice, short bool) string {
	th := t.ctx.Thresholds
	text := fmt.Sprintf("%s %d", c.label(th, short), c.count(t.counts, t.risks))
	if !c.isRisk && c.category == status.Expiring {
		text += " incl. " + status.ExpiringSoon.ShortLabel(th)
	}
	return text
}

// pillLine is the choices on one line, at most width wide: the long labels
// if all fit, else the short ones, else a window of them around the chosen
// one, with ‹ and › where more are hidden.
func (t *Tab) pillLine(width int) string {
	st := t.ctx.Styles
	render := func(short bool) []string {
		out := make([]string, len(t.choices))
		for i, c := range t.choices {
			label := t.pill(c, short)
			switch {
			case i == t.chosen:
				out[i] = st.ActiveTab.Render("[" + label + "]")
			case c.isRisk && c.count(t.counts, t.risks) > 0:
				out[i] = " " + st.Risk.Render(label) + " "
			default:
				out[i] = " " + label + " "
			}
			if c.isRisk && (i == 0 || !t.choices[i-1].isRisk) {
				out[i] = st.Dim.Render("│ at risk:") + " " + out[i]
			}
		}
		return out
	}
	for _, short := range []bool{false, true} {
		if line := strings.Join(render(short), " "); ansi.StringWidth(line) <= width {
			return line
		}
	}
	return window(render(true), t.chosen, width)
}

// window is the parts around the chosen one that fit in width, with ‹ and
// › marking hidden ones on either side.
func window(parts []string, chosen, width int) string {
	from, to := chosen, chosen+1
	fits := func(a, b int) bool {
		line := strings.Join(parts[a:b], " ")
		if a > 0 {
			line = "‹ " + line
		}
		if b < len(parts) {
			line += " ›"
		}
		return ansi.StringWidth(line) <= width
	}
	for grown := true; grown; {
		grown = false
		if to < len(parts) && fits(from, to+1) {
			to++
			grown = true
		}
		if from > 0 && fits(from-1, to) {
			from--
			grown = true
		}
	}
	line := strings.Join(parts[from:to], " ")
	if from > 0 {
		line = "‹ " + line
	}
	if to < len(parts) {
		line += " ›"
	}
	return line
}

// problems says which lists could not be read and which were skipped,
// wrapped; "" when all were read.
func (t *Tab) problems(width int) string {
	st := t.ctx.Styles
	var failed, skipped []string
	for _, s := range t.report.Sources {
		switch {
		case s.Err != nil:
			failed = append(failed, s.Name+" ("+api.KindOf(s.Err).String()+")")
		case s.Skipped != "" && !s.Check:
			skipped = append(skipped, s.Name)
		}
	}
	var parts []string
	if len(failed) > 0 {
		parts = append(parts, st.Error.Render(core.Wrap("Could not read "+strings.Join(failed, ", ")+": r retries.", width)))
	}
	if len(skipped) > 0 {
		parts = append(parts, st.Dim.Render(core.Wrap("Skipped "+strings.Join(skipped, ", ")+" (see the tabs).", width)))
	}
	return strings.Join(parts, "\n")
}

// totals is the summary line on the Audit tab itself: what was read and
// how many tokens are findings; the pills under it have the counts.
func (t *Tab) totals() string {
	r := t.report
	s := fmt.Sprintf("%s from %s · %s", textcols.Plural(len(r.Tokens), "token"), textcols.Plural(r.SourcesRead(), "list"),
		textcols.Plural(r.Findings(), "finding"))
	if t.atRisk > 0 {
		s += fmt.Sprintf(" (%d at risk)", t.atRisk)
	}
	return s
}

// chrome is the lines above the list.
func (t *Tab) chrome() []string {
	if t.report == nil {
		return nil
	}
	var lines []string
	if tl := t.timelineView(); tl != "" {
		lines = append(lines, tl)
	}
	lines = append(lines, t.pillLine(t.width))
	if p := t.problems(t.width); p != "" {
		lines = append(lines, p)
	}
	if t.running {
		lines = append(lines, t.ctx.Spin()+t.ctx.Styles.Dim.Render(" refreshing"+t.progressSuffix()))
	}
	return lines
}

// chromeHeight is how many lines chrome takes, counted without drawing
// the pills or the timeline (a resize redraws neither).
func (t *Tab) chromeHeight() int {
	if t.report == nil {
		return 0
	}
	n := 1 // the pills
	if t.timelineShown() {
		n += timelineLines
	}
	if p := t.problems(t.width); p != "" {
		n += strings.Count(p, "\n") + 1
	}
	if t.running {
		n++
	}
	return n
}

// layout gives the list what the chrome leaves.
func (t *Tab) layout() {
	t.list.SetSize(t.width, max(t.height-t.chromeHeight(), 1))
}

// NumChoices is how many categories and risks ←/→ go through.
func (t *Tab) NumChoices() int { return len(t.choices) }
