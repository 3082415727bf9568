package tokens

import (
	"context"
	"errors"
	"fmt"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/ui/list"
)

// RemovePAT deletes one of your PATs, or, with an account id, one of that
// service account's tokens.
func RemovePAT(c *api.Client, accountID int, accountName string, p api.PAT) list.Removal[api.PAT] {
	what := fmt.Sprintf("PAT %q", api.Clean(p.Description))
	if accountID != 0 {
		what = fmt.Sprintf("the token %q of service account %s", api.Clean(p.Description), api.Clean(accountName))
	}
	return list.Removal[api.PAT]{
		What:  what,
		Lines: []string{"Apps and scripts that use it lose access at once. This cannot be undone."},
		Delete: func(ctx context.Context) error {
			if accountID != 0 {
				return c.DeleteServiceAccountToken(ctx, accountID, p.ID)
			}
			return c.DeletePAT(ctx, p.ID)
		},
		Gone: func(q api.PAT) bool { return q.ID == p.ID },
	}
}

// errNoRef: a token the server listed without a secret or selector cannot be
// named in a delete.
var errNoRef = errors.New("the server listed this token without its secret or selector, so it cannot be named in a delete; delete it in Unleash's web UI")

// RemoveAPIToken deletes an API token. A token of several projects cannot
// be deleted through one project's route, so it goes through the global one.
func RemoveAPIToken(c *api.Client, project string, t api.APIToken) list.Removal[api.APIToken] {
	lines := []string{fmt.Sprintf("%s token for environment %s, projects %s. SDKs using it lose access (within a minute, as Unleash caches tokens). This cannot be undone.",
		t.Type, EnvironmentText(t.Environment), ProjectsText(t.Projects))}
	key := APITokenKey(t)
	return list.Removal[api.APIToken]{
		What:  fmt.Sprintf("API token %q", api.Clean(t.Name)),
		Lines: lines,
		Delete: func(ctx context.Context) error {
			switch {
			case t.Ref().IsZero():
				return errNoRef
			case project != "" && len(t.Projects) == 1:
				return c.DeleteProjectToken(ctx, project, t.Ref())
			}
			return c.DeleteAPIToken(ctx, t.Ref())
		},
		Gone: func(u api.APIToken) bool { return APITokenKey(u) == key },
	}
}
