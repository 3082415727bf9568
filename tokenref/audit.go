package tokenref

import (
	"context"
	"fmt"
	"slices"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/audit"
)

// Found is one audit row found again as a Token, or the reason it was not.
type Found struct {
	Token  Token
	OK     bool
	Gone   bool   // not OK because it is no longer listed (deleted meanwhile)
	Reason string // why not, when !OK
}

// FromAudit finds audit rows again in their lists, which an audit row (it
// holds no secret) cannot be written through: PATs and service-account
// tokens by id, API tokens by their name, type, environment, projects and
// creation time as the server sent them. Each list is read once. The
// result has one entry per row, in order.
func FromAudit(ctx context.Context, c *api.Client, rows []audit.Token) []Found {
	var lookups []Token
	for _, r := range rows {
		switch r.Kind {
		case audit.KindPAT:
			lookups = append(lookups, Token{Kind: PAT, PAT: api.PAT{ID: r.ID}})
		case audit.KindServiceAccountToken:
			lookups = append(lookups, Token{Kind: ServiceAccountToken, AccountID: r.AccountID(), PAT: api.PAT{ID: r.ID}})
		case audit.KindAPIToken:
			lookups = append(lookups, Token{Kind: APIToken})
		}
	}
	lists := Reread(ctx, c, lookups)
	out := make([]Found, len(rows))
	for i, r := range rows {
		t, reason := lists.fromAudit(r)
		out[i] = Found{Token: t, OK: reason == "", Gone: reason == reasonGone, Reason: reason}
	}
	return out
}

const reasonGone = "it is no longer listed"

func (l *Lists) fromAudit(r audit.Token) (Token, string) {
	switch r.Kind {
	case audit.KindPAT, audit.KindServiceAccountToken:
		t := Token{Kind: PAT, PAT: api.PAT{ID: r.ID}}
		if r.Kind == audit.KindServiceAccountToken {
			t = Token{Kind: ServiceAccountToken, PAT: api.PAT{ID: r.ID}, AccountID: r.AccountID(), Account: r.Owner()}
		}
		now, ok, err := l.Find(t)
		switch {
		case err != nil:
			return t, "its list could not be read: " + api.Clean(err.Error())
		case !ok:
			return t, reasonGone
		}
		return now, ""
	case audit.KindAPIToken:
		if err := l.apiTokens.failed(); err != nil {
			return Token{}, "the API-token list could not be read: " + api.Clean(err.Error())
		}
		var match []api.APIToken
		for _, i := range l.apiTokens.names[keyOf(r.RawName(), r.RawEnvironment(), r.Type, r.CreatedAt, r.Projects)] {
			u := l.apiTokens.list[i]
			if u.Name == r.RawName() && u.Environment == r.RawEnvironment() && u.Type == r.Type &&
				u.CreatedAt.Equal(r.CreatedAt) && slices.Equal(u.Projects, r.Projects) {
				match = append(match, u)
			}
		}
		switch len(match) {
		case 0:
			return Token{}, reasonGone
		case 1:
			return FromAPIToken(match[0], ""), ""
		}
		return Token{}, fmt.Sprintf("%d API tokens have its name, scope and creation time", len(match))
	}
	return Token{}, "unknown kind of token"
}
