package tokens

import (
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/status"
	"github.com/unleash-tokens/unleash-tokens/ui/core"
	"github.com/unleash-tokens/unleash-tokens/ui/table"
)

// The widest the time columns' words get: "11mo ago", "never used",
// "expired 11mo ago" (an expiry ahead is at most "in 11mo").
const (
	agoWidth     = 8
	seenWidth    = 10
	expiredWidth = 16
	aheadWidth   = 7
)

// statusWidths measures the last three columns of a token row (Last seen,
// Expires, Status) without drawing them; the Status words of each set of
// categories are measured once per load.
type statusWidths struct {
	th    status.Thresholds
	now   time.Time
	risks core.Risks
	words [1 << status.NumCategories]int
}

// newStatusWidths is made on the UI goroutine (it reads the context) and
// measures off it.
func newStatusWidths(c *core.Context) *statusWidths {
	return &statusWidths{th: c.Thresholds, now: c.Now(), risks: c.Risks()}
}

func (s *statusWidths) measure(f status.Facts, risks []audit.RiskFinding, w []int, col int) {
	set := s.th.Classify(f, s.now)
	w[col] = max(w[col], seenWidth)
	if set.Has(status.Expired) {
		w[col+1] = max(w[col+1], expiredWidth)
	} else {
		w[col+1] = max(w[col+1], aheadWidth)
	}
	if len(risks) > 0 {
		w[col+2] = max(w[col+2], statusWidth(set, s.th, risks))
		return
	}
	if s.words[set] == 0 {
		s.words[set] = table.Width(set.Words(s.th))
	}
	w[col+2] = max(w[col+2], s.words[set])
}

// MeasureAPIToken measures API-token rows for APITokenColumns.
func MeasureAPIToken(c *core.Context) func(api.APIToken, []int) {
	s := newStatusWidths(c)
	return func(t api.APIToken, w []int) {
		w[0] = max(w[0], table.Width(api.Clean(t.Name)))
		w[1] = max(w[1], len(t.Type))
		w[2] = max(w[2], table.Width(EnvironmentText(t.Environment)))
		w[3] = max(w[3], projectsWidth(t.Projects))
		w[4] = max(w[4], agoWidth)
		s.measure(t.Facts(), apiTokenRisks(s.risks, t), w, 5)
	}
}

// MeasurePAT measures PAT rows for PATColumns.
func MeasurePAT(c *core.Context) func(api.PAT, []int) {
	s := newStatusWidths(c)
	return func(p api.PAT, w []int) {
		w[0] = max(w[0], table.Width(api.Clean(p.Description)))
		w[1] = max(w[1], agoWidth)
		s.measure(p.Facts(), patRisks(s.risks, p), w, 2)
	}
}

// projectsWidth is the width of ProjectsText without making it.
func projectsWidth(projects []string) int {
	n := 0
	for i, p := range projects {
		if p == "*" {
			return len("all")
		}
		if i > 0 {
			n += 2
		}
		n += table.Width(api.Clean(p))
	}
	return n
}
