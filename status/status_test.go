package status

import (
	"testing"
	"time"
)

var now = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

func at(d time.Duration) *time.Time { t := now.Add(d); return &t }

func TestExpiryWords(t *testing.T) {
	tests := []struct {
		name  string
		at    *time.Time
		words string
	}{
		{"no expiry", nil, "never"},
		{"1000 years ahead", func() *time.Time { t := now.AddDate(1000, 0, 0); return &t }(), "never"},
		{"101 years ahead", at(101 * 365 * Day), "never"},
		{"99 years ahead", at(99 * 365 * Day), "in 99y"},
		{"expired 3 days ago", at(-3 * Day), "expired 3d ago"},
		{"expired a second ago", at(-time.Second), "expired 1s ago"},
		{"exactly now", at(0), "expired 0s ago"},
		{"in 5 hours", at(5 * time.Hour), "in 5h"},
		{"exactly 7 days", at(7 * Day), "in 7d"},
		{"7 days and a second", at(7*Day + time.Second), "in 7d"},
		{"31 days", at(31 * Day), "in 31d"},
		{"30 days made a minute ago", at(30*Day - time.Minute), "in 30d"},
		{"47 hours: hours, not rounded", at(47*time.Hour + 50*time.Minute), "in 47h"},
		{"2 days 11 hours", at(2*Day + 11*time.Hour), "in 2d"},
		{"2 days 13 hours", at(2*Day + 13*time.Hour), "in 3d"},
		{"2 months", at(65 * Day), "in 2mo"},
		{"other time zone, same instant", func() *time.Time {
			t := now.Add(2 * Day).In(time.FixedZone("UTC+14", 14*3600))
			return &t
		}(), "in 2d"},
		{"zero time", &time.Time{}, "unknown"},
		{"beyond a Duration's range", func() *time.Time { t := time.Date(1500, 1, 1, 0, 0, 0, 0, time.UTC); return &t }(), "expired over 290y ago"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ExpiryWords(tt.at, now); got != tt.words {
				t.Errorf("words %q, want %q", got, tt.words)
			}
		})
	}
}

func TestSeenWords(t *testing.T) {
	tests := []struct {
		name  string
		at    *time.Time
		words string
	}{
		{"never", nil, "never used"},
		{"just now", at(-10 * time.Second), "just now"},
		{"in the future (clock skew)", at(30 * time.Second), "just now"},
		{"2 hours", at(-2 * time.Hour), "2h ago"},
		{"40 days", at(-40 * Day), "40d ago"},
		{"89 days", at(-89 * Day), "2mo ago"},
		{"400 days", at(-400 * Day), "1y ago"},
		{"zero time", &time.Time{}, "unknown"},
		{"beyond a Duration's range", func() *time.Time { t := time.Date(1500, 1, 1, 0, 0, 0, 0, time.UTC); return &t }(), "over 290y ago"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SeenWords(tt.at, now); got != tt.words {
				t.Errorf("words %q, want %q", got, tt.words)
			}
		})
	}
}

func TestExact(t *testing.T) {
	if got := Exact(at(0)); got != "2026-11-23 12:00:00 UTC" {
		t.Errorf("got %q", got)
	}
	if Exact(nil) != "never" {
		t.Error("nil is never")
	}
	if Exact(&time.Time{}) != "unknown" || Date(time.Time{}) != "unknown" {
		t.Error("a zero time is unknown")
	}
	if Date(now) != "2026-11-23" {
		t.Errorf("Date = %q", Date(now))
	}
}
