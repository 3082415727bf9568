package tokens

import (
	"fmt"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/status"
	"github.com/unleash-tokens/unleash-tokens/ui/core"
	"github.com/unleash-tokens/unleash-tokens/ui/keys"
	"github.com/unleash-tokens/unleash-tokens/ui/table"
)

// Measure is a cheap stand-in for drawing every row: the widths it gives
// are those of the drawn cells (at least, for the time columns, which it
// takes at their widest).
func TestMeasureFitsTheCells(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	ctx := core.NewContext()
	ctx.Now, ctx.Thresholds, ctx.Styles, ctx.Keys = func() time.Time { return now }, status.Default, core.NewStyles(), keys.New(5)
	var toks []api.APIToken
	for i := range 300 {
		created := now.Add(-time.Duration(i*37%900) * 24 * time.Hour)
		var exp, seen *time.Time
		if i%4 != 0 {
			e := now.Add(time.Duration(i*13%800-200) * 24 * time.Hour)
			exp = &e
		}
		if i%3 != 0 {
			s := now.Add(-time.Duration(i*7%400) * time.Hour * 9)
			seen = &s
		}
		projects := []string{fmt.Sprintf("p%d", i%7)}
		if i%11 == 0 {
			projects = []string{"*"}
		} else if i%5 == 0 {
			projects = append(projects, "checkout", "日本語")
		}
		toks = append(toks, api.APIToken{Name: fmt.Sprintf("tok-%d-%s", i, "αβ"[:i%2*2]), Type: api.TypeBackend,
			Environment: []string{"*", "production", "dev"}[i%3], Projects: projects, CreatedAt: created, ExpiresAt: exp, SeenAt: seen})
	}
	drawn := make([]int, len(APITokenColumns))
	measured := make([]int, len(APITokenColumns))
	measure := MeasureAPIToken(ctx)
	for _, tok := range toks {
		for i, c := range APITokenCells(tok, ctx) {
			drawn[i] = max(drawn[i], table.Width(c.Text))
		}
		measure(tok, measured)
	}
	for i, col := range APITokenColumns {
		exact := col.Title != "Created" && col.Title != "Last seen" && col.Title != "Expires"
		if exact && measured[i] != drawn[i] || measured[i] < drawn[i] {
			t.Errorf("%s: measured %d, drawn %d", col.Title, measured[i], drawn[i])
		}
	}
}
