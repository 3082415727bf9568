// Package patstab is the "My PATs" tab: the signed-in user's personal
// access tokens, with n to make one, d to delete one.
package patstab

import (
	"context"
	"strconv"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/ui/action"
	"github.com/unleash-tokens/unleash-tokens/ui/core"
	"github.com/unleash-tokens/unleash-tokens/ui/form"
	"github.com/unleash-tokens/unleash-tokens/ui/list"
	"github.com/unleash-tokens/unleash-tokens/ui/tokens"
)

// Tab is My PATs.
type Tab struct {
	*list.List[api.PAT] // Update, View, SetSize, Capturing, Busy, Keys
	started             bool
}

// New makes the tab.
func New(ctx *core.Context) *Tab {
	client := ctx.Client
	t := &Tab{}
	mine := func() []api.PAT { return t.Items() }
	t.List = list.New(ctx, list.Spec[api.PAT]{
		What:    "your personal access tokens",
		Title:   "Personal access tokens",
		Note:    "at most 10 per user",
		Columns: tokens.PATColumns,
		Fetch:   func(c context.Context) ([]api.PAT, error) { return client.ListPATs(c) },
		Key:     tokens.PATKey,
		Cells:   tokens.PATCells,
		Measure: tokens.MeasurePAT,
		Detail:  tokens.PATDetail,
		ID:      tokens.PATID,
		Page:    tokens.PATPage,
		Search:  tokens.PATSearch,
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
		Remove: func(p api.PAT) list.Removal[api.PAT] {
			r := tokens.RemovePAT(client, 0, "", p)
			r.Own = tokens.OwnWarning(tokens.OwnPAT(ctx, p, mine()))
			return r
		},
		Rotate: func(p api.PAT) form.Form[api.PAT] {
			return tokens.NewRotateForm(ctx, tokens.PATTargets(mine), p, tokens.IsNewPAT)
		},
		BulkDelete: func(marked []api.PAT) list.Bulk[api.PAT] {
			return tokens.BulkDelete(ctx, tokens.PATTargets(mine), marked)
		},
		Also: []action.Action{tokens.NoExpiryAction(ctx, "a PAT")},
	})
	return t
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
	return t.Load()
}

func (t *Tab) Reload() tea.Cmd { t.started = true; return t.Load() }

// Reveal shows one of your PATs the audit found.
func (t *Tab) Reveal(tok audit.Token) tea.Cmd {
	if tok.Kind != audit.KindPAT {
		return nil
	}
	t.started = true
	return t.Find(strconv.Itoa(tok.ID))
}
