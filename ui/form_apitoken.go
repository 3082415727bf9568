package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/status"
)

// projectTokenForm creates an API token for one project.
type projectTokenForm struct {
	ctx     *Context
	id      int
	project api.Project

	name       textinput.Model
	expires    textinput.Model
	typ        int // 0 backend, 1 frontend
	envs       []string
	env        int
	envErr     string
	focus      int // 0 name, 1 type, 2 environment, 3 expiry
	nameErr    string
	formErr    string
	submitting bool
}

type envsLoadedMsg struct {
	form int
	envs []api.Environment
	err  error
}

type projectTokenCreatedMsg struct {
	form int
	in   api.CreateProjectToken
	tok  api.APIToken
	err  error
}

var tokenTypes = []api.TokenType{api.TypeBackend, api.TypeFrontend}

func newProjectTokenForm(ctx *Context, p api.Project) *projectTokenForm {
	f := &projectTokenForm{ctx: ctx, id: ctx.nextID(), project: p}
	f.name = newInput()
	f.name.Prompt = ""
	f.name.Placeholder = "e.g. checkout-api"
	f.name.CharLimit = api.MaxNameLength
	f.expires = newInput()
	f.expires.Prompt = ""
	f.expires.Placeholder = "empty: never; or 90d, 2027-01-31"
	f.expires.CharLimit = 40
	return f
}

func (f *projectTokenForm) init() tea.Cmd {
	id, client := f.id, f.ctx.Client
	load := func() tea.Msg {
		envs, err := client.ListEnvironments(context.Background())
		return envsLoadedMsg{form: id, envs: envs, err: err}
	}
	return tea.Batch(f.name.Focus(), load)
}

// expiry is the chosen expiry: nil for none.
func (f *projectTokenForm) expiry() (*time.Time, error) {
	if strings.TrimSpace(f.expires.Value()) == "" {
		return nil, nil
	}
	t, err := status.ParseExpiry(f.expires.Value(), f.ctx.Now())
	return &t, err
}

func (f *projectTokenForm) update(msg tea.Msg) (tea.Cmd, outcome[api.APIToken]) {
	switch msg := msg.(type) {
	case envsLoadedMsg:
		if msg.form == f.id {
			f.envErr = ""
			if msg.err != nil {
				f.envErr = "Could not load environments: " + errorText(msg.err)
			}
			for _, e := range msg.envs {
				if e.Enabled {
					f.envs = append(f.envs, e.Name)
				}
			}
		}
	case projectTokenCreatedMsg:
		if msg.form == f.id {
			return f.created(msg)
		}
	case tea.KeyMsg:
		return f.handleKey(msg)
	}
	return nil, outcome[api.APIToken]{}
}

func (f *projectTokenForm) handleKey(k tea.KeyMsg) (tea.Cmd, outcome[api.APIToken]) {
	none := outcome[api.APIToken]{}
	if k.String() == "esc" {
		return flash("Cancelled: no token was created."), outcome[api.APIToken]{closed: true}
	}
	if f.submitting {
		return nil, none
	}
	switch k.String() {
	case "enter":
		return f.trySubmit(), none
	case "tab", "down":
		return f.setFocus(min(f.focus+1, 3)), none
	case "shift+tab", "up":
		return f.setFocus(max(f.focus-1, 0)), none
	}
	switch f.focus {
	case 1:
		f.typ = cycle(f.typ, len(tokenTypes), k)
		return nil, none
	case 2:
		f.env = cycle(f.env, len(f.envs), k)
		return nil, none
	}
	var cmd tea.Cmd
	if f.focus == 0 {
		f.name, cmd = f.name.Update(k)
		f.nameErr = ""
	} else {
		f.expires, cmd = f.expires.Update(k)
	}
	f.formErr = ""
	return cmd, none
}

func (f *projectTokenForm) setFocus(i int) tea.Cmd {
	f.focus = i
	f.name.Blur()
	f.expires.Blur()
	switch i {
	case 0:
		return f.name.Focus()
	case 3:
		return f.expires.Focus()
	}
	return nil
}

func (f *projectTokenForm) trySubmit() tea.Cmd {
	name := strings.TrimSpace(f.name.Value())
	if name == "" {
		f.nameErr = "A name is required."
		return f.setFocus(0)
	}
	if len(f.envs) == 0 {
		f.formErr = "No environment to choose yet." + map[bool]string{true: " " + f.envErr}[f.envErr != ""]
		return nil
	}
	expires, err := f.expiry()
	if err != nil {
		f.formErr = err.Error()
		return f.setFocus(3)
	}
	f.submitting = true
	in := api.CreateProjectToken{Name: name, Type: tokenTypes[f.typ], Environment: f.envs[f.env], ExpiresAt: expires}
	id, client, project := f.id, f.ctx.Client, f.project.ID
	return func() tea.Msg {
		tok, err := client.CreateProjectToken(context.Background(), project, in)
		return projectTokenCreatedMsg{form: id, in: in, tok: tok, err: err}
	}
}

func (f *projectTokenForm) created(msg projectTokenCreatedMsg) (tea.Cmd, outcome[api.APIToken]) {
	f.submitting = false
	name := api.Clean(msg.in.Name)
	if msg.err == nil {
		usage := "Give it to a server-side (backend) SDK as its API token."
		if msg.tok.Type == api.TypeFrontend {
			usage = "Give it to a frontend SDK (browser or mobile app); it can only read flags for its environment."
		}
		show := showSecretMsg{
			title: "Project API token created",
			about: fmt.Sprintf("%q · %s · %s · project %s · expires %s", name, msg.tok.Type, api.Clean(msg.tok.Environment),
				api.Clean(f.project.ID), exactExpiry(msg.tok.ExpiresAt, f.ctx.Now())),
			usage:  usage,
			secret: []byte(msg.tok.Secret.Reveal()),
		}
		made := msg.tok
		return func() tea.Msg { return show }, outcome[api.APIToken]{closed: true, reload: true, verify: &check[api.APIToken]{
			match: func(t api.APIToken) bool {
				return t.Name == made.Name && t.Environment == made.Environment && t.CreatedAt.Equal(made.CreatedAt)
			},
		}}
	}
	if api.OutcomeUnknown(msg.err) {
		return nil, outcome[api.APIToken]{closed: true, reload: true, verify: lostCreate(fmt.Sprintf("token %q", name),
			func(t api.APIToken) bool {
				return t.Name == msg.in.Name && t.Environment == msg.in.Environment && t.CreatedAt.After(f.ctx.Now().Add(-5*time.Minute))
			})}
	}
	f.formErr = errorWithHint(msg.err)
	return nil, outcome[api.APIToken]{}
}

func (f *projectTokenForm) keys() []key.Binding {
	return []key.Binding{
		key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "create")),
		key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab/↓", "next field")),
		key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", "choose")),
		key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

func (f *projectTokenForm) view(w, h int) string {
	st := &f.ctx.Styles
	lines := []string{st.Title.Render("New API token for project " + api.Clean(f.project.Name)), ""}
	lines = append(lines, fieldLabel(f.focus == 0, "Name")+f.name.View())
	lines = append(lines, textFieldNotes(st, f.name.Value(), f.nameErr, w)...)
	lines = append(lines, fieldLabel(f.focus == 1, "Type")+choiceLine(st, w-14, f.typ, []string{"backend", "frontend"}, nil))
	envLine := choiceLine(st, w-14, f.env, cleanAll(f.envs), nil)
	switch {
	case f.envErr != "":
		envLine = st.Error.Render(f.envErr)
	case len(f.envs) == 0:
		envLine = f.ctx.spin() + " loading environments…"
	}
	lines = append(lines, fieldLabel(f.focus == 2, "Environment")+envLine)
	lines = append(lines, fieldLabel(f.focus == 3, "Expires")+f.expires.View())
	switch expires, err := f.expiry(); {
	case err != nil:
		lines = append(lines, fieldNote(st.Error, err.Error(), w))
	case expires == nil:
		lines = append(lines, fieldNote(st.Dim, "No expiry: the token works until it is deleted.", w))
	default:
		lines = append(lines, expiresOnNote(*expires, f.ctx.Now(), w))
	}
	lines = append(lines, formFooter(f.ctx, f.formErr, f.submitting, "creating…", w)...)
	return block(lines, h)
}

// expiryForm changes an API token's expiry (PUT), then checks the list.
type expiryForm struct {
	ctx        *Context
	id         int
	tok        api.APIToken
	input      textinput.Model
	formErr    string
	submitting bool
}

type expiryUpdatedMsg struct {
	form    int
	expires time.Time
	err     error
}

func newExpiryForm(ctx *Context, tok api.APIToken) *expiryForm {
	f := &expiryForm{ctx: ctx, id: ctx.nextID(), tok: tok}
	f.input = newInput()
	f.input.Prompt = ""
	f.input.Placeholder = "30d, 2027-01-31, 2027-01-31 18:00 (UTC) or never"
	f.input.CharLimit = 40
	return f
}

func (f *expiryForm) init() tea.Cmd { return f.input.Focus() }

func (f *expiryForm) update(msg tea.Msg) (tea.Cmd, outcome[api.APIToken]) {
	switch msg := msg.(type) {
	case expiryUpdatedMsg:
		if msg.form != f.id {
			break
		}
		f.submitting = false
		if msg.err != nil {
			f.formErr = errorText(msg.err)
			return nil, outcome[api.APIToken]{}
		}
		key, name, when := apiTokenKey(f.tok), api.Clean(f.tok.Name), exactExpiry(&msg.expires, f.ctx.Now())
		return nil, outcome[api.APIToken]{closed: true, reload: true, verify: &check[api.APIToken]{
			match: func(t api.APIToken) bool {
				return apiTokenKey(t) == key && t.ExpiresAt != nil && t.ExpiresAt.Sub(msg.expires).Abs() < time.Second
			},
			found:   flashMsg{text: fmt.Sprintf("%s now expires %s.", name, when)},
			missing: flashMsg{isError: true, text: fmt.Sprintf("The server answered OK, but %s does not show the new expiry: it may have been deleted.", name)},
		}}
	case tea.KeyMsg:
		switch msg.String() {
		case "esc":
			return flash("Cancelled: the expiry is unchanged."), outcome[api.APIToken]{closed: true}
		case "enter":
			if f.submitting {
				break
			}
			t, err := status.ParseExpiry(f.input.Value(), f.ctx.Now())
			if err != nil {
				f.formErr = err.Error()
				break
			}
			f.submitting = true
			id, client, ref := f.id, f.ctx.Client, f.tok.Ref()
			return func() tea.Msg {
				return expiryUpdatedMsg{form: id, expires: t, err: client.UpdateAPITokenExpiry(context.Background(), ref, t)}
			}, outcome[api.APIToken]{}
		default:
			var cmd tea.Cmd
			f.input, cmd = f.input.Update(msg)
			f.formErr = ""
			return cmd, outcome[api.APIToken]{}
		}
	}
	return nil, outcome[api.APIToken]{}
}

func (f *expiryForm) keys() []key.Binding {
	return []key.Binding{key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "save")),
		key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel"))}
}

func (f *expiryForm) view(w, h int) string {
	st := &f.ctx.Styles
	now := f.ctx.Now()
	lines := []string{st.Title.Render("Change the expiry of " + api.Clean(f.tok.Name)), "",
		fmt.Sprintf("  %s · %s · now expires %s (%s)", f.tok.Type, api.Clean(f.tok.Environment),
			exactExpiry(f.tok.ExpiresAt, now), status.ExpiryWords(f.tok.ExpiresAt, now)), "",
		"› New expiry  " + f.input.View()}
	if t, err := status.ParseExpiry(f.input.Value(), now); err == nil {
		lines = append(lines, expiresOnNote(t, now, w))
	} else if f.input.Value() != "" {
		lines = append(lines, fieldNote(st.Error, err.Error(), w))
	}
	lines = append(lines, "", st.Dim.Render("  The new expiry must be in the future. To stop a token now, delete it (d)."))
	lines = append(lines, formFooter(f.ctx, f.formErr, f.submitting, "saving…", w)...)
	return block(lines, h)
}

// removeAPIToken deletes an API token. A token of several projects cannot
// be deleted through one project's route, so it goes through the global one.
func removeAPIToken(c *api.Client, project string, t api.APIToken) removal[api.APIToken] {
	lines := []string{fmt.Sprintf("%s token for %s, projects %s. SDKs using it lose access (within a minute, as Unleash caches tokens). This cannot be undone.",
		t.Type, api.Clean(t.Environment), projectsText(t))}
	key := apiTokenKey(t)
	return removal[api.APIToken]{
		what:  fmt.Sprintf("API token %q", api.Clean(t.Name)),
		lines: lines,
		delete: func() error {
			if project != "" && len(t.Projects) == 1 {
				return c.DeleteProjectToken(context.Background(), project, t.Ref())
			}
			return c.DeleteAPIToken(context.Background(), t.Ref())
		},
		gone: func(u api.APIToken) bool { return apiTokenKey(u) == key },
	}
}
