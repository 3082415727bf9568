// Package status decides what a token's times mean: its categories
// (expired, expiring, stale, never used, no expiry: Classify) and the words
// for its times ("expired 3d ago", "in 5d", "never used", "2h ago"). It is
// pure (the caller passes the time) and the one home of these facts: the
// TUI, the audit and every output format use it.
package status

import (
	"fmt"
	"math"
	"time"
)

// Thresholds are the windows that split the categories.
type Thresholds struct {
	Soon   time.Duration // expiring soon: within this (3 days)
	Within time.Duration // expiring: within this (14 days)
	Stale  time.Duration // stale: not seen for this long (90 days)
}

// Default thresholds: 3 and 14 days, Unleash's own lead days for its PAT
// expiry warnings, and 90 days.
var Default = Thresholds{Soon: 3 * Day, Within: 14 * Day, Stale: 90 * Day}

// Day is 24 hours.
const Day = 24 * time.Hour

// neverAfter: an expiry more than 100 years ahead counts as never, as in
// Unleash's web UI (which sends now + 1000 years for "Never").
const neverAfter = 100 * 365 * Day

// IsNever reports whether an expiry counts as none: nil, or more than 100
// years ahead.
func IsNever(expiresAt *time.Time, now time.Time) bool {
	return expiresAt == nil || expiresAt.Sub(now) > neverAfter
}

// Unknown is the word for a zero time: a server that gave a time Go reads as
// 0001-01-01 gave none worth a number.
const Unknown = "unknown"

// ExpiryWords says when a token expires: "expired 3d ago", "in 5d", "in 2mo",
// "today" is never said: under a day it counts hours ("in 5h").
func ExpiryWords(expiresAt *time.Time, now time.Time) string {
	if IsNever(expiresAt, now) {
		return "never"
	}
	if expiresAt.IsZero() {
		return Unknown
	}
	d := expiresAt.Sub(now).Round(time.Second) // a server keeps milliseconds
	if d <= 0 {
		return "expired " + Span(-d) + " ago"
	}
	// Two days or more ahead, whole days count from the nearest: a 30-day
	// token made a minute ago reads "in 30d", not "in 29d".
	if d >= 48*time.Hour {
		d = d.Round(Day)
	}
	return "in " + Span(d)
}

// SeenWords says when a token was last used: "never used", "just now", "2h ago".
func SeenWords(seenAt *time.Time, now time.Time) string {
	if seenAt == nil {
		return "never used"
	}
	if seenAt.IsZero() {
		return Unknown
	}
	d := now.Sub(*seenAt)
	if d < time.Minute {
		return "just now"
	}
	return Span(d) + " ago"
}

// Span writes a duration the short way: 45s, 12m, 5h, 40d, 2mo, 3y.
// Days are used up to 59 days, then months of 30 days, then years of 365.
// A duration time.Time.Sub saturated (over 292 years) reads "over 290y".
func Span(d time.Duration) string {
	if d == math.MinInt64 || d == math.MaxInt64 {
		return "over 290y"
	}
	if d < 0 {
		d = -d
	}
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d/time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d/time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d/time.Hour))
	case d < 60*Day:
		return fmt.Sprintf("%dd", int(d/Day))
	case d < 365*Day:
		return fmt.Sprintf("%dmo", int(d/(30*Day)))
	}
	return fmt.Sprintf("%dy", int(d/(365*Day)))
}

// Days writes a threshold exactly: "90d" for whole days, else "36h".
func Days(d time.Duration) string {
	if d%Day == 0 {
		return fmt.Sprintf("%dd", int(d/Day))
	}
	return fmt.Sprintf("%dh", int(d/time.Hour))
}

// Exact writes a time as an exact UTC timestamp, or "never", or "unknown"
// for a zero time.
func Exact(t *time.Time) string {
	switch {
	case t == nil:
		return "never"
	case t.IsZero():
		return Unknown
	}
	return t.UTC().Format("2006-01-02 15:04:05 UTC")
}

// Date writes a time's UTC day, 2026-01-31, or "unknown" for a zero time.
func Date(t time.Time) string {
	if t.IsZero() {
		return Unknown
	}
	return t.UTC().Format("2006-01-02")
}
