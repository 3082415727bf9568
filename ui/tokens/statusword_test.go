package tokens

import (
	"strings"
	"testing"

	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/status"
	"github.com/unleash-tokens/unleash-tokens/ui/core"
	"github.com/unleash-tokens/unleash-tokens/ui/table"
)

// TestStatusCellFitsItsColumn: every Status cell, of every set of
// categories with or without risks, has a form that fits the Status
// column's narrowest width whole and starts with the most urgent word
// (issue 22: "expiring ≤1…" at 80 columns); its widest form names the
// risks in the audit's words, and a token at risk whose categories need
// no action is drawn in the risks' colour.
func TestStatusCellFitsItsColumn(t *testing.T) {
	st := core.NewStyles()
	th := status.Default
	risks := [][]audit.RiskFinding{nil,
		{{Risk: audit.AllProjects}},
		{{Risk: audit.NoExpiryInProduction}, {Risk: audit.StoredInClear}, {Risk: audit.Duplicate}}}
	for set := status.Set(0); set < 1<<status.NumCategories; set++ {
		for _, r := range risks {
			c := StatusCell(set, th, r, st)
			narrowest := c.Text
			if len(c.Shorter) > 0 {
				narrowest = c.Shorter[len(c.Shorter)-1]
			}
			if w := table.Width(narrowest); w > statusColumn.Min {
				t.Errorf("set %b, %d risks: the narrowest form %q is %d wide, over the column's %d", set, len(r), narrowest, w, statusColumn.Min)
			}
			full, short := set.Labels(th)
			if len(full) > 0 && !strings.HasPrefix(narrowest, short[0]) {
				t.Errorf("set %b: %q does not start with %q", set, narrowest, short[0])
			}
			for _, f := range r {
				if !strings.Contains(c.Text, f.Risk.Label()) {
					t.Errorf("set %b: %q does not name the risk %q", set, c.Text, f.Risk.Label())
				}
			}
			if len(r) > 0 && !set.Finding() && c.Style != &st.Risk {
				t.Errorf("set %b at risk: not in the risks' colour", set)
			}
			prev := table.Width(c.Text)
			for _, s := range c.Shorter {
				if table.Width(s) > prev {
					t.Errorf("set %b: %q is wider than the form before it", set, s)
				}
				prev = table.Width(s)
			}
		}
	}
}
