package tokenref

import (
	"context"
	"errors"
	"strconv"
	"strings"
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
	// Made once when the list is read, so that finding n tokens in a list
	// of n costs n, not n²: the first position of each PAT id, of each API
	// token's secret or selector, and every position of each API token's
	// name, scope and creation time (see auditKey).
	ids   map[int]int
	refs  map[api.Secret]int
	names map[auditKey][]int
}

func readPATs(list []api.PAT, err error) read[api.PAT] {
	r := read[api.PAT]{list: list, err: err, done: true, ids: make(map[int]int, len(list))}
	for i, p := range list {
		if _, ok := r.ids[p.ID]; !ok {
			r.ids[p.ID] = i
		}
	}
	return r
}

func readAPITokens(list []api.APIToken, err error) read[api.APIToken] {
	r := read[api.APIToken]{list: list, err: err, done: true, refs: make(map[api.Secret]int, len(list)), names: make(map[auditKey][]int, len(list))}
	for i, t := range list {
		if ref := t.Ref(); !ref.IsZero() {
			if _, ok := r.refs[ref]; !ok {
				r.refs[ref] = i
			}
		}
		k := keyOf(t.Name, t.Environment, t.Type, t.CreatedAt, t.Projects)
		r.names[k] = append(r.names[k], i)
	}
	return r
}

// auditKey is what an audit row is found again by: an API token's name,
// environment, type, creation time and projects as the server sent them.
// Tokens whose keys are equal are compared in full after.
type auditKey struct {
	name, environment string
	typ               api.TokenType
	sec               int64
	nsec              int
	projects          string // joined by 0, with their count
}

func keyOf(name, env string, typ api.TokenType, created time.Time, projects []string) auditKey {
	return auditKey{name: name, environment: env, typ: typ, sec: created.Unix(), nsec: created.Nanosecond(),
		projects: strconv.Itoa(len(projects)) + "\x00" + strings.Join(projects, "\x00")}
}

// Reread reads, once each, the lists the tokens live in: the user's PATs,
// each service account's tokens, all API tokens (or a project's, for tokens
// written through its routes).
func Reread(ctx context.Context, c *api.Client, toks []Token) *Lists {
	l := &Lists{accounts: map[int]read[api.PAT]{}, projects: map[string]read[api.APIToken]{}}
	for _, t := range toks {
		switch {
		case t.Kind == PAT && !l.pats.done:
			l.pats = readPATs(c.ListPATs(ctx))
		case t.Kind == ServiceAccountToken && !l.accounts[t.AccountID].done:
			l.accounts[t.AccountID] = readPATs(c.ListServiceAccountTokens(ctx, t.AccountID))
		case t.Kind == APIToken && t.viaProject() && !l.projects[t.Project].done:
			l.projects[t.Project] = readAPITokens(c.ListProjectTokens(ctx, t.Project))
		case t.Kind == APIToken && !t.viaProject() && !l.apiTokens.done:
			l.apiTokens = readAPITokens(c.ListAPITokens(ctx))
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
		if i, ok := r.refs[ref]; ok {
			t.API = r.list[i]
			return t, true, nil
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
	if i, ok := r.ids[t.PAT.ID]; ok {
		t.PAT = withoutSecret(r.list[i])
		return t, true, nil
	}
	return t, false, nil
}
