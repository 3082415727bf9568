package ui

import (
	"context"
	"fmt"
	"strconv"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/status"
)

// account is a service account with its role's name resolved.
type account struct {
	api.ServiceAccount
	role string
}

// serviceAccountsTab lists service accounts; enter opens an account's tokens.
type serviceAccountsTab struct {
	*drill[account, api.PAT]
}

var accountColumns = []Column{
	{Title: "Name", Width: 24, Min: 10, Flex: true},
	{Title: "Username", Width: 18, Min: 8, Drop: 2},
	{Title: "Role", Width: 8, Min: 5, Drop: 3},
	{Title: "Tokens", Width: 9, Min: 6},
	{Title: "Last seen", Width: 11, Min: 9, Drop: 1},
	{Title: "Created", Width: 9, Min: 7, Drop: 4},
}

func newServiceAccountsTab(ctx *Context) *serviceAccountsTab {
	client := ctx.Client
	accounts := listSpec[account]{
		what:    "service accounts",
		columns: accountColumns,
		fetch: func(c context.Context) ([]account, error) {
			sa, err := client.ListServiceAccounts(c)
			if err != nil {
				return nil, err
			}
			out := make([]account, len(sa.Accounts))
			for i, a := range sa.Accounts {
				out[i] = account{a, sa.RoleName(a.RootRole)}
			}
			return out, nil
		},
		key:     func(a account) string { return strconv.Itoa(a.ID) },
		cells:   accountCells,
		detail:  accountDetail,
		empty:   "This instance has no service accounts.",
		explain: explainEnterpriseOnly,
	}
	tokens := func(a account) listSpec[api.PAT] {
		return listSpec[api.PAT]{
			what:     "the tokens of " + api.Clean(a.Name),
			columns:  patColumns,
			fetch:    func(c context.Context) ([]api.PAT, error) { return client.ListServiceAccountTokens(c, a.ID) },
			key:      patKey,
			cells:    patCells,
			sortKeys: patSortKeys,
			detail:   patDetail,
			empty:    "This service account has no tokens. Press n to create one.",
			create: func(existing []api.PAT) form[api.PAT] {
				owner := "service account " + api.Clean(a.Name)
				return newPATForm(ctx, "New token for "+owner, owner, existing,
					func(c context.Context, in api.CreatePAT) (api.PAT, error) {
						return client.CreateServiceAccountToken(c, a.ID, in)
					})
			},
			remove: func(p api.PAT) removal[api.PAT] { return removePAT(client, a.ID, a.Name, p) },
		}
	}
	title := func(a account) string {
		return fmt.Sprintf("Service account %s (%s) · tokens", api.Clean(a.Name), api.Clean(a.Username))
	}
	return &serviceAccountsTab{newDrill(ctx, accounts, "Service accounts", tokens, title)}
}

func accountCells(a account, c *Context) []Cell {
	seen := a.LastSeen()
	tokens := "none"
	if n := len(a.Tokens); n == 1 {
		tokens = "1 token"
	} else if n > 1 {
		tokens = fmt.Sprintf("%d tokens", n)
	}
	lastSeen := statusCells(status.Facts{SeenAt: seen}, c)[0]
	if len(a.Tokens) == 0 {
		lastSeen = Cell{Text: "-"}
	}
	return []Cell{
		{Text: api.Clean(a.Name)},
		{Text: api.Clean(a.Username)},
		{Text: api.Clean(a.role)},
		{Text: tokens},
		lastSeen,
		{Text: ago(a.CreatedAt, c.Now())},
	}
}

func accountDetail(a account, c *Context) string {
	var expired int
	for _, p := range a.Tokens {
		if p.ExpiresAt != nil && !p.ExpiresAt.After(c.Now()) {
			expired++
		}
	}
	return fmt.Sprintf("id %d · %d tokens, %d expired · enter shows its tokens", a.ID, len(a.Tokens), expired)
}

// explainEnterpriseOnly replaces the open-source server's 404 with a plain note.
func explainEnterpriseOnly(err error) string {
	if api.KindOf(err) != api.KindEnterpriseOnly {
		return ""
	}
	return "Service accounts need Unleash Enterprise.\n" +
		"This server is the open-source edition, which has no service accounts.\n" +
		"Your PATs, project tokens and API tokens are in the other tabs."
}

func (t *serviceAccountsTab) title(short bool) string {
	if short {
		return "Accounts"
	}
	return "Service accounts"
}
