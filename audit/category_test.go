package audit

import (
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/status"
)

func TestClassifyEdges(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	at := func(d time.Duration) *time.Time { t := now.Add(d); return &t }
	berlin := time.FixedZone("CET", 3600)
	inBerlin := func(d time.Duration) *time.Time { t := now.Add(d).In(berlin); return &t }
	created := now.Add(-10 * day)
	ty := now.AddDate(1000, 0, 0) // beyond what a Duration holds
	thousandYears := &ty
	th := status.Default
	tests := []struct {
		name    string
		expires *time.Time
		seen    *time.Time
		created time.Time
		want    []Category
	}{
		{"expired a second ago, seen today", at(-time.Second), at(-time.Hour), created, []Category{Expired}},
		{"expires exactly now: expired", at(0), at(-time.Hour), created, []Category{Expired}},
		{"expires later today", at(5 * time.Hour), at(-time.Hour), created, []Category{ExpiringSoon, Expiring}},
		{"expires in exactly 7 days: soon", at(7 * day), at(-time.Hour), created, []Category{ExpiringSoon, Expiring}},
		{"7 days and a second: within 30 only", at(7*day + time.Second), at(-time.Hour), created, []Category{Expiring}},
		{"expires in exactly 30 days", at(30 * day), at(-time.Hour), created, []Category{Expiring}},
		{"30 days and a second: none", at(30*day + time.Second), at(-time.Hour), created, nil},
		{"same instant in another zone", inBerlin(7 * day), inBerlin(-time.Hour), created, []Category{ExpiringSoon, Expiring}},
		{"no expiry", nil, at(-time.Hour), created, []Category{NeverExpires}},
		{"a thousand years ahead: never", thousandYears, at(-time.Hour), created, []Category{NeverExpires}},
		{"99 years ahead: a real expiry", at(99 * 365 * day), at(-time.Hour), created, nil},
		{"seen just now", at(60 * day), at(0), created, nil},
		{"seen exactly 90 days ago: stale", at(60 * day), at(-90 * day), created, []Category{Stale}},
		{"seen 89 days ago", at(60 * day), at(-89 * day), created, nil},
		{"never used, made 10 days ago", at(60 * day), nil, created, []Category{NeverUsed}},
		{"never used, made 90 days ago: stale too", at(60 * day), nil, now.Add(-90 * day), []Category{NeverUsed, Stale}},
		{"never used, no creation time", at(60 * day), nil, time.Time{}, []Category{NeverUsed}},
		{"expired, never used, old, no findings hidden", at(-day), nil, now.Add(-400 * day), []Category{Expired, NeverUsed, Stale}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Classify(tt.expires, tt.seen, tt.created, now, th)
			var want Set
			for _, c := range tt.want {
				want = want.with(c)
			}
			if got != want {
				t.Fatalf("got %s, want %s", names(got), names(want))
			}
		})
	}
}

func TestCustomThresholds(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	in := now.Add(45 * 24 * time.Hour)
	seen := now.Add(-40 * 24 * time.Hour)
	th := status.Thresholds{Soon: 14 * status.Day, Month: 60 * status.Day, Stale: 30 * status.Day}
	if got := Classify(&in, &seen, now, now, th); !got.Has(Expiring) || got.Has(ExpiringSoon) || !got.Has(Stale) {
		t.Fatalf("got %s", names(got))
	}
	if got := Classify(&in, &seen, now, now, status.Default); got != 0 {
		t.Fatalf("default thresholds: got %s", names(got))
	}
}

func TestFindings(t *testing.T) {
	for c, want := range map[Category]bool{Expired: true, ExpiringSoon: false, Expiring: true, Stale: true, NeverUsed: false, NeverExpires: false} {
		if got := Set(0).with(c).Finding(); got != want {
			t.Errorf("%s alone: finding %v, want %v", c.Key(), got, want)
		}
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
