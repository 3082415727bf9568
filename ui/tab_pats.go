package ui

import (
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
		what:    "your personal access tokens",
		columns: patColumns,
		fetch:   ctx.Client.ListPATs,
		key:     patKey,
		cells:   patCells,
		detail:  patDetail,
		empty:   "You have no personal access tokens yet.",
		explain: explainAdminTokenPATs,
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
func (t *patsTab) keys() []key.Binding      { return listHelp(t.ctx, false) }
func (t *patsTab) view() string {
	return t.list.view("Personal access tokens · at most 10 per user")
}

// listHelp is the help for a list screen.
func listHelp(ctx *Context, canOpen bool) []key.Binding {
	k := ctx.Keys
	out := []key.Binding{k.Up, k.Down}
	if canOpen {
		out = append(out, k.Open)
	}
	return append(out, k.Filter, k.Back, k.PageDown, k.PageUp, k.Top, k.Bottom)
}
