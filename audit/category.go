// Package audit reads every token a user can see — their PATs, every service
// account's tokens, every project's tokens and all API tokens — with bounded
// concurrency, and sorts them into the categories an admin acts on: expired,
// expiring, stale, never used, never expiring. It is pure of any UI.
package audit

import (
	"time"

	"github.com/unleash-tokens/unleash-tokens/status"
)

// Category is one question the audit answers about a token.
type Category int

const (
	Expired       Category = iota // its expiry has passed
	ExpiringSoon                  // expires within Thresholds.Soon (7 days)
	Expiring                      // expires within Thresholds.Month (30 days), the soon ones included
	NeverUsed                     // never seen
	Stale                         // not used for Thresholds.Stale (90 days): last seen before, or never used and older
	NeverExpires                  // no expiry, or more than 100 years ahead
	NumCategories                 // how many categories there are
)

// Categories in the order the summary shows them.
var Categories = []Category{Expired, ExpiringSoon, Expiring, NeverUsed, Stale, NeverExpires}

// Key is the stable name used in JSON, CSV and flags.
func (c Category) Key() string {
	return [...]string{"expired", "expiring_soon", "expiring", "never_used", "stale", "never_expires"}[c]
}

// Label is the short human name, with the thresholds in it.
func (c Category) Label(th status.Thresholds) string {
	switch c {
	case Expired:
		return "expired"
	case ExpiringSoon:
		return "expiring ≤" + status.Days(th.Soon)
	case Expiring:
		return "expiring ≤" + status.Days(th.Month)
	case NeverUsed:
		return "never used"
	case Stale:
		return "stale " + status.Days(th.Stale)
	}
	return "never expire"
}

// Set is a set of categories.
type Set uint8

// Has reports whether c is in the set.
func (s Set) Has(c Category) bool { return s&(1<<c) != 0 }

func (s Set) with(c Category) Set { return s | 1<<c }

// Classify puts a token in its categories. Edges: an expiry exactly now is
// expired; exactly Soon ahead is expiring soon; a token seen exactly Stale ago
// is stale.
func Classify(expiresAt, seenAt *time.Time, createdAt, now time.Time, th status.Thresholds) Set {
	var s Set
	switch e := th.ExpiryOf(expiresAt, now); {
	case e == status.NeverExpires:
		s = s.with(NeverExpires)
	case !expiresAt.After(now):
		s = s.with(Expired)
	default:
		left := expiresAt.Sub(now)
		if left <= th.Soon {
			s = s.with(ExpiringSoon)
		}
		if left <= th.Month {
			s = s.with(Expiring)
		}
	}
	switch {
	case seenAt == nil:
		s = s.with(NeverUsed)
		if !createdAt.IsZero() && now.Sub(createdAt) >= th.Stale {
			s = s.with(Stale)
		}
	case now.Sub(*seenAt) >= th.Stale:
		s = s.with(Stale)
	}
	return s
}

// Findings are the categories that make the audit command exit 1: expired,
// expiring within the window, stale. Never used and never expiring are
// reported but are not, alone, a problem.
func (s Set) Finding() bool { return s.Has(Expired) || s.Has(Expiring) || s.Has(Stale) }
