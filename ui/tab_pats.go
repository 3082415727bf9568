package ui

import (
	"context"
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/unleash-tokens/unleash-tokens/api"
)

// patsTab is "My PATs": the signed-in user's personal access tokens.
type patsTab struct {
	ctx     *Context
	list    *list[api.PAT]
	started bool
}

func newPATsTab(ctx *Context) *patsTab {
	return &patsTab{ctx: ctx, list: newList(ctx, listSpec[api.PAT]{
		what:     "your personal access tokens",
		columns:  patColumns,
		fetch:    ctx.Client.ListPATs,
		key:      patKey,
		cells:    patCells,
		sortKeys: patSortKeys,
		detail:   patDetail,
		empty:    "You have no personal access tokens yet. Press n to create one.",
		explain:  explainAdminTokenPATs,
		create: func(existing []api.PAT) form[api.PAT] {
			return newPATForm(ctx, "New personal access token", "you", existing, ctx.Client.CreatePAT)
		},
		remove: func(p api.PAT) removal[api.PAT] { return removePAT(ctx.Client, 0, "", p) },
	})}
}

// explainAdminTokenPATs turns the 403 an admin API token gets into plain words.
func explainAdminTokenPATs(err error) string {
	e, ok := api.AsError(err)
	if !ok || e.Kind != api.KindForbidden || e.Name != "ForbiddenError" {
		return ""
	}
	return "You are signed in with an admin API token. It is not a user, so it has\n" +
		"no personal access tokens (the server says: " + api.Clean(e.Message) + ").\n" +
		"Sign in with a PAT to see yours; the other tabs work with this token."
}

func (t *patsTab) reveal(key string) tea.Cmd {
	t.started = true
	return t.list.reveal(key)
}

func (t *patsTab) title(short bool) string {
	if short {
		return "PATs"
	}
	return "My PATs"
}

func (t *patsTab) activate() tea.Cmd {
	if t.started {
		return nil
	}
	t.started = true
	return t.list.load()
}

func (t *patsTab) reload() tea.Cmd          { t.started = true; return t.list.load() }
func (t *patsTab) update(m tea.Msg) tea.Cmd { return t.list.update(m) }
func (t *patsTab) setSize(w, h int)         { t.list.setSize(w, h) }
func (t *patsTab) capturing() bool          { return t.list.capturing() }
func (t *patsTab) back() bool               { return t.list.clearFilter() }
func (t *patsTab) busy() bool               { return t.list.loading }
func (t *patsTab) keys() []key.Binding      { return t.list.helpKeys(false) }
func (t *patsTab) view() string {
	return t.list.view("Personal access tokens · at most 10 per user")
}

// removePAT deletes a PAT of the user (accountID 0) or of a service account.
// removePAT deletes one of your PATs, or, with an account, one of that
// service account's tokens.
func removePAT(c *api.Client, accountID int, accountName string, p api.PAT) removal[api.PAT] {
	what := fmt.Sprintf("PAT %q", api.Clean(p.Description))
	if accountID != 0 {
		what = fmt.Sprintf("the token %q of service account %s", api.Clean(p.Description), api.Clean(accountName))
	}
	return removal[api.PAT]{
		what:  what,
		lines: []string{"Apps and scripts that use it lose access at once. This cannot be undone."},
		delete: func() error {
			if accountID != 0 {
				return c.DeleteServiceAccountToken(context.Background(), accountID, p.ID)
			}
			return c.DeletePAT(context.Background(), p.ID)
		},
		gone: func(q api.PAT) bool { return q.ID == p.ID },
	}
}
