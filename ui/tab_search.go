package ui

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/unleash-tokens/unleash-tokens/api"
)

// searchTab finds API tokens by name. The server's by-name endpoint matches
// the whole name exactly and case-sensitively, so the tab also fetches the
// full list and matches substrings ignoring case, and says which it did.
type searchTab struct {
	ctx     *Context
	input   textinput.Model
	results *list[api.APIToken]
	query   string // the query the results are for
	summary string // how the results were found
	started bool
}

// searchResult is what a search found.
type searchResult struct {
	tokens  []api.APIToken
	summary string
}

func newSearchTab(ctx *Context) *searchTab {
	in := newInput()
	in.Prompt = "Name: "
	in.Placeholder = "part of a token name, then enter"
	in.CharLimit = 200
	t := &searchTab{ctx: ctx, input: in}
	t.results = newList(ctx, listSpec[api.APIToken]{})
	return t
}

func (t *searchTab) title(short bool) string { return "Search" }

func (t *searchTab) activate() tea.Cmd {
	if t.started {
		return nil
	}
	t.started = true
	return t.input.Focus()
}

func (t *searchTab) reload() tea.Cmd {
	if t.query == "" {
		return nil
	}
	return t.search(t.query)
}

// searchDone is a finished search, for the list and the summary line.
type searchDone struct {
	loaded  listLoaded[api.APIToken]
	query   string
	summary string
}

// reveal searches for the token's exact name and puts the cursor on it.
func (t *searchTab) reveal(name, key string) tea.Cmd {
	t.started = true
	t.input.SetValue(name)
	t.input.Blur()
	cmd := t.search(name)
	t.results.pending = revealCheck(t.results.spec.key, key)
	return cmd
}

// search runs a search for q; the list's request id drops stale answers.
func (t *searchTab) search(q string) tea.Cmd {
	t.results.reset(listSpec[api.APIToken]{
		what:     fmt.Sprintf("API tokens named like %q", q),
		columns:  apiTokenColumns,
		key:      apiTokenKey,
		cells:    apiTokenCells,
		sortKeys: apiTokenSortKeys,
		detail:   apiTokenDetail,
		empty:    fmt.Sprintf("No API token's name contains %q.", q),
		remove:   func(tok api.APIToken) removal[api.APIToken] { return removeAPIToken(t.ctx.Client, "", tok) },
		edit:     func(tok api.APIToken) form[api.APIToken] { return newExpiryForm(t.ctx, tok) },
	})
	t.results.reqID = t.ctx.nextID()
	t.results.loading = true
	id, client := t.results.reqID, t.ctx.Client
	return func() tea.Msg {
		r, err := findTokens(context.Background(), client, q)
		return searchDone{listLoaded[api.APIToken]{id, r.tokens, err}, q, r.summary}
	}
}

// findTokens matches q against every API token the token may read, and asks
// the server's exact by-name endpoint too.
func findTokens(ctx context.Context, c *api.Client, q string) (searchResult, error) {
	all, errAll := c.ListAPITokens(ctx)
	exact, errExact := c.APITokensByName(ctx, q)
	if errAll != nil {
		if errExact != nil {
			return searchResult{}, errAll
		}
		return searchResult{tokens: exact, summary: fmt.Sprintf(
			"Exact, case-sensitive name matches only: this token cannot list all API tokens (%s).", api.Clean(errAll.Error()))}, nil
	}
	lq := strings.ToLower(q)
	var hits []api.APIToken
	for _, tok := range all {
		if strings.Contains(strings.ToLower(tok.Name), lq) {
			hits = append(hits, tok)
		}
	}
	sort.SliceStable(hits, func(i, j int) bool {
		ei, ej := hits[i].Name == q, hits[j].Name == q
		if ei != ej {
			return ei
		}
		return strings.ToLower(hits[i].Name) < strings.ToLower(hits[j].Name)
	})
	summary := fmt.Sprintf("Names containing %q, ignoring case, among all %d API tokens; %d exact match(es) by the server's case-sensitive name search.",
		q, len(all), len(exact))
	if errExact != nil {
		summary = fmt.Sprintf("Names containing %q, ignoring case, among all %d API tokens.", q, len(all))
	}
	return searchResult{tokens: hits, summary: summary}, nil
}

func (t *searchTab) update(msg tea.Msg) tea.Cmd {
	if done, ok := msg.(searchDone); ok {
		if done.loaded.id == t.results.reqID {
			t.query, t.summary = done.query, done.summary
		}
		return t.results.update(done.loaded)
	}
	k, isKey := msg.(tea.KeyMsg)
	if !isKey {
		var cmd tea.Cmd
		t.input, cmd = t.input.Update(msg)
		return tea.Batch(t.results.update(msg), cmd)
	}
	if t.input.Focused() {
		switch k.String() {
		case "enter":
			q := strings.TrimSpace(t.input.Value())
			if q == "" {
				return nil
			}
			t.input.Blur()
			return t.search(q)
		case "esc":
			t.input.Blur()
			return nil
		case "up", "down":
			return t.results.update(msg)
		}
		var cmd tea.Cmd
		t.input, cmd = t.input.Update(msg)
		return cmd
	}
	if t.results.form == nil && key.Matches(k, t.ctx.Keys.Filter) {
		return t.input.Focus()
	}
	return t.results.update(msg)
}

func (t *searchTab) back() bool {
	if t.input.Focused() {
		t.input.Blur()
		return true
	}
	return false
}

func (t *searchTab) setSize(w, h int) {
	t.input.Width = max(w-len(t.input.Prompt)-2, 1)
	t.results.setSize(w, max(h-3, 1))
}

func (t *searchTab) capturing() bool { return t.input.Focused() || t.results.form != nil }
func (t *searchTab) busy() bool      { return t.results.loading }

func (t *searchTab) keys() []key.Binding {
	if t.input.Focused() {
		return []key.Binding{key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "search")),
			key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "leave the field"))}
	}
	keys := t.results.helpKeys(false)
	for i, k := range keys {
		if k.Help().Key == "/" {
			keys[i] = key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "new search"))
		}
	}
	return keys
}

func (t *searchTab) view() string {
	st := &t.ctx.Styles
	head := []string{t.input.View()}
	if t.summary != "" && !t.results.loading && t.results.loaded {
		head = append(head, st.Dim.Render(t.summary))
	} else {
		head = append(head, st.Dim.Render("The server matches whole names exactly; this search also finds parts of names, ignoring case."))
	}
	head = append(head, "")
	if t.results.spec.columns == nil {
		return block(head, t.results.height+3)
	}
	return strings.Join(head, "\n") + "\n" + t.results.view("Search results")
}
