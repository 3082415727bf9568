package target

import (
	"context"
	"errors"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
)

// ErrNoExpiryUpdate: Unleash cannot change a PAT's or a service-account
// token's expiry; only API tokens have an update.
var ErrNoExpiryUpdate = errors.New("a PAT or a service-account token cannot be given a new expiry: Unleash has no update for them")

// errNoRef: an API token row without a secret or selector cannot be named in
// a write.
var errNoRef = errors.New("the list gave this API token no secret or selector to name it by, so it cannot be written to")

// Delete deletes the token, once (never retried). A nil error means the
// server answered OK, which it also does when it deleted nothing: Reread to
// know.
func Delete(ctx context.Context, c *api.Client, t Token) error {
	switch t.Kind {
	case PAT:
		return c.DeletePAT(ctx, t.PAT.ID)
	case ServiceAccountToken:
		return c.DeleteServiceAccountToken(ctx, t.AccountID, t.PAT.ID)
	case APIToken:
		if t.API.Ref().IsZero() {
			return errNoRef
		}
		if t.viaProject() {
			return c.DeleteProjectToken(ctx, t.Project, t.API.Ref())
		}
		return c.DeleteAPIToken(ctx, t.API.Ref())
	}
	return errors.New("unknown kind of token")
}

// SetExpiry gives an API token a new expiry (a past one is accepted and
// stops it), once. Other kinds get ErrNoExpiryUpdate without a request.
func SetExpiry(ctx context.Context, c *api.Client, t Token, when time.Time) error {
	if t.Kind != APIToken {
		return ErrNoExpiryUpdate
	}
	if t.API.Ref().IsZero() {
		return errNoRef
	}
	return c.UpdateAPITokenExpiry(ctx, t.API.Ref(), when)
}

// ExpiryIs reports whether a re-read token shows the expiry asked for (the
// server keeps milliseconds).
func ExpiryIs(t Token, when time.Time) bool {
	e := t.ExpiresAt()
	return e != nil && e.Sub(when).Abs() < time.Second
}

// Lists are the lists some tokens live in, as re-read after writes.
type Lists struct {
	pats      read[api.PAT]
	accounts  map[int]read[api.PAT]
	apiTokens read[api.APIToken]
	projects  map[string]read[api.APIToken]
}

type read[T any] struct {
	list []T
	err  error
	done bool
}

// Reread reads, once each, the lists the tokens live in: the user's PATs,
// each service account's tokens, all API tokens (or a project's, for tokens
// written through its routes).
func Reread(ctx context.Context, c *api.Client, toks []Token) *Lists {
	l := &Lists{accounts: map[int]read[api.PAT]{}, projects: map[string]read[api.APIToken]{}}
	for _, t := range toks {
		switch {
		case t.Kind == PAT && !l.pats.done:
			list, err := c.ListPATs(ctx)
			l.pats = read[api.PAT]{list, err, true}
		case t.Kind == ServiceAccountToken && !l.accounts[t.AccountID].done:
			list, err := c.ListServiceAccountTokens(ctx, t.AccountID)
			l.accounts[t.AccountID] = read[api.PAT]{list, err, true}
		case t.Kind == APIToken && t.viaProject() && !l.projects[t.Project].done:
			list, err := c.ListProjectTokens(ctx, t.Project)
			l.projects[t.Project] = read[api.APIToken]{list, err, true}
		case t.Kind == APIToken && !t.viaProject() && !l.apiTokens.done:
			list, err := c.ListAPITokens(ctx)
			l.apiTokens = read[api.APIToken]{list, err, true}
		}
	}
	return l
}

// Find returns the token as its list shows it now, and whether it is listed.
// The error says why its list could not be read (then found is false).
func (l *Lists) Find(t Token) (now Token, found bool, err error) {
	switch t.Kind {
	case PAT:
		return findPAT(t, l.pats)
	case ServiceAccountToken:
		return findPAT(t, l.accounts[t.AccountID])
	case APIToken:
		r := l.apiTokens
		if t.viaProject() {
			r = l.projects[t.Project]
		}
		if err := r.failed(); err != nil {
			return t, false, err
		}
		ref := t.API.Ref()
		if ref.IsZero() {
			return t, false, errNoRef
		}
		for _, u := range r.list {
			if u.Ref() == ref {
				t.API = u
				return t, true, nil
			}
		}
	}
	return t, false, nil
}

// errNotReread: Find was asked for a token that was not given to Reread.
var errNotReread = errors.New("its list was not re-read")

func (r read[T]) failed() error {
	if !r.done {
		return errNotReread
	}
	return r.err
}

func findPAT(t Token, r read[api.PAT]) (Token, bool, error) {
	if err := r.failed(); err != nil {
		return t, false, err
	}
	for _, p := range r.list {
		if p.ID == t.PAT.ID {
			t.PAT = withoutSecret(p)
			return t, true, nil
		}
	}
	return t, false, nil
}
