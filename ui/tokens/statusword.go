package tokens

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/status"
	"github.com/unleash-tokens/unleash-tokens/ui/core"
	"github.com/unleash-tokens/unleash-tokens/ui/table"
)

// StatusCell is a token's Status cell: its status words, most urgent
// first, then the last audit's risks ("expired, stale · all projects"),
// with narrower forms for a narrow column that keep the most urgent
// word whole and say how many more there are ("expired +1 · at risk",
// "≤3d +2 !"); the help's legend explains +N and !. Its colour is the
// most urgent category's, or the risks' for a token whose categories need
// no action.
func StatusCell(set status.Set, th status.Thresholds, risks []audit.RiskFinding, cat *core.Styles) table.Cell {
	var style *lipgloss.Style = cat.Category.Most(set)
	if len(risks) > 0 && !set.Finding() {
		style = &cat.Risk
	}
	full, short := set.Labels(th)
	var labels []string
	for _, r := range risks {
		labels = append(labels, r.Risk.Label())
	}
	switch {
	case len(full) == 0 && len(labels) > 0: // "duplicate", not "ok · duplicate"
		return table.Cell{Text: strings.Join(labels, ", "), Style: style, Shorter: []string{core.AtRisk}}
	case len(full) == 0:
		return table.Cell{Text: "ok", Style: style}
	}
	riskLong, riskShort, riskMark := "", "", ""
	if len(labels) > 0 {
		riskLong, riskShort, riskMark = " · "+strings.Join(labels, ", "), " · "+core.AtRisk, " "+core.RiskMark
	}
	more := ""
	if n := len(full) - 1; n > 0 {
		more = " +" + strconv.Itoa(n)
	}
	forms := []string{
		strings.Join(full, ", ") + riskLong,
		strings.Join(full, ", ") + riskShort,
		strings.Join(short, ", ") + riskShort,
		strings.Join(full, ", ") + riskMark,
		strings.Join(short, ", ") + riskMark,
		full[0] + more + riskShort,
		full[0] + more + riskMark,
		short[0] + more + riskMark,
		short[0] + more, // the expiry words before the risk's mark
		short[0],
	}
	// Each form kept is narrower than the one before: the first that fits
	// says the most.
	cell := table.Cell{Text: forms[0], Style: style}
	last := table.Width(forms[0])
	for _, f := range forms[1:] {
		if w := table.Width(f); w < last {
			cell.Shorter, last = append(cell.Shorter, f), w
		}
	}
	return cell
}

// statusWidth is the width of the widest form of a Status cell: what the
// column would take to show it whole.
func statusWidth(set status.Set, th status.Thresholds, risks []audit.RiskFinding) int {
	w := table.Width(set.Words(th))
	if full, _ := set.Labels(th); len(full) == 0 && len(risks) > 0 {
		w = 0 // the risks alone
	} else if len(risks) > 0 {
		w += len(" · ")
		for i, r := range risks {
			if i > 0 {
				w += len(", ")
			}
			w += table.Width(r.Risk.Label())
		}
	}
	return w
}
