package status

import (
	"strings"
	"testing"
	"time"
)

func TestParseExpiry(t *testing.T) {
	tests := []struct {
		in   string
		want string // UTC, or the start of the error
	}{
		{"30d", "2026-12-23T12:00:00Z"},
		{" 7D ", "2026-11-30T12:00:00Z"},
		{"12h", "2026-11-24T00:00:00Z"},
		{"2w", "2026-12-07T12:00:00Z"},
		{"1mo", "2026-12-23T12:00:00Z"},
		{"31d", "2026-12-24T12:00:00Z"},
		{"1y", "2027-11-23T12:00:00Z"},
		{"never", "3026-11-23T12:00:00Z"},
		{"2027-01-31", "2027-01-31T23:59:59Z"},
		{"2027-01-31 18:00", "2027-01-31T18:00:00Z"},
		{"2027-01-31T18:00:30", "2027-01-31T18:00:30Z"},
		{"2027-01-31T18:00:00+02:00", "2027-01-31T16:00:00Z"},
		{"2026-11-23", "2026-11-23T23:59:59Z"},
		{"", "error: give an expiry"},
		{"0d", `error: "0d" is now`},
		{"1m", `error: "1m" is ambiguous`},
		{"2027-02-30", `error: "2027-02-30" is not a real date`},
		{"2026-11-22", "error: 2026-11-22 23:59 UTC is in the past"},
		{"2026-11-23 11:59", "error: 2026-11-23 11:59 UTC is in the past"},
		{"tomorrow", `error: "tomorrow" is not an expiry`},
		{"-5d", `error: "-5d" is not an expiry`},
		{"99999999d", `error: "99999999d" is not an expiry`},
	}
	for _, tt := range tests {
		got, err := ParseExpiry(tt.in, now)
		if strings.HasPrefix(tt.want, "error: ") {
			if err == nil || !strings.HasPrefix(err.Error(), strings.TrimPrefix(tt.want, "error: ")) {
				t.Errorf("%q: got %v, %v; want %s", tt.in, got, err, tt.want)
			}
			continue
		}
		if err != nil || got.Format(time.RFC3339) != tt.want {
			t.Errorf("%q: got %v, %v; want %s", tt.in, got.Format(time.RFC3339), err, tt.want)
		}
	}
}

func TestParseSpan(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		err  string
	}{
		{"7d", 7 * Day, ""},
		{" 30D ", 30 * Day, ""},
		{"12h", 12 * time.Hour, ""},
		{"2w", 14 * Day, ""},
		{"3mo", 90 * Day, ""},
		{"1y", 365 * Day, ""},
		{"99999y", 0, `"99999y" is longer than 100 years`},
		{"1m", 0, `"1m" is ambiguous: write mo for months (1mo) or d for days (30d)`},
		{"0d", 0, `"0d" is zero; give a length of time such as 7d`},
		{"0", 0, `"0" is zero; give a length of time such as 7d`},
		{"00", 0, `"00" is zero; give a length of time such as 7d`},
		{"", 0, `"" is not a length of time: use 12h, 7d, 2w, 3mo or 1y`},
		{"-3d", 0, `"-3d" is not a length of time: use 12h, 7d, 2w, 3mo or 1y`},
		{"seven days", 0, `"seven days" is not a length of time: use 12h, 7d, 2w, 3mo or 1y`},
	}
	for _, tt := range tests {
		got, err := ParseSpan(tt.in)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("ParseSpan(%q) error %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseSpan(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}
