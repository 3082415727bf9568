// Package searchtab is the "Search" tab: every API token, whatever its
// scope, with / to search names (ignoring case), scope and status. Unleash's
// own by-name endpoint matches whole names exactly and case-sensitively; the
// tab uses it when the token may not list all API tokens.
package searchtab

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/ui/action"
	"github.com/unleash-tokens/unleash-tokens/ui/core"
	"github.com/unleash-tokens/unleash-tokens/ui/form"
	"github.com/unleash-tokens/unleash-tokens/ui/keys"
	"github.com/unleash-tokens/unleash-tokens/ui/list"
	"github.com/unleash-tokens/unleash-tokens/ui/tokens"
)

// Tab is Search.
type Tab struct {
	ctx     *core.Context
	list    *list.List[api.APIToken]
	started bool

	// By-name mode, for a token that may not list all API tokens: a field
	// whose enter asks the server for an exact name.
	byName bool
	input  textinput.Model
	asked  string // the name the list shows the matches of
	w, h   int
}

// New makes the tab.
func New(ctx *core.Context) *Tab {
	t := &Tab{ctx: ctx, input: form.NewInput("the exact name, then enter", api.MaxNameLength)}
	t.input.Prompt = "Name: "
	t.list = list.New(ctx, t.allSpec())
	t.list.SetFilterHint("search: a name, a scope, or a status such as expired")
	return t
}

// spec is what any list of this tab shows.
func (t *Tab) spec(title, what, empty string, fetch func(context.Context) ([]api.APIToken, error)) list.Spec[api.APIToken] {
	client, ctx := t.ctx.Client, t.ctx
	return list.Spec[api.APIToken]{
		What: what, Title: title, Empty: empty, Fetch: fetch,
		Columns: tokens.APITokenColumns,
		Key:     tokens.APITokenKey,
		Cells:   tokens.APITokenCells,
		Measure: tokens.MeasureAPIToken,
		Detail:  tokens.APITokenDetail,
		ID:      tokens.APITokenID,
		Page:    tokens.APITokenPage,
		Search:  tokens.APITokenSearch,
		Facts:   tokens.APITokenFacts,
		Explain: t.explainForbidden,
		Remove:  func(tok api.APIToken) list.Removal[api.APIToken] { return tokens.RemoveAPIToken(client, "", tok) },
		Edit:    func(tok api.APIToken) form.Form[api.APIToken] { return tokens.NewExpiryForm(ctx, tok) },
		Rotate: func(tok api.APIToken) form.Form[api.APIToken] {
			return tokens.NewRotateForm(ctx, tokens.APITargets(""), tok, tokens.IsNewAPIToken)
		},
		BulkDelete: func(marked []api.APIToken) list.Bulk[api.APIToken] {
			return tokens.BulkDelete(ctx, tokens.APITargets(""), marked)
		},
		BulkEdit: func(marked []api.APIToken) (form.Form[api.APIToken], string) {
			return tokens.BulkExpiry(ctx, tokens.APITargets(""), marked)
		},
		Also: []action.Action{{Key: ctx.Keys.New, When: action.Never,
			Why: action.Say(fmt.Sprintf("A new API token belongs to a project: make it in the Projects tab (%d), on a project's tokens, with n.",
				core.TabProjects.Number()))}},
	}
}

func (t *Tab) allSpec() list.Spec[api.APIToken] {
	client := t.ctx.Client
	return t.spec("All API tokens", "all API tokens", "This instance has no API tokens.",
		func(c context.Context) ([]api.APIToken, error) { return client.ListAPITokens(c) })
}

func (t *Tab) byNameSpec(name string) list.Spec[api.APIToken] {
	client := t.ctx.Client
	return t.spec(fmt.Sprintf("API tokens named exactly %q", api.Clean(name)), "API tokens named "+api.Clean(name),
		fmt.Sprintf("No API token is named exactly %q (the server's search is case-sensitive and matches whole names).", api.Clean(name)),
		func(c context.Context) ([]api.APIToken, error) { return client.APITokensByName(c, name) })
}

// explainForbidden turns "may not list all API tokens" into what to do, and
// switches the tab to asking the server by name.
func (t *Tab) explainForbidden(err error) string {
	if api.KindOf(err) != api.KindForbidden || t.byName {
		return ""
	}
	return "This token may not list all API tokens. The server says: " + core.ErrorText(err) + " " +
		"Type a token's exact name in the Name field (/ goes back to it): the server can still say whether such a token exists."
}

func (t *Tab) ID() core.TabID { return core.TabSearch }

// Activate: the tab opens with its search line focused, every time it is
// shown (it is the name search): typed letters are the query, not keys.
// Enter or esc give the keys back to the rows; tab and shift+tab still
// switch tabs.
func (t *Tab) Activate() tea.Cmd {
	var cmd tea.Cmd
	if !t.started {
		t.started = true
		cmd = t.list.Load()
	}
	return tea.Batch(cmd, t.focusSearch())
}

// focusSearch focuses the search line: the list's filter, or the by-name
// field when the full list cannot be read.
func (t *Tab) focusSearch() tea.Cmd {
	switch {
	case t.input.Focused() || t.list.Filtering() || t.list.InForm():
		return nil
	case t.forbidden():
		t.input.SetValue(t.asked)
		t.input.CursorEnd()
		cmd := t.input.Focus()
		t.layout() // after the focus: the field takes a line
		return cmd
	case t.list.CanFilter():
		return t.list.OpenFilter()
	}
	return nil
}

// TabKeysWork: while the search line has the keyboard, tab and shift+tab
// still switch tabs (they type nothing); the digits are text.
func (t *Tab) TabKeysWork() bool {
	return t.input.Focused() || (t.list.Filtering() && !t.list.InForm())
}

func (t *Tab) Reload() tea.Cmd { t.started = true; return t.list.Load() }

func (t *Tab) Update(msg tea.Msg) tea.Cmd {
	k, isKey := msg.(tea.KeyMsg)
	if !isKey {
		return tea.Batch(t.list.Update(msg), t.toByName())
	}
	emptyLine := (t.list.Filtering() && t.list.Query() == "") || (t.input.Focused() && t.input.Value() == "")
	if emptyLine && keys.Matches(k, t.ctx.Keys.Filter) {
		return nil // / on the empty search line it already is: nothing to type
	}
	if emptyLine && k.Type == tea.KeyRunes && len(k.Runes) > 1 && k.Runes[0] == '/' && !k.Paste {
		// "/edge" typed fast arrives as one burst: the / opened the line
		// it already is, the rest is the query.
		k.Runes = k.Runes[1:]
		msg = k
	}
	km := t.ctx.Keys
	if t.input.Focused() {
		switch {
		case keys.Matches(k, km.Submit):
			name := strings.TrimSpace(t.input.Value())
			if name == "" {
				return nil
			}
			t.input.Blur()
			t.byName, t.asked = true, name
			t.layout()
			return t.list.Reset(t.byNameSpec(name))
		case keys.Matches(k, km.Cancel):
			t.input.Blur()
			t.layout()
			return nil
		}
		var cmd tea.Cmd
		t.input, cmd = t.input.Update(msg)
		return cmd
	}
	if !t.list.Capturing() {
		cmd, _ := t.Actions().Dispatch(k)
		return cmd
	}
	return t.list.Update(msg)
}

// toByName moves what was typed into the search line to the by-name field
// once the list turns out unreadable (this token may not list all API
// tokens).
func (t *Tab) toByName() tea.Cmd {
	if !t.list.Filtering() || !t.forbidden() {
		return nil
	}
	typed := t.list.Query()
	t.list.ClearFilter()
	t.input.SetValue(typed)
	t.input.CursorEnd()
	cmd := t.input.Focus()
	t.layout() // after the focus: the field takes a line
	return cmd
}

// Actions is the tab's table: / asks the server by name when the full list
// cannot be read; then the list's.
func (t *Tab) Actions() action.Table {
	km := t.ctx.Keys
	own := action.Table{Actions: []action.Action{
		{Key: keys.Help(km.Filter, "/", "search by exact name"), When: t.forbidden, Do: func(tea.KeyMsg) tea.Cmd {
			t.input.SetValue(t.asked)
			cmd := t.input.Focus()
			t.layout() // after the focus: the field takes a line
			return cmd
		}},
	}}
	return own.Then(t.list.Actions())
}

// HelpKeys is what the help screen lists now.
func (t *Tab) HelpKeys() []key.Binding {
	if t.input.Focused() {
		return append(t.Keys(), t.ctx.Keys.PrevTab)
	}
	if t.list.Capturing() {
		return t.withTabKeys(t.list.HelpKeys(), true)
	}
	return t.Actions().HelpKeys()
}

// forbidden: the full list cannot be read, so / asks the server by name.
func (t *Tab) forbidden() bool {
	return t.byName || (!t.list.Loaded() && api.KindOf(t.listErr()) == api.KindForbidden)
}

func (t *Tab) listErr() error { return t.list.Err() }

func (t *Tab) layout() {
	h := t.h
	if t.input.Focused() || t.byName {
		h-- // the name field
	}
	t.input.Width = max(t.w-len(t.input.Prompt)-2, 1)
	t.list.SetSize(t.w, max(h, 1))
}

func (t *Tab) SetSize(w, h int) {
	t.w, t.h = w, h
	t.layout()
}

func (t *Tab) View() string {
	if t.input.Focused() || t.byName {
		return t.input.View() + "\n" + t.list.View()
	}
	return t.list.View()
}

func (t *Tab) Capturing() bool { return t.input.Focused() || t.list.Capturing() }
func (t *Tab) Busy() bool      { return t.list.Busy() }

func (t *Tab) Keys() []key.Binding {
	km := t.ctx.Keys
	if t.input.Focused() {
		out := []key.Binding{keys.Help(km.Cancel, "esc", "leave the field")}
		if strings.TrimSpace(t.input.Value()) != "" {
			out = append([]key.Binding{keys.Help(km.Submit, "enter", "ask the server")}, out...)
		}
		return append(out, km.NextTab)
	}
	if t.list.Capturing() {
		return t.withTabKeys(t.list.Keys(), false)
	}
	return t.Actions().Keys()
}

// Reveal shows an API token the audit found that lives in no one project.
func (t *Tab) Reveal(tok audit.Token) tea.Cmd {
	if tok.Kind != audit.KindAPIToken || (len(tok.Projects) == 1 && tok.Projects[0] != "*") {
		return nil
	}
	t.started = true
	t.input.Blur()
	want := tokens.APITokenKey(tok.APIToken())
	if t.forbidden() {
		t.byName, t.asked = true, tok.RawName()
		t.layout()
		cmd := t.list.Reset(t.byNameSpec(tok.RawName()))
		return tea.Batch(cmd, t.list.Find(want))
	}
	return t.list.Find(want)
}

// withTabKeys adds tab (and, for help, shift+tab) to the search line's
// keys: the app switches tabs with them while the line has the keyboard.
func (t *Tab) withTabKeys(b []key.Binding, help bool) []key.Binding {
	if !t.TabKeysWork() {
		return b
	}
	b = append(b, t.ctx.Keys.NextTab)
	if help {
		b = append(b, t.ctx.Keys.PrevTab)
	}
	return b
}
