package tokens

import (
	"context"
	"fmt"
	"strings"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/internal/textcols"
	"github.com/unleash-tokens/unleash-tokens/tokenref"
)

// Targets says how a list's items become tokens to write to (rotate, and
// writes to many): the kind of each, and the tokens themselves, found in
// a command (an audit row must be looked up in its list first).
type Targets[T any] struct {
	Kind    func(T) tokenref.Kind
	Resolve func(context.Context, *api.Client, []T) []tokenref.Found // one per item, in order
	// Describe, optional, names an item that Resolve could not find.
	Describe func(T) string
	// Mine, optional, is the item as one of the signed-in user's PATs, when
	// it is one: it may be the token the app signs in with. AllMine,
	// optional, are all of them.
	Mine    func(T) (api.PAT, bool)
	AllMine func() []api.PAT
}

func (tg Targets[T]) describe(it T, fd tokenref.Found) string {
	if tg.Describe != nil {
		return tg.Describe(it)
	}
	return fd.Token.Describe()
}

// PATTargets are the signed-in user's PATs; all, optional, lists them all.
func PATTargets(all func() []api.PAT) Targets[api.PAT] {
	return Targets[api.PAT]{
		Kind:    func(api.PAT) tokenref.Kind { return tokenref.PAT },
		Mine:    func(p api.PAT) (api.PAT, bool) { return p, true },
		AllMine: all,
		Resolve: func(_ context.Context, _ *api.Client, ps []api.PAT) []tokenref.Found {
			return foundAll(ps, tokenref.FromPAT)
		},
	}
}

// AccountTargets are a service account's tokens.
func AccountTargets(accountID int, account string) Targets[api.PAT] {
	return Targets[api.PAT]{
		Kind: func(api.PAT) tokenref.Kind { return tokenref.ServiceAccountToken },
		Resolve: func(_ context.Context, _ *api.Client, ps []api.PAT) []tokenref.Found {
			return foundAll(ps, func(p api.PAT) tokenref.Token { return tokenref.FromServiceAccountToken(accountID, account, p) })
		},
	}
}

// APITargets are API tokens, reached inside project (or "" for none).
func APITargets(project string) Targets[api.APIToken] {
	return Targets[api.APIToken]{
		Kind: func(api.APIToken) tokenref.Kind { return tokenref.APIToken },
		Resolve: func(_ context.Context, _ *api.Client, ts []api.APIToken) []tokenref.Found {
			return foundAll(ts, func(t api.APIToken) tokenref.Token { return tokenref.FromAPIToken(t, project) })
		},
	}
}

func foundAll[T any](items []T, of func(T) tokenref.Token) []tokenref.Found {
	out := make([]tokenref.Found, len(items))
	for i, it := range items {
		out[i] = tokenref.Found{Token: of(it), OK: true}
	}
	return out
}

// KindsText is how many tokens of which kinds: "12 API tokens and 3 PATs".
func KindsText(kinds []tokenref.Kind) string {
	var n [4]int
	for _, k := range kinds {
		if k >= tokenref.PAT && k <= tokenref.APIToken {
			n[k]++
		}
	}
	var parts []string
	for _, k := range []tokenref.Kind{tokenref.APIToken, tokenref.PAT, tokenref.ServiceAccountToken} {
		if n[k] > 0 {
			parts = append(parts, textcols.Plural(n[k], k.String()))
		}
	}
	switch len(parts) {
	case 0:
		return "no tokens"
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// kindsOf is the kind of every item.
func kindsOf[T any](tg Targets[T], items []T) []tokenref.Kind {
	out := make([]tokenref.Kind, len(items))
	for i, it := range items {
		out[i] = tg.Kind(it)
	}
	return out
}

// onlyAPI keeps the API tokens among items, and says what it left out.
func onlyAPI[T any](tg Targets[T], items []T) (api []T, left string) {
	var others []tokenref.Kind
	for _, it := range items {
		if k := tg.Kind(it); k == tokenref.APIToken {
			api = append(api, it)
		} else {
			others = append(others, k)
		}
	}
	if len(others) > 0 {
		verb := "are"
		if len(others) == 1 {
			verb = "is"
		}
		left = fmt.Sprintf("The %s marked %s left as %s: Unleash cannot change the expiry of a PAT or a service-account token.",
			KindsText(others), verb, map[bool]string{true: "it is", false: "they are"}[len(others) == 1])
	}
	return api, left
}

// IsNewPAT finds a rotation's new PAT (or service-account token) in a list.
func IsNewPAT(n tokenref.Token) func(api.PAT) bool {
	id := n.PAT.ID
	return func(p api.PAT) bool { return p.ID == id }
}

// IsNewAPIToken finds a rotation's new API token in a list.
func IsNewAPIToken(n tokenref.Token) func(api.APIToken) bool {
	made := n.API
	return func(t api.APIToken) bool {
		return t.Name == made.Name && t.Environment == made.Environment && t.CreatedAt.Equal(made.CreatedAt)
	}
}
