package status

import (
	"testing"
	"time"
)

var now = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

func at(d time.Duration) *time.Time { t := now.Add(d); return &t }

func TestExpiry(t *testing.T) {
	tests := []struct {
		name    string
		at      *time.Time
		bucket  Expiry
		words   string
		summary string
	}{
		{"no expiry", nil, NeverExpires, "never", "no expiry, never used"},
		{"1000 years ahead", func() *time.Time { t := now.AddDate(1000, 0, 0); return &t }(), NeverExpires, "never", "no expiry, never used"},
		{"101 years ahead", at(101 * 365 * Day), NeverExpires, "never", "no expiry, never used"},
		{"99 years ahead", at(99 * 365 * Day), ExpiresLater, "in 99y", "never used"},
		{"expired 3 days ago", at(-3 * Day), Expired, "expired 3d ago", "expired"},
		{"expired a second ago", at(-time.Second), Expired, "expired 1s ago", "expired"},
		{"exactly now", at(0), Expired, "expired 0s ago", "expired"},
		{"in 5 hours", at(5 * time.Hour), ExpiresSoon, "in 5h", "expires soon, never used"},
		{"exactly 7 days", at(7 * Day), ExpiresSoon, "in 7d", "expires soon, never used"},
		{"7 days and a second", at(7*Day + time.Second), ExpiresMonth, "in 7d", "expires ≤30d, never used"},
		{"exactly 30 days", at(30 * Day), ExpiresMonth, "in 30d", "expires ≤30d, never used"},
		{"31 days", at(31 * Day), ExpiresLater, "in 31d", "never used"},
		{"30 days made a minute ago", at(30*Day - time.Minute), ExpiresMonth, "in 30d", "expires ≤30d, never used"},
		{"47 hours: hours, not rounded", at(47*time.Hour + 50*time.Minute), ExpiresSoon, "in 47h", "expires soon, never used"},
		{"2 days 11 hours", at(2*Day + 11*time.Hour), ExpiresSoon, "in 2d", "expires soon, never used"},
		{"2 days 13 hours", at(2*Day + 13*time.Hour), ExpiresSoon, "in 3d", "expires soon, never used"},
		{"2 months", at(65 * Day), ExpiresLater, "in 2mo", "never used"},
		{"other time zone, same instant", func() *time.Time {
			t := now.Add(2 * Day).In(time.FixedZone("UTC+14", 14*3600))
			return &t
		}(), ExpiresSoon, "in 2d", "expires soon, never used"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Default.ExpiryOf(tt.at, now); got != tt.bucket {
				t.Errorf("bucket %v, want %v", got, tt.bucket)
			}
			if got := ExpiryWords(tt.at, now); got != tt.words {
				t.Errorf("words %q, want %q", got, tt.words)
			}
			if got := Default.Summary(tt.at, nil, now); got != tt.summary {
				t.Errorf("summary %q, want %q", got, tt.summary)
			}
		})
	}
}

func TestSeen(t *testing.T) {
	tests := []struct {
		name   string
		at     *time.Time
		bucket Seen
		words  string
	}{
		{"never", nil, NeverUsed, "never used"},
		{"just now", at(-10 * time.Second), SeenRecently, "just now"},
		{"in the future (clock skew)", at(30 * time.Second), SeenRecently, "just now"},
		{"2 hours", at(-2 * time.Hour), SeenRecently, "2h ago"},
		{"40 days", at(-40 * Day), SeenRecently, "40d ago"},
		{"89 days", at(-89 * Day), SeenRecently, "2mo ago"},
		{"exactly 90 days", at(-90 * Day), Stale, "3mo ago"},
		{"400 days", at(-400 * Day), Stale, "1y ago"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Default.SeenOf(tt.at, now); got != tt.bucket {
				t.Errorf("bucket %v, want %v", got, tt.bucket)
			}
			if got := SeenWords(tt.at, now); got != tt.words {
				t.Errorf("words %q, want %q", got, tt.words)
			}
		})
	}
}

func TestSummaryCombines(t *testing.T) {
	if got := Default.Summary(at(3*Day), at(-100*Day), now); got != "expires soon, stale" {
		t.Errorf("got %q", got)
	}
	if got := Default.Summary(at(300*Day), at(-time.Hour), now); got != "ok" {
		t.Errorf("got %q", got)
	}
	if got := Default.Summary(at(-time.Hour), nil, now); got != "expired" {
		t.Errorf("expired wins alone: %q", got)
	}
}

func TestExact(t *testing.T) {
	if got := Exact(at(0)); got != "2026-11-23 12:00:00 UTC" {
		t.Errorf("got %q", got)
	}
	if Exact(nil) != "never" {
		t.Error("nil is never")
	}
}
