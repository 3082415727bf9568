package status

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// NeverYears is how far ahead "never" puts an expiry, as Unleash's web UI does.
const NeverYears = 1000

var (
	relative   = regexp.MustCompile(`^(\d{1,5})\s*(h|d|w|mo|y)$`)
	bareMonths = regexp.MustCompile(`^\d+\s*m$`)
	datePrefix = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}`)
)

// ParseExpiry reads an expiry as a person types it:
//
//	30d, 12h, 2w, 3mo, 1y   from now
//	2027-01-31              the end of that day, UTC
//	2027-01-31 18:00        that minute, UTC (also with T, seconds or an offset)
//	never                   1000 years ahead
//
// The result is always in the future.
func ParseExpiry(input string, now time.Time) (time.Time, error) {
	s := strings.ToLower(strings.TrimSpace(input))
	if s == "" {
		return time.Time{}, fmt.Errorf("give an expiry: 30d, 2027-01-31 or never")
	}
	if s == "never" {
		return now.AddDate(NeverYears, 0, 0).UTC(), nil
	}
	if m := relative.FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[1])
		if n == 0 {
			return time.Time{}, fmt.Errorf("%q is now; an expiry must be in the future", input)
		}
		var t time.Time
		switch m[2] {
		case "h":
			t = now.Add(time.Duration(n) * time.Hour)
		case "d":
			t = now.AddDate(0, 0, n)
		case "w":
			t = now.AddDate(0, 0, 7*n)
		case "mo":
			t = now.AddDate(0, n, 0)
		case "y":
			t = now.AddDate(n, 0, 0)
		}
		return t.UTC(), nil
	}
	if bareMonths.MatchString(s) {
		return time.Time{}, fmt.Errorf("%q is ambiguous: write mo for months (1mo) or d for days (30d)", input)
	}
	t, err := parseDate(strings.TrimSpace(input))
	if err != nil {
		return time.Time{}, err
	}
	if !t.After(now) {
		return time.Time{}, fmt.Errorf("%s is in the past; an expiry must be in the future", t.UTC().Format("2006-01-02 15:04 UTC"))
	}
	return t.UTC(), nil
}

func parseDate(s string) (time.Time, error) {
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t.Add(24*time.Hour - time.Second), nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00", "2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02T15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	if datePrefix.MatchString(s) {
		return time.Time{}, fmt.Errorf("%q is not a real date and time (YYYY-MM-DD, optionally HH:MM, in UTC)", s)
	}
	return time.Time{}, fmt.Errorf("%q is not an expiry: use 30d, 12h, 2w, 3mo, 1y, a date such as 2027-01-31 (optionally with HH:MM, UTC) or never", s)
}

// SpanExamples are the lengths of time ParseSpan reads, for messages and help.
const SpanExamples = "12h, 7d, 2w, 3mo or 1y"

// ParseSpan reads a length of time as a person types it: 12h, 7d, 2w, 3mo
// (30 days each), 1y (365 days). It is for thresholds: more than zero.
func ParseSpan(input string) (time.Duration, error) {
	s := strings.ToLower(strings.TrimSpace(input))
	if s != "" && strings.Trim(s, "0") == "" { // "0": zero with or without a unit
		return 0, zeroSpan(input)
	}
	if bareMonths.MatchString(s) {
		return 0, fmt.Errorf("%q is ambiguous: write mo for months (1mo) or d for days (30d)", input)
	}
	m := relative.FindStringSubmatch(s)
	if m == nil {
		return 0, fmt.Errorf("%q is not a length of time: use %s", input, SpanExamples)
	}
	n, _ := strconv.Atoi(m[1])
	if n == 0 {
		return 0, zeroSpan(input)
	}
	unit := map[string]time.Duration{"h": time.Hour, "d": Day, "w": 7 * Day, "mo": 30 * Day, "y": 365 * Day}[m[2]]
	if time.Duration(n) > 100*365*Day/unit {
		return 0, fmt.Errorf("%q is longer than 100 years", input)
	}
	return time.Duration(n) * unit, nil
}

// ErrZeroSpan is what ParseSpan's error wraps when it was given zero: a
// length of time is more than zero, and a command whose zero would mean
// "no limit" says to leave its flag out.
var ErrZeroSpan = errors.New("a length of time of zero")

type zeroSpan string

func (z zeroSpan) Error() string {
	return fmt.Sprintf("%q is zero; give a length of time such as 7d", string(z))
}

func (zeroSpan) Unwrap() error { return ErrZeroSpan }
