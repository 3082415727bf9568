// Package tokenref names one token that a fix writes to — a PAT of the
// signed-in user, a service account's token, or an API token (project
// tokens included) — and makes the single writes on it: delete, and a new
// expiry for API tokens. Unleash answers 200 to a delete or an update it did
// not carry out, so Reread re-reads the lists the tokens live in and Find
// says what is really there. Writes are sent once, never retried. It knows
// nothing of any UI.
package tokenref

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/status"
)

// Kind is what sort of token a Token is.
type Kind int

const (
	PAT                 Kind = iota + 1 // a personal access token of the signed-in user
	ServiceAccountToken                 // a service account's token (Unleash Enterprise)
	APIToken                            // an API token: backend, frontend or admin, of any projects
)

func (k Kind) String() string {
	switch k {
	case PAT:
		return "PAT"
	case ServiceAccountToken:
		return "service-account token"
	case APIToken:
		return "API token"
	}
	return "token"
}

// Token is one token, as a list gave it.
type Token struct {
	Kind Kind
	// PAT is the token of a PAT or ServiceAccountToken (no secret).
	PAT api.PAT
	// AccountID and Account are the service account of a ServiceAccountToken.
	AccountID int
	Account   string
	// API is the token of an APIToken; its Ref names it in writes.
	API api.APIToken
	// Project is set when an API token was reached inside that project (the
	// TUI's project drill-down): when the token is that project's alone, its
	// create and delete go through the project's routes, which an editor may
	// use. Empty: the /api/admin/api-tokens routes.
	Project string
}

// FromPAT names one of the signed-in user's PATs.
func FromPAT(p api.PAT) Token { return Token{Kind: PAT, PAT: withoutSecret(p)} }

// FromServiceAccountToken names a service account's token.
func FromServiceAccountToken(accountID int, account string, p api.PAT) Token {
	return Token{Kind: ServiceAccountToken, PAT: withoutSecret(p), AccountID: accountID, Account: account}
}

// FromAPIToken names an API token; project is the project it was reached
// in, or "".
func FromAPIToken(t api.APIToken, project string) Token {
	return Token{Kind: APIToken, API: t, Project: project}
}

func withoutSecret(p api.PAT) api.PAT {
	p.Credential = nil
	return p
}

// Name is the PAT's description or the API token's name, cleaned for display.
func (t Token) Name() string {
	if t.Kind == APIToken {
		return api.Clean(t.API.Name)
	}
	return api.Clean(t.PAT.Description)
}

// CreatedAt is when the token was made.
func (t Token) CreatedAt() time.Time {
	if t.Kind == APIToken {
		return t.API.CreatedAt
	}
	return t.PAT.CreatedAt
}

// ExpiresAt is when the token expires; nil: never.
func (t Token) ExpiresAt() *time.Time {
	if t.Kind == APIToken {
		return t.API.ExpiresAt
	}
	return t.PAT.ExpiresAt
}

// Facts are what status.Classify reads of the token.
func (t Token) Facts() status.Facts {
	if t.Kind == APIToken {
		return t.API.Facts()
	}
	return t.PAT.Facts()
}

// Describe names the token in a sentence, without any secret:
// `PAT 12 "ci deploy"`, `service-account token 7 "github actions" of CI runner`,
// `API token "checkout-api" (backend, production, project checkout)`.
func (t Token) Describe() string {
	switch t.Kind {
	case PAT:
		return fmt.Sprintf("PAT %d %q", t.PAT.ID, t.Name())
	case ServiceAccountToken:
		return fmt.Sprintf("service-account token %d %q of %s", t.PAT.ID, t.Name(), t.accountName())
	}
	return fmt.Sprintf("API token %q (%s)", t.Name(), Scope(t.API))
}

func (t Token) accountName() string {
	if t.Account != "" {
		return api.Clean(t.Account)
	}
	return "service account " + strconv.Itoa(t.AccountID)
}

// Scope says what an API token reaches: "backend, production, project checkout".
func Scope(t api.APIToken) string {
	env := api.Clean(t.Environment)
	if env == "*" {
		env = "all environments" // as every screen says it
	}
	return fmt.Sprintf("%s, %s, %s", t.Type, env, audit.ProjectsWhere(t.Projects))
}

// viaProject reports whether the token's writes go through its project's
// routes: it was reached inside that project and belongs to it alone.
func (t Token) viaProject() bool {
	return t.Kind == APIToken && t.Project != "" && len(t.API.Projects) == 1 && t.API.Projects[0] == t.Project
}

// Key tells tokens apart, for maps. For an API token it holds its Ref,
// which on a v1 server is the credential itself: never print it.
func (t Token) Key() string {
	switch t.Kind {
	case PAT:
		return "pat/" + strconv.Itoa(t.PAT.ID)
	case ServiceAccountToken:
		return "sa/" + strconv.Itoa(t.AccountID) + "/" + strconv.Itoa(t.PAT.ID)
	}
	return "api/" + t.API.Ref().Reveal()
}

// Same reports whether a and b are the same token.
func Same(a, b Token) bool { return a.Key() == b.Key() }

// SameScope reports whether two API tokens reach the same: type (client and
// backend alike), environment and set of projects.
func SameScope(a, b api.APIToken) bool {
	if a.Type != b.Type || a.Environment != b.Environment {
		return false
	}
	return slices.Equal(normalProjects(a), normalProjects(b))
}

// normalProjects is the sorted set of projects; older servers answer a
// single `project` instead of `projects`.
func normalProjects(t api.APIToken) []string {
	p := t.Projects
	if len(p) == 0 && t.Project != "" {
		p = []string{t.Project}
	}
	if len(p) == 0 || slices.Contains(p, "*") {
		return []string{"*"}
	}
	out := slices.Clone(p)
	slices.Sort(out)
	return slices.Compact(out)
}
