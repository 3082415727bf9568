package rotate

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/status"
	"github.com/unleash-tokens/unleash-tokens/tokenref"
)

// DefaultLifetime is the new token's lifetime when the old one had no expiry.
const DefaultLifetime = 90 * 24 * time.Hour

// Options shape a plan.
type Options struct {
	Now time.Time // the caller's clock; time.Now when zero
	// ExpiresAt is the new token's expiry as the user chose it; nil: the
	// old token's lifetime from now, or 90 days when it had none. An expiry
	// more than 100 years ahead means never: an API token is then made with
	// none, a PAT (which must have one) with that date.
	ExpiresAt *time.Time
}

// Plan is what a rotation will make, read from the server just now.
type Plan struct {
	Old tokenref.Token // the old token, as its list shows it now
	// Name is the new token's name (API tokens: the old one's) or
	// description (PATs: the old one's with a dated suffix, as descriptions
	// are unique per user).
	Name string
	// ExpiresAt is the new token's expiry; nil: none (API tokens only).
	ExpiresAt *time.Time
	// ExpiryReason says how ExpiresAt was chosen, for the form and messages.
	ExpiryReason string
	// AtCap: the user (or service account) already has Unleash's cap of 10
	// PATs, so no new one can be made while the old one exists. Only
	// DeleteFirst gets past it.
	AtCap bool
	// Warnings are things to tell before anything is written.
	Warnings []string
	// OldDeleted is set by DeleteOldFirst.
	OldDeleted bool

	now      time.Time
	siblings []time.Time // creation times of API tokens already of the new one's name and scope
}

// CapNote is what to say at the cap, before anything is written.
func (p Plan) CapNote() string {
	if !p.AtCap {
		return ""
	}
	who := fmt.Sprintf("You have %d PATs", api.PATLimit)
	if p.Old.Kind == tokenref.ServiceAccountToken {
		who = fmt.Sprintf("The service account has %d tokens", api.PATLimit)
	}
	return who + ", Unleash's cap: no new one can be made while the old one exists. " +
		"Delete a token you no longer use first, or delete the old one first: its secret then stops working at once, " +
		"and if the new one cannot be made you are left with neither."
}

// NewPlan reads the old token's list again and plans its replacement. It
// writes nothing. The error says why no rotation is possible (the token is
// gone, its list cannot be read).
func NewPlan(ctx context.Context, c *api.Client, old tokenref.Token, o Options) (Plan, error) {
	now := o.Now
	if now.IsZero() {
		now = time.Now()
	}
	p := Plan{Old: old, now: now}
	switch old.Kind {
	case tokenref.PAT, tokenref.ServiceAccountToken:
		var list []api.PAT
		var err error
		if old.Kind == tokenref.PAT {
			list, err = c.ListPATs(ctx)
		} else {
			list, err = c.ListServiceAccountTokens(ctx, old.AccountID)
		}
		if err != nil {
			return p, err
		}
		found := false
		descriptions := map[string]bool{}
		for _, q := range list {
			descriptions[q.Description] = true
			if q.ID == old.PAT.ID {
				p.Old.PAT, found = q, true
				p.Old.PAT.Credential = nil
			}
		}
		if !found {
			return p, fmt.Errorf("%s is no longer listed: it may have been deleted", old.Describe())
		}
		p.Name = rotatedDescription(p.Old.PAT.Description, now, descriptions)
		p.AtCap = len(list) >= api.PATLimit
	case tokenref.APIToken:
		list, err := c.APITokensByName(ctx, old.API.Name)
		if err != nil {
			return p, err
		}
		found := false
		for _, t := range list {
			if t.Ref() == old.API.Ref() && !old.API.Ref().IsZero() {
				p.Old.API, found = t, true
			}
		}
		if !found {
			return p, fmt.Errorf("%s is no longer listed: it may have been deleted", old.Describe())
		}
		for _, t := range list {
			if tokenref.SameScope(t, p.Old.API) {
				p.siblings = append(p.siblings, t.CreatedAt)
			}
		}
		p.Name = p.Old.API.Name
		if p.Old.API.Type == api.TypeAdmin {
			p.Warnings = append(p.Warnings, "Unleash 7 and later make admin API tokens only at start (INIT_ADMIN_API_TOKENS) and refuse to create one: "+
				"a service account's token is the way to rotate this access.")
		}
	default:
		return p, fmt.Errorf("unknown kind of token")
	}
	p.ExpiresAt, p.ExpiryReason = newExpiry(p.Old, o.ExpiresAt, now)
	if p.ExpiresAt == nil || status.IsNever(p.ExpiresAt, now) {
		p.Warnings = append(p.Warnings, "The new token will never expire; an expiry is recommended, as a leaked token stays valid.")
	}
	return p, nil
}

// newExpiry is the chosen expiry, or the old token's lifetime from now, or
// 90 days.
func newExpiry(old tokenref.Token, chosen *time.Time, now time.Time) (*time.Time, string) {
	if chosen != nil {
		if old.Kind == tokenref.APIToken && status.IsNever(chosen, now) {
			return nil, "never, as asked"
		}
		t := chosen.UTC()
		return &t, "as asked"
	}
	exp, created := old.ExpiresAt(), old.CreatedAt()
	byDefault := func(why string) (*time.Time, string) {
		t := now.Add(DefaultLifetime).UTC().Truncate(time.Second)
		return &t, fmt.Sprintf("%s, as %s", status.Days(DefaultLifetime), why)
	}
	switch {
	case exp == nil || status.IsNever(exp, now) || !created.IsZero() && status.IsNever(exp, created):
		return byDefault("the old token had no expiry")
	case created.IsZero():
		return byDefault("the old token's lifetime is unknown (the server gave no creation time)")
	case !exp.After(created):
		return byDefault(fmt.Sprintf("the old token had no lifetime to copy (it expired %s, not after it was made, %s)",
			exp.UTC().Format("2006-01-02 15:04 UTC"), created.UTC().Format("2006-01-02 15:04 UTC")))
	}
	life := exp.Sub(created)
	t := now.Add(life).UTC().Truncate(time.Second)
	return &t, fmt.Sprintf("the old token's lifetime (%s)", lifetimeWords(life))
}

// lifetimeWords is "30d", "680d 4h", "36h" or "90m": exact enough to
// recognise, in the days-and-hours the screens write everywhere (never
// "680.0d").
func lifetimeWords(d time.Duration) string {
	d = d.Round(time.Minute)
	switch {
	case d >= 2*status.Day && d.Round(time.Hour)%status.Day == 0:
		return status.Days(d.Round(time.Hour))
	case d >= 2*status.Day:
		d = d.Round(time.Hour)
		return fmt.Sprintf("%dd %dh", int(d/status.Day), int(d%status.Day/time.Hour))
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", int(d/time.Hour))
	}
	return fmt.Sprintf("%dm", int(d/time.Minute))
}

var rotatedSuffix = regexp.MustCompile(` \(rotated \d{4}-\d{2}-\d{2}(?: #\d+)?\)$`)

// rotatedDescription is the old description with " (rotated 2026-11-23)"
// in place of any earlier such suffix, numbered when that is taken, and cut
// to fit api.MaxNameLength.
func rotatedDescription(old string, now time.Time, taken map[string]bool) string {
	base := rotatedSuffix.ReplaceAllString(old, "")
	date := now.UTC().Format("2006-01-02")
	for n := 1; ; n++ {
		suffix := " (rotated " + date + ")"
		if n > 1 {
			suffix = " (rotated " + date + " #" + strconv.Itoa(n) + ")"
		}
		b := base
		if room := api.MaxNameLength - utf8.RuneCountInString(suffix); utf8.RuneCountInString(b) > room {
			b = string([]rune(b)[:room])
		}
		if d := b + suffix; !taken[d] {
			return d
		}
	}
}
