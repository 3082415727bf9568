package audittab

import (
	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/status"
	"github.com/unleash-tokens/unleash-tokens/ui/core"
)

// choice is what the tab lists: a time category, or a risk the audit looks
// for. ←/→ go through the categories, then the risks.
type choice struct {
	category status.Category
	risk     audit.Risk
	isRisk   bool
}

// choices are the categories, then the risks the audit looks for.
func choices(checks audit.Checks) []choice {
	var out []choice
	for _, c := range status.Categories {
		out = append(out, choice{category: c})
	}
	for _, r := range audit.Risks {
		if checks.Has(r) {
			out = append(out, choice{risk: r, isRisk: true})
		}
	}
	return out
}

func (c choice) label(th status.Thresholds, short bool) string {
	switch {
	case c.isRisk:
		return c.risk.Label()
	case short:
		return c.category.ShortLabel(th)
	}
	return c.category.Label(th)
}

func (c choice) meaning(th status.Thresholds) string {
	if c.isRisk {
		return c.risk.Meaning(th)
	}
	return c.category.Meaning(th)
}

// tokens are the report's tokens of the choice.
func (c choice) tokens(r *audit.Report) []*audit.Token {
	if c.isRisk {
		return r.WithRisk(c.risk)
	}
	return r.In(c.category)
}

// count is how many tokens of the report the choice holds.
func (c choice) count(counts [status.NumCategories]int, risks [audit.NumRisks]int) int {
	if c.isRisk {
		return risks[c.risk]
	}
	return counts[c.category]
}

// title is the list's title: "Expired · its expiry has passed".
func (c choice) title(th status.Thresholds) string {
	label := c.label(th, false)
	if c.isRisk {
		label = "at risk: " + label
	}
	return core.Capitalise(label) + " · " + c.meaning(th)
}
