package status

import (
	"strings"
	"time"
)

// Category is one thing an admin acts on about a token. Every screen, the
// audit and every output format take a token's categories from Classify and
// its words from Label, so a token reads the same everywhere.
type Category int

// The categories, most urgent first.
const (
	Expired      Category = iota // its expiry has passed
	ExpiringSoon                 // expires within Thresholds.Soon (see Classify)
	Expiring                     // expires within Thresholds.Within, the soon ones included
	Stale                        // not used for Thresholds.Stale: last seen before that, or never used and made before that
	NeverUsed                    // never seen
	NeverExpires                 // no expiry, or more than 100 years ahead
	// Retiring: a later token of the same name and scope outlives it (a
	// rotation's old token in its grace period). It takes the place of
	// expiring: not a finding, not in the summaries; the Status column, the
	// filter and JSON/CSV say it.
	Retiring
	NumCategories // how many categories there are
)

// Categories in the order every summary shows them: most urgent first.
// Retiring, not a finding, is in no summary (see allCategories).
var Categories = []Category{Expired, ExpiringSoon, Expiring, Stale, NeverUsed, NeverExpires}

// allCategories are Categories and Retiring: what a token's words and keys
// are made of.
var allCategories = []Category{Expired, ExpiringSoon, Expiring, Stale, NeverUsed, NeverExpires, Retiring}

// Key is the stable name used in JSON, CSV and flags.
func (c Category) Key() string {
	return [...]string{"expired", "expiring_soon", "expiring", "stale", "never_used", "never_expires", "retiring"}[c]
}

// Label is the category in words, with its window where it has one:
// "expired", "expiring ≤3d", "expiring ≤14d", "stale", "never used",
// "no expiry". The Status column, the `/` filter, the summary, the Audit
// tab and the audit command all use it.
func (c Category) Label(th Thresholds) string {
	switch c {
	case Expired:
		return "expired"
	case ExpiringSoon:
		return "expiring ≤" + Days(th.Soon)
	case Expiring:
		return "expiring ≤" + Days(th.Within)
	case Stale:
		return "stale"
	case NeverUsed:
		return "never used"
	case Retiring:
		return "retiring"
	}
	return "no expiry"
}

// ShortLabel is Label for a narrow line: "≤3d", "≤14d"; "never used" is
// never shortened (one word for one thing: not "unused").
func (c Category) ShortLabel(th Thresholds) string {
	switch c {
	case ExpiringSoon:
		return "≤" + Days(th.Soon)
	case Expiring:
		return "≤" + Days(th.Within)
	}
	return c.Label(th)
}

// Meaning says what puts a token in the category, for help and titles.
func (c Category) Meaning(th Thresholds) string {
	switch c {
	case Expired:
		return "its expiry has passed"
	case ExpiringSoon:
		return "expires within " + Days(th.Soon) + " and is past half its lifetime"
	case Expiring:
		return "expires within " + Days(th.Within) + " and is past half its lifetime"
	case Stale:
		return "not used for " + Days(th.Stale) + " (or never, and made that long ago)"
	case NeverUsed:
		return "no request has used it"
	case Retiring:
		return "a later token of the same name and scope outlives it: a rotation's old token in its grace period"
	}
	return "no expiry date"
}

// Set is a set of categories.
type Set uint8

// Has reports whether c is in the set.
func (s Set) Has(c Category) bool { return s&(1<<c) != 0 }

// With is the set with c added.
func (s Set) With(c Category) Set { return s | 1<<c }

// Finding reports whether the token needs action: expired, expiring or
// stale. Never used and never expiring are reported but not, alone, a problem.
func (s Set) Finding() bool { return s.Has(Expired) || s.Has(Expiring) || s.Has(Stale) }

// Most is the most urgent category in the set; ok is false for an empty set.
func (s Set) Most() (c Category, ok bool) {
	for _, c := range allCategories {
		if s.Has(c) {
			return c, true
		}
	}
	return 0, false
}

// Expiry is the category its Expires column shows: expired, expiring soon,
// expiring, no expiry; ok is false when the expiry needs no attention.
func (s Set) Expiry() (Category, bool) {
	for _, c := range []Category{Expired, ExpiringSoon, Expiring, NeverExpires, Retiring} {
		if s.Has(c) {
			return c, true
		}
	}
	return 0, false
}

// Seen is the category its Last seen column shows: stale or never used; ok
// is false for a token in use.
func (s Set) Seen() (Category, bool) {
	for _, c := range []Category{Stale, NeverUsed} {
		if s.Has(c) {
			return c, true
		}
	}
	return 0, false
}

// Words is the set as the Status column says it: the labels, most urgent
// first, with "expiring ≤14d" left out when "expiring ≤3d" says more;
// "ok" for none.
func (s Set) Words(th Thresholds) string {
	parts, _ := s.Labels(th)
	if len(parts) == 0 {
		return "ok"
	}
	return strings.Join(parts, ", ")
}

// Labels are the words Words joins, most urgent first, and the same with
// the short labels ("≤3d") for a narrow column; none for a token in no
// category.
func (s Set) Labels(th Thresholds) (full, short []string) {
	for _, c := range allCategories {
		if s.Has(c) && !(c == Expiring && s.Has(ExpiringSoon)) {
			full = append(full, c.Label(th))
			short = append(short, c.ShortLabel(th))
		}
	}
	return full, short
}

// Keys are the set's category keys, in order, for JSON and CSV.
func (s Set) Keys() []string {
	out := []string{}
	for _, c := range allCategories {
		if s.Has(c) {
			out = append(out, c.Key())
		}
	}
	return out
}

// Facts are what Classify reads of a token.
type Facts struct {
	CreatedAt time.Time  // zero when the server did not say
	ExpiresAt *time.Time // nil: no expiry
	SeenAt    *time.Time // nil: never used
	// ServerWarns is the server's own expiryWarning ("expires-soon" or
	// "expired"), sent on PAT rows by Unleash 8.1+ with its expiry
	// notifications on.
	ServerWarns bool
	// Superseded: a later token of the same name and scope outlives it
	// (see Successor): it is retiring, not expiring.
	Superseded bool
}

// Successor reports whether newer takes over from older, two API tokens of
// one name, type, environment and projects (the caller groups them): newer
// was made after older and outlives it (no expiry, or a later one). It is
// what a rotation leaves, on any server: the old token, its expiry cut to a
// grace period or kept, and the new one made then with a later expiry.
func Successor(older, newer Facts) bool {
	return older.ExpiresAt != nil && newer.CreatedAt.After(older.CreatedAt) &&
		(newer.ExpiresAt == nil || newer.ExpiresAt.After(*older.ExpiresAt))
}

// Classify puts a token in its categories. This is the one rule:
//
//   - expired: the expiry is now or past;
//   - expiring (≤ Within) and expiring soon (≤ Soon): the expiry is that close
//     and the token is past half its lifetime (created → expires), the rule
//     Unleash 8.1+ uses for its PAT expiry warnings (lead days 14 and 3 by
//     default), so a token made a moment ago for 30 days is not a finding;
//     a server's expiryWarning counts too, whatever its lead days;
//   - stale: last seen Stale ago or longer, or never seen and made that long ago;
//   - never used: never seen; no expiry: none, or more than 100 years ahead;
//   - retiring, in place of expiring: a successor outlives it (Superseded).
//
// Edges: an expiry exactly now is expired; exactly Soon ahead is soon; a
// token seen exactly Stale ago is stale.
func (th Thresholds) Classify(f Facts, now time.Time) Set {
	var s Set
	switch {
	case IsNever(f.ExpiresAt, now):
		s = s.With(NeverExpires)
	case !f.ExpiresAt.After(now):
		s = s.With(Expired)
	case f.Superseded:
		s = s.With(Retiring) // a rotation's old token: on its way out, as asked
	default:
		left := f.ExpiresAt.Sub(now)
		due := f.ServerWarns || pastHalfLife(f.CreatedAt, *f.ExpiresAt, now)
		if due && left <= th.Soon {
			s = s.With(ExpiringSoon)
		}
		if (due && left <= th.Within) || f.ServerWarns {
			s = s.With(Expiring)
		}
	}
	switch {
	case f.SeenAt == nil:
		s = s.With(NeverUsed)
		if !f.CreatedAt.IsZero() && now.Sub(f.CreatedAt) >= th.Stale {
			s = s.With(Stale)
		}
	case now.Sub(*f.SeenAt) >= th.Stale:
		s = s.With(Stale)
	}
	return s
}

// pastHalfLife reports whether a token has lived half of its lifetime; a
// token whose creation time is unknown or impossible (after now or after its
// expiry) is taken as past it, so that it is never hidden.
func pastHalfLife(created, expires, now time.Time) bool {
	if created.IsZero() || created.After(now) || !expires.After(created) {
		return true
	}
	return now.Sub(created) >= expires.Sub(created)/2
}
