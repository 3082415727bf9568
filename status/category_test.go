package status

import (
	"testing"
	"time"
)

func TestClassifyEdges(t *testing.T) {
	berlin := time.FixedZone("CET", 3600)
	inBerlin := func(d time.Duration) *time.Time { t := now.Add(d).In(berlin); return &t }
	old := now.Add(-400 * Day)    // long past half of any lifetime below
	ty := now.AddDate(1000, 0, 0) // beyond what a Duration holds
	thousandYears := &ty
	tests := []struct {
		name  string
		facts Facts
		want  []Category
		words string
	}{
		{"expired a second ago, seen today", Facts{old, at(-time.Second), at(-time.Hour), false, false}, []Category{Expired}, "expired"},
		{"expires exactly now: expired", Facts{old, at(0), at(-time.Hour), false, false}, []Category{Expired}, "expired"},
		{"expires later today", Facts{old, at(5 * time.Hour), at(-time.Hour), false, false}, []Category{ExpiringSoon, Expiring}, "expiring ≤3d"},
		{"in exactly 3 days: soon", Facts{old, at(3 * Day), at(-time.Hour), false, false}, []Category{ExpiringSoon, Expiring}, "expiring ≤3d"},
		{"3 days and a second: within 14 only", Facts{old, at(3*Day + time.Second), at(-time.Hour), false, false}, []Category{Expiring}, "expiring ≤14d"},
		{"in exactly 14 days", Facts{old, at(14 * Day), at(-time.Hour), false, false}, []Category{Expiring}, "expiring ≤14d"},
		{"14 days and a second: none", Facts{old, at(14*Day + time.Second), at(-time.Hour), false, false}, nil, "ok"},
		{"same instant in another zone", Facts{old, inBerlin(3 * Day), inBerlin(-time.Hour), false, false}, []Category{ExpiringSoon, Expiring}, "expiring ≤3d"},
		{"no expiry", Facts{old, nil, at(-time.Hour), false, false}, []Category{NeverExpires}, "no expiry"},
		{"a thousand years ahead: never", Facts{old, thousandYears, at(-time.Hour), false, false}, []Category{NeverExpires}, "no expiry"},
		{"99 years ahead: a real expiry", Facts{old, at(99 * 365 * Day), at(-time.Hour), false, false}, nil, "ok"},
		{"seen just now", Facts{old, at(60 * Day), at(0), false, false}, nil, "ok"},
		{"seen exactly 90 days ago: stale", Facts{old, at(60 * Day), at(-90 * Day), false, false}, []Category{Stale}, "stale"},
		{"seen 89 days ago", Facts{old, at(60 * Day), at(-89 * Day), false, false}, nil, "ok"},
		{"never used, made 10 days ago", Facts{now.Add(-10 * Day), at(60 * Day), nil, false, false}, []Category{NeverUsed}, "never used"},
		{"never used, made 90 days ago: stale too", Facts{now.Add(-90 * Day), at(60 * Day), nil, false, false}, []Category{Stale, NeverUsed}, "stale, never used"},
		{"never used, no creation time", Facts{time.Time{}, at(60 * Day), nil, false, false}, []Category{NeverUsed}, "never used"},
		{"expired, never used, old: nothing hidden", Facts{old, at(-Day), nil, false, false}, []Category{Expired, Stale, NeverUsed}, "expired, stale, never used"},

		// Half of the lifetime: Unleash's rule for its own PAT warnings.
		{"30-day token made a minute ago: not a finding", Facts{now.Add(-time.Minute), at(30*Day - time.Minute), at(-time.Second), false, false}, nil, "ok"},
		{"14-day token made now: in its first half", Facts{now, at(14 * Day), at(0), false, false}, nil, "ok"},
		{"14-day token at exactly half", Facts{now.Add(-7 * Day), at(7 * Day), at(0), false, false}, []Category{Expiring}, "expiring ≤14d"},
		{"14-day token a second before half", Facts{now.Add(-7*Day + time.Second), at(7*Day + time.Second), at(0), false, false}, nil, "ok"},
		{"5-day token made 3 days ago, 2 days left: soon", Facts{now.Add(-3 * Day), at(2 * Day), at(0), false, false}, []Category{ExpiringSoon, Expiring}, "expiring ≤3d"},
		{"4-day token made an hour ago, first half though ≤3d", Facts{now.Add(-time.Hour), at(3 * Day), at(0), false, false}, nil, "ok"},
		{"no creation time: never hidden", Facts{time.Time{}, at(2 * Day), at(0), false, false}, []Category{ExpiringSoon, Expiring}, "expiring ≤3d"},
		{"created after its expiry (bad data): never hidden", Facts{now.Add(Day), at(2 * Day), at(0), false, false}, []Category{ExpiringSoon, Expiring}, "expiring ≤3d"},

		// The server's expiryWarning wins over the lifetime rule and our window.
		{"server warns in the first half", Facts{now, at(10 * Day), at(0), true, false}, []Category{Expiring}, "expiring ≤14d"},
		{"server warns beyond our window", Facts{old, at(20 * Day), at(0), true, false}, []Category{Expiring}, "expiring ≤14d"},
		{"server warns 2 days ahead, first half", Facts{now, at(2 * Day), at(0), true, false}, []Category{ExpiringSoon, Expiring}, "expiring ≤3d"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Default.Classify(tt.facts, now)
			var want Set
			for _, c := range tt.want {
				want = want.With(c)
			}
			if got != want {
				t.Fatalf("got %s, want %s", names(got), names(want))
			}
			if w := got.Words(Default); w != tt.words {
				t.Fatalf("words %q, want %q", w, tt.words)
			}
		})
	}
}

func TestCustomThresholds(t *testing.T) {
	in := now.Add(45 * Day)
	seen := now.Add(-40 * Day)
	f := Facts{CreatedAt: now.Add(-400 * Day), ExpiresAt: &in, SeenAt: &seen}
	th := Thresholds{Soon: 14 * Day, Within: 60 * Day, Stale: 30 * Day}
	if got := th.Classify(f, now); !got.Has(Expiring) || got.Has(ExpiringSoon) || !got.Has(Stale) {
		t.Fatalf("got %s", names(got))
	}
	if got := th.Classify(f, now).Words(th); got != "expiring ≤60d, stale" {
		t.Fatalf("words %q", got)
	}
	if got := Default.Classify(f, now); got != 0 {
		t.Fatalf("default thresholds: got %s", names(got))
	}
}

func TestFindings(t *testing.T) {
	for c, want := range map[Category]bool{Expired: true, ExpiringSoon: false, Expiring: true, Stale: true, NeverUsed: false, NeverExpires: false} {
		if got := Set(0).With(c).Finding(); got != want {
			t.Errorf("%s alone: finding %v, want %v", c.Key(), got, want)
		}
	}
}

func TestMostAndColumns(t *testing.T) {
	s := Set(0).With(NeverUsed).With(Stale).With(Expiring)
	if c, ok := s.Most(); !ok || c != Expiring {
		t.Errorf("most: %v %v", c, ok)
	}
	if c, ok := s.Expiry(); !ok || c != Expiring {
		t.Errorf("expiry column: %v %v", c, ok)
	}
	if c, ok := s.Seen(); !ok || c != Stale {
		t.Errorf("seen column: %v %v", c, ok)
	}
	if _, ok := Set(0).Most(); ok {
		t.Error("empty set has no most urgent category")
	}
}

func names(s Set) string {
	out := ""
	for _, c := range Categories {
		if s.Has(c) {
			out += c.Key() + " "
		}
	}
	if out == "" {
		return "none"
	}
	return out
}
