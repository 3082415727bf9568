package rotate

import (
	"strings"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/tokenref"
)

// TestNewExpiryReasons (issue 19, item 9): the new token's expiry without
// --expires, and the reason given for it, for every shape of old token.
func TestNewExpiryReasons(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	at := func(d time.Duration) *time.Time { x := now.Add(d); return &x }
	never := now.AddDate(1000, 0, 0) // what the web UI sends for "Never"
	tests := []struct {
		name    string
		created time.Time
		expires *time.Time
		life    time.Duration
		reason  string
	}{
		{"no expiry", now.Add(-10 * day), nil, DefaultLifetime, "90d, as the old token had no expiry"},
		{"never (1000 years)", now.Add(-10 * day), &never, DefaultLifetime, "90d, as the old token had no expiry"},
		{"expired, with a lifetime", now.Add(-40 * day), at(-10 * day), 30 * day, "the old token's lifetime (30d)"},
		{"expired before it was made", now, at(-40 * day), DefaultLifetime, "90d, as the old token had no lifetime to copy (it expired 2026-10-14 12:00 UTC, not after it was made, 2026-11-23 12:00 UTC)"},
		{"no creation time", time.Time{}, at(10 * day), DefaultLifetime, "90d, as the old token's lifetime is unknown (the server gave no creation time)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old := tokenref.FromAPIToken(api.APIToken{Name: "x", CreatedAt: tt.created, ExpiresAt: tt.expires}, "")
			got, reason := newExpiry(old, nil, now)
			if got == nil || !got.Equal(now.Add(tt.life)) || reason != tt.reason {
				t.Fatalf("got %v %q, want %v %q", got, reason, now.Add(tt.life), tt.reason)
			}
			if tt.expires != nil && strings.Contains(reason, "had no expiry") && tt.expires.Before(now.AddDate(100, 0, 0)) {
				t.Fatal("says no expiry of a token that had one")
			}
		})
	}
}
