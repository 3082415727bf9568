package status

import (
	"testing"
	"time"
)

// FuzzParseExpiry: any input gives a time in the future or an error that
// quotes what was typed; never a panic.
func FuzzParseExpiry(f *testing.F) {
	for _, s := range []string{"30d", "12h", "2w", "3mo", "1y", "never", "2027-01-31", "2027-01-31 18:00",
		"2027-01-31T18:00:00Z", "2027-01-31T18:00:00+05:30", "2027-02-30", "1m", "31d", "1mo", "0d", "-3d",
		"99999d", "2020-01-01", "", "   ", "yesterday", "９d", "30 d", "1e9d", "2027-13-01", "24:00"} {
		f.Add(s)
	}
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseExpiry(s, now)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		if !got.After(now) {
			t.Fatalf("ParseExpiry(%q) = %v, not in the future", s, got)
		}
		if got.Location() != time.UTC {
			t.Fatalf("ParseExpiry(%q) not in UTC", s)
		}
	})
}

// FuzzParseSpan: a threshold is positive or an error.
func FuzzParseSpan(f *testing.F) {
	for _, s := range []string{"7d", "30d", "90d", "12h", "2w", "3mo", "1y", "1m", "0d", "", "99999y", "-1d", "7 d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseSpan(s)
		if err == nil && d <= 0 {
			t.Fatalf("ParseSpan(%q) = %v", s, d)
		}
	})
}
