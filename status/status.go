// Package status turns a token's expiresAt and seenAt into buckets and words:
// "expired 3d ago", "in 5d", "never"; "never used", "2h ago", stale. It is
// pure (the caller passes the time) so the TUI and the audit agree.
package status

import (
	"fmt"
	"time"
)

// Thresholds are the day counts that split the buckets.
type Thresholds struct {
	Soon  time.Duration // expiring soon: within this (7 days)
	Month time.Duration // expiring: within this (30 days)
	Stale time.Duration // stale: not seen for this long (90 days)
}

// Default thresholds: 7, 30 and 90 days.
var Default = Thresholds{Soon: 7 * Day, Month: 30 * Day, Stale: 90 * Day}

// Day is 24 hours.
const Day = 24 * time.Hour

// neverAfter: an expiry more than 100 years ahead counts as never, as in
// Unleash's web UI (which sends now + 1000 years for "Never").
const neverAfter = 100 * 365 * Day

// Expiry is an expiry bucket, ordered from most to least urgent.
type Expiry int

const (
	Expired      Expiry = iota // expiresAt is past
	ExpiresSoon                // within Thresholds.Soon
	ExpiresMonth               // within Thresholds.Month
	ExpiresLater               // later than that
	NeverExpires               // no expiry, or more than 100 years ahead
)

func (e Expiry) String() string {
	return [...]string{"expired", "expires soon", "expires within a month", "expires later", "never expires"}[e]
}

// Seen is a last-seen bucket.
type Seen int

const (
	SeenRecently Seen = iota
	Stale             // not seen for Thresholds.Stale
	NeverUsed         // seenAt is null
)

func (s Seen) String() string { return [...]string{"in use", "stale", "never used"}[s] }

// ExpiryOf buckets an expiry time.
func (th Thresholds) ExpiryOf(expiresAt *time.Time, now time.Time) Expiry {
	if expiresAt == nil || expiresAt.Sub(now) > neverAfter {
		return NeverExpires
	}
	left := expiresAt.Sub(now)
	switch {
	case left <= 0:
		return Expired
	case left <= th.Soon:
		return ExpiresSoon
	case left <= th.Month:
		return ExpiresMonth
	}
	return ExpiresLater
}

// SeenOf buckets a last-seen time.
func (th Thresholds) SeenOf(seenAt *time.Time, now time.Time) Seen {
	switch {
	case seenAt == nil:
		return NeverUsed
	case now.Sub(*seenAt) >= th.Stale:
		return Stale
	}
	return SeenRecently
}

// ExpiryWords says when a token expires: "expired 3d ago", "in 5d", "in 2mo",
// "today" is never said: under a day it counts hours ("in 5h").
func ExpiryWords(expiresAt *time.Time, now time.Time) string {
	if expiresAt == nil || expiresAt.Sub(now) > neverAfter {
		return "never"
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
	d := now.Sub(*seenAt)
	if d < time.Minute {
		return "just now"
	}
	return Span(d) + " ago"
}

// Span writes a duration the short way: 45s, 12m, 5h, 40d, 2mo, 3y.
// Days are used up to 59 days, then months of 30 days, then years of 365.
func Span(d time.Duration) string {
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

// Summary is a token's status in a few words, most urgent first, e.g.
// "expired", "expires soon, stale", "never used", "ok".
func (th Thresholds) Summary(expiresAt, seenAt *time.Time, now time.Time) string {
	e, s := th.ExpiryOf(expiresAt, now), th.SeenOf(seenAt, now)
	var out string
	switch e {
	case Expired:
		return "expired"
	case ExpiresSoon:
		out = "expires soon"
	case ExpiresMonth:
		out = "expires ≤" + Days(th.Month)
	case NeverExpires:
		out = "no expiry"
	}
	var seen string
	switch s {
	case Stale:
		seen = "stale"
	case NeverUsed:
		seen = "never used"
	}
	switch {
	case out != "" && seen != "":
		return out + ", " + seen
	case out != "":
		return out
	case seen != "":
		return seen
	}
	return "ok"
}

// Exact writes a time as an exact UTC timestamp, or "never".
func Exact(t *time.Time) string {
	if t == nil {
		return "never"
	}
	return t.UTC().Format("2006-01-02 15:04:05 UTC")
}
