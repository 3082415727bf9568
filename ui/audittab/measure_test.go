package audittab

import (
	"fmt"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/status"
	"github.com/unleash-tokens/unleash-tokens/ui/core"
	"github.com/unleash-tokens/unleash-tokens/ui/keys"
	"github.com/unleash-tokens/unleash-tokens/ui/table"
)

// TestMeasureIsTheCells: the widths measure gives are exactly those of the
// drawn cells, column by column, so the tab lays out as when it drew every
// row to measure it.
func TestMeasureIsTheCells(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	ctx := core.NewContext()
	ctx.Now, ctx.Thresholds, ctx.Styles, ctx.Keys = func() time.Time { return now }, status.Default, core.NewStyles(), keys.New(5)
	kinds := []audit.Kind{audit.KindPAT, audit.KindServiceAccountToken, audit.KindAPIToken}
	risks := [][]audit.RiskFinding{nil, {{Risk: audit.AllProjects}}, {{Risk: audit.Orphaned}, {Risk: audit.NoExpiryInProduction}}}
	for _, size := range []int{1, 7, 300} {
		drawn := make([]int, len(columns))
		measured := make([]int, len(columns))
		m := measure(ctx)
		for i := range size {
			var exp, seen *time.Time
			if i%4 != 0 {
				e := now.Add(time.Duration(i*13%800-200) * 24 * time.Hour)
				exp = &e
			}
			if i%3 != 0 {
				s := now.Add(-time.Duration(i*7%400) * time.Hour * 9)
				seen = &s
			}
			tok := &audit.Token{Kind: kinds[i%3], Name: fmt.Sprintf("tok-%d-%s", i, "αβ日本"[:i%2*4]), Where: []string{"my PATs", "project payments", "all projects", "service account CI 日本"}[i%4],
				Environment: []string{"", "*", "production", "dev"}[i%4], CreatedAt: now.Add(-time.Duration(i) * 24 * time.Hour), ExpiresAt: exp, SeenAt: seen, Risks: risks[i%3]}
			for c, cell := range cells(tok, ctx) {
				drawn[c] = max(drawn[c], table.Width(cell.Text))
			}
			m(tok, measured)
		}
		for c, col := range columns {
			if measured[c] != drawn[c] {
				t.Errorf("%d rows, %s: measured %d, drawn %d", size, col.Title, measured[c], drawn[c])
			}
		}
	}
}
