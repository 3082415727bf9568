// Package patstab is the "My PATs" tab: the signed-in user's personal
// access tokens, with n to make one, d to delete one.
package patstab

import (
	"context"
	"strconv"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/ui/core"
	"github.com/unleash-tokens/unleash-tokens/ui/form"
	"github.com/unleash-tokens/unleash-tokens/ui/list"
	"github.com/unleash-tokens/unleash-tokens/ui/tokens"
)

// Tab is My PATs.
type Tab struct {
	ctx     *core.Context
	list    *list.List[api.PAT]
	started bool
}

// New makes the tab.
func New(ctx *core.Context) *Tab {
	client := ctx.Client
	return &Tab{ctx: ctx, list: list.New(ctx, list.Spec[api.PAT]{
		What:    "your personal access tokens",
		Title:   "Personal access tokens",
		Note:    "at most 10 per user",
		Columns: tokens.PATColumns,
		Fetch:   func(c context.Context) ([]api.PAT, error) { return client.ListPATs(c) },
		Key:     tokens.PATKey,
		Cells:   tokens.PATCells,
		Detail:  tokens.PATDetail,
		Text:    tokens.PATText,
		Facts:   tokens.PATFacts,
		Empty:   "You have no personal access tokens yet. Press n to create one.",
		Explain: explainAdminToken,
		Create: func(existing []api.PAT) form.Form[api.PAT] {
			return tokens.NewPATForm(ctx, "New personal access token", "you", existing, client.CreatePAT)
		},
		CreateNot: func() string {
			if ctx.Session().AdminAPIToken {
				return "You are signed in with an admin API token: it is not a user, so it cannot own PATs. Sign in with a PAT to make one."
			}
			return ""
		},
		Remove: func(p api.PAT) list.Removal[api.PAT] { return tokens.RemovePAT(client, 0, "", p) },
	})}
}

// explainAdminToken turns the 403 an admin API token gets into plain words.
func explainAdminToken(err error) string {
	e, ok := api.AsError(err)
	if !ok || e.Kind != api.KindForbidden || e.Name != "ForbiddenError" {
		return ""
	}
	return "You are signed in with an admin API token. It is not a user, so it has no personal access tokens " +
		"(the server says: " + api.Clean(e.Message) + "). Sign in with a PAT to see yours; the other tabs work with this token."
}

func (t *Tab) ID() core.TabID { return core.TabPATs }

func (t *Tab) Activate() tea.Cmd {
	if t.started {
		return nil
	}
	t.started = true
	return t.list.Load()
}

func (t *Tab) Reload() tea.Cmd            { t.started = true; return t.list.Load() }
func (t *Tab) Update(msg tea.Msg) tea.Cmd { return t.list.Update(msg) }
func (t *Tab) View() string               { return t.list.View() }
func (t *Tab) SetSize(w, h int)           { t.list.SetSize(w, h) }
func (t *Tab) Capturing() bool            { return t.list.Capturing() }
func (t *Tab) Busy() bool                 { return t.list.Busy() }
func (t *Tab) Keys() []key.Binding        { return t.list.Keys() }

// Reveal shows one of your PATs the audit found.
func (t *Tab) Reveal(tok audit.Token) tea.Cmd {
	if tok.Kind != audit.KindPAT {
		return nil
	}
	t.started = true
	return t.list.Reveal(strconv.Itoa(tok.ID))
}
