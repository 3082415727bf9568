// Package accountstab is the "Service accounts" tab (Unleash Enterprise):
// the accounts with their role, token count and latest use; enter opens an
// account's tokens, where n makes one and d deletes one.
package accountstab

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/internal/textcols"
	"github.com/unleash-tokens/unleash-tokens/status"
	"github.com/unleash-tokens/unleash-tokens/ui/action"
	"github.com/unleash-tokens/unleash-tokens/ui/core"
	"github.com/unleash-tokens/unleash-tokens/ui/drill"
	"github.com/unleash-tokens/unleash-tokens/ui/form"
	"github.com/unleash-tokens/unleash-tokens/ui/list"
	"github.com/unleash-tokens/unleash-tokens/ui/table"
	"github.com/unleash-tokens/unleash-tokens/ui/tokens"
)

// account is a service account with its role's name resolved.
type account struct {
	api.ServiceAccount
	role string
}

// Tab is Service accounts.
type Tab struct {
	*drill.Drill[account, api.PAT] // Activate, Reload, Update, View, SetSize, Capturing, Busy, Keys
}

var columns = []table.Column{
	{Title: "Name", Min: 10, Max: 40, Flex: true},
	{Title: "Username", Min: 8, Max: 30, Drop: 2},
	{Title: "Role", Min: 5, Max: 16, Drop: 3},
	{Title: "Tokens", Min: 6, Max: 10},
	{Title: "Last seen", Min: 9, Max: 12, Drop: 1},
	{Title: "Created", Min: 7, Max: 9, Drop: 4},
}

// New makes the tab.
func New(ctx *core.Context) *Tab {
	client := ctx.Client
	accounts := list.Spec[account]{
		What:    "service accounts",
		Title:   "Service accounts",
		Columns: columns,
		Fetch: func(c context.Context) ([]account, error) {
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
		Key:    func(a account) string { return strconv.Itoa(a.ID) },
		Cells:  cells,
		Detail: detail,
		Search: func(a account, found func(string) bool) bool {
			return found(a.Name) || found(a.Username) || found(a.role)
		},
		Empty:   "This instance has no service accounts.",
		Explain: explainEnterpriseOnly,
		Also:    drill.OnChildren("service account", "tokens", ctx.Keys.New, ctx.Keys.Delete, ctx.Keys.Rotate),
	}
	tokensOf := func(a account) list.Spec[api.PAT] {
		owner := "service account " + api.Clean(a.Name)
		return list.Spec[api.PAT]{
			What:    "the tokens of " + api.Clean(a.Name),
			Title:   fmt.Sprintf("Service account %s (%s) · tokens", api.Clean(a.Name), api.Clean(a.Username)),
			Columns: tokens.PATColumns,
			Fetch:   func(c context.Context) ([]api.PAT, error) { return client.ListServiceAccountTokens(c, a.ID) },
			Key:     tokens.PATKey,
			Cells:   tokens.PATCells,
			Measure: tokens.MeasurePAT,
			Detail: func(p api.PAT, c *core.Context) []list.Field {
				f := tokens.PATDetail(p, c)
				f[0].Label = "service-account token" // one name for it everywhere, not "PAT"
				return append(f[:1:1], append([]list.Field{{Label: "of", Value: owner}}, f[1:]...)...)
			},
			Search: tokens.PATSearch,
			Facts:  tokens.PATFacts,
			ID:     tokens.PATID,
			Page:   tokens.AccountPage,
			Empty:  "This service account has no tokens. Press n to create one.",
			Create: func(existing []api.PAT) form.Form[api.PAT] {
				return tokens.NewPATForm(ctx, "New token for "+owner, owner, existing,
					func(c context.Context, in api.CreatePAT) (api.PAT, error) {
						return client.CreateServiceAccountToken(c, a.ID, in)
					})
			},
			Remove: func(p api.PAT) list.Removal[api.PAT] { return tokens.RemovePAT(client, a.ID, a.Name, p) },
			Rotate: func(p api.PAT) form.Form[api.PAT] {
				return tokens.NewRotateForm(ctx, tokens.AccountTargets(a.ID, a.Name), p, tokens.IsNewPAT)
			},
			BulkDelete: func(marked []api.PAT) list.Bulk[api.PAT] {
				return tokens.BulkDelete(ctx, tokens.AccountTargets(a.ID, a.Name), marked)
			},
			Also: []action.Action{tokens.NoExpiryAction(ctx, "a service-account token")},
		}
	}
	return &Tab{drill.New(ctx, accounts, tokensOf)}
}

func cells(a account, c *core.Context) []table.Cell {
	n := "none"
	switch len(a.Tokens) {
	case 0:
	case 1:
		n = "1 token"
	default:
		n = fmt.Sprintf("%d tokens", len(a.Tokens))
	}
	seen := table.Cell{Text: "-"}
	if len(a.Tokens) > 0 {
		seen = tokens.StatusCells(status.Facts{SeenAt: a.LastSeen()}, c)[0]
	}
	return []table.Cell{
		{Text: api.Clean(a.Name)},
		{Text: api.Clean(a.Username)},
		{Text: api.Clean(a.role)},
		{Text: n},
		seen,
		{Text: tokens.Ago(a.CreatedAt, c.Now())},
	}
}

func detail(a account, c *core.Context) []list.Field {
	now, th := c.Now(), c.Thresholds
	var expired, soonOrStale int // an expired token counts once, as expired
	for _, p := range a.Tokens {
		set := th.Classify(p.Facts(), now)
		switch {
		case set.Has(status.Expired):
			expired++
		case set.Finding():
			soonOrStale++
		}
	}
	count := textcols.Plural(len(a.Tokens), "token")
	switch {
	case len(a.Tokens) == 0:
	case expired == 0 && soonOrStale == 0:
		count += ", none expired, expiring or stale"
	default:
		var parts []string
		if expired > 0 {
			parts = append(parts, fmt.Sprintf("%d expired", expired))
		}
		if soonOrStale > 0 {
			parts = append(parts, fmt.Sprintf("%d expiring or stale", soonOrStale))
		}
		count += ": " + strings.Join(parts, ", ")
	}
	return []list.Field{
		{Label: "service account", Value: fmt.Sprintf("%s (%s)", api.Clean(a.Name), api.Clean(a.Username))},
		{Label: "role", Value: api.Clean(a.role)},
		{Label: "id", Value: strconv.Itoa(a.ID)},
		{Value: count},
		{Value: "enter shows its tokens"},
	}
}

// explainEnterpriseOnly replaces the open-source server's 404 with a plain note.
func explainEnterpriseOnly(err error) string {
	if api.KindOf(err) != api.KindEnterpriseOnly {
		return ""
	}
	return "Service accounts need Unleash Enterprise. This server is the open-source edition, which has no service accounts. " +
		"Your PATs, project tokens and API tokens are in the other tabs."
}

func (t *Tab) ID() core.TabID { return core.TabAccounts }

// Reveal opens the account of a service-account token the audit found.
func (t *Tab) Reveal(tok audit.Token) tea.Cmd {
	if tok.Kind != audit.KindServiceAccountToken {
		return nil
	}
	return t.Find(strconv.Itoa(tok.AccountID()), strconv.Itoa(tok.ID))
}
