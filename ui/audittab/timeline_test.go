package audittab

import (
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/status"
)

// TestTimelineBuckets: the expiry timeline counts each token once, by the
// audit's own rule: expired by its category, never by status.IsNever, the
// rest in the week their expiry falls in, a week's last instant included
// (as "≤14d" counts), up to 90 days ahead.
func TestTimelineBuckets(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	day := status.Day
	at := func(d time.Duration) *time.Time { x := now.Add(d); return &x }
	const none = -1
	cases := []struct {
		name    string
		kind    audit.Kind
		expires *time.Time
		expired bool
		week    int // 0 is the first; none: in no week
	}{
		{"later today", audit.KindPAT, at(time.Hour), false, 0},
		{"exactly now: expired", audit.KindPAT, at(0), true, none},
		{"expired 3 days ago", audit.KindAPIToken, at(-3 * day), true, none},
		{"exactly 7 days: the first week", audit.KindAPIToken, at(7 * day), false, 0},
		{"a second past 7 days: the second week", audit.KindAPIToken, at(7*day + time.Second), false, 1},
		{"exactly 14 days: the second week", audit.KindServiceAccountToken, at(14 * day), false, 1},
		{"day 84 ends the 12th week", audit.KindPAT, at(84 * day), false, 11},
		{"day 90: the last week", audit.KindPAT, at(90 * day), false, 12},
		{"a second past day 90: none", audit.KindPAT, at(90*day + time.Second), false, none},
		{"day 91: none", audit.KindAPIToken, at(91 * day), false, none},
		{"no expiry", audit.KindAPIToken, nil, false, none},
		{"more than 100 years ahead: never", audit.KindServiceAccountToken, at(101 * 365 * day), false, none},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tok := audit.Token{Kind: c.kind, ExpiresAt: c.expires, CreatedAt: now.Add(-365 * day)}
			tok.Categories = status.Default.Classify(tok.Facts(), now)
			tl := newTimeline(&audit.Report{Now: now, Thresholds: status.Default, Tokens: []audit.Token{tok}})
			row := kindRow(c.kind)
			var want timeline
			if c.expired {
				want.expired[row] = 1
			}
			if c.week != none {
				want.weeks[row][c.week] = 1
				want.most = 1
			}
			if tl != want {
				t.Fatalf("got %+v\nwant %+v", tl, want)
			}
		})
	}
}

// TestTimelineKindsAndScale: each kind has its row; the bars scale to the
// largest week, the least count still an eighth.
func TestTimelineKindsAndScale(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	in := func(k audit.Kind, days int) audit.Token {
		x := now.Add(time.Duration(days) * status.Day)
		tok := audit.Token{Kind: k, ExpiresAt: &x, CreatedAt: now.Add(-400 * status.Day)}
		tok.Categories = status.Default.Classify(tok.Facts(), now)
		return tok
	}
	var toks []audit.Token
	for range 16 {
		toks = append(toks, in(audit.KindAPIToken, 3))
	}
	toks = append(toks, in(audit.KindPAT, 3), in(audit.KindServiceAccountToken, 20), in(audit.KindServiceAccountToken, -1))
	tl := newTimeline(&audit.Report{Now: now, Tokens: toks})
	if got := [3]int{tl.weeks[0][0], tl.weeks[1][2], tl.weeks[2][0]}; got != [3]int{1, 1, 16} {
		t.Errorf("PAT, service-account token, API token weeks: %v", got)
	}
	if tl.expired != [3]int{0, 1, 0} {
		t.Errorf("expired %v", tl.expired)
	}
	for _, c := range []struct {
		n    int
		want string
	}{{0, ""}, {1, "▁"}, {2, "▁"}, {3, "▂"}, {8, "▄"}, {16, "█"}} {
		if got := tl.bar(c.n); got != c.want {
			t.Errorf("bar(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}
