package tokens

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/ui/core"
	"github.com/unleash-tokens/unleash-tokens/ui/form"
	"github.com/unleash-tokens/unleash-tokens/ui/keys"
)

// ProjectTokenForm creates an API token for one project.
type ProjectTokenForm struct {
	ctx     *core.Context
	id      int
	project api.Project

	name       textinput.Model
	exp        form.Expiry // 90 days by default
	typ        int         // into tokenTypes
	envs       []string
	env        int
	envErr     string
	focus      int // 0 name, 1 type, 2 environment, 3 expiry, 4 its date
	nameErr    string
	formErr    string
	submitting bool
}

type envsLoaded struct {
	form int
	envs []api.Environment
	err  error
}

type projectTokenCreated struct {
	form int
	in   api.CreateProjectToken
	tok  api.APIToken
	err  error
}

var tokenTypes = []api.TokenType{api.TypeBackend, api.TypeFrontend}

// NewProjectTokenForm makes the form for project p.
func NewProjectTokenForm(ctx *core.Context, p api.Project) *ProjectTokenForm {
	return &ProjectTokenForm{ctx: ctx, id: ctx.NextID(), project: p,
		name: form.NewInput("e.g. checkout-api", api.MaxNameLength),
		exp:  form.NewExpiry(form.Expiry90Days)}
}

// Init focuses the name and loads the environments.
func (f *ProjectTokenForm) Init() tea.Cmd {
	id, client := f.id, f.ctx.Client
	load := func() tea.Msg {
		envs, err := client.ListEnvironments(context.Background())
		return envsLoaded{form: id, envs: envs, err: err}
	}
	return tea.Batch(f.name.Focus(), load)
}

// expiry is the chosen expiry: nil for never (an API token without an
// expiry never expires).
func (f *ProjectTokenForm) expiry() (*time.Time, error) {
	if f.exp.Never() {
		return nil, nil
	}
	t, err := f.exp.Value(f.ctx.Now())
	return &t, err
}

// lastField is the last place of the focus order: the expiry's choice, or
// its date.
func (f *ProjectTokenForm) lastField() int { return 2 + f.exp.Fields() }

// Update handles the environments, the create's answer and the keys.
func (f *ProjectTokenForm) Update(msg tea.Msg) (tea.Cmd, form.Outcome[api.APIToken]) {
	switch msg := msg.(type) {
	case envsLoaded:
		if msg.form == f.id {
			f.envErr = ""
			if msg.err != nil {
				f.envErr = "Could not load environments: " + core.ErrorText(msg.err)
			}
			for _, e := range msg.envs {
				if e.Enabled {
					f.envs = append(f.envs, e.Name)
				}
			}
		}
	case projectTokenCreated:
		if msg.form == f.id {
			return f.created(msg)
		}
	case tea.KeyMsg:
		return f.handleKey(msg)
	}
	return nil, form.Outcome[api.APIToken]{}
}

func (f *ProjectTokenForm) handleKey(msg tea.KeyMsg) (tea.Cmd, form.Outcome[api.APIToken]) {
	k, none := f.ctx.Keys, form.Outcome[api.APIToken]{}
	switch {
	case f.submitting:
		return form.InFlightKey(k, msg), none
	case keys.Matches(msg, k.Cancel):
		return core.Say("Cancelled: no token was created."), form.Outcome[api.APIToken]{Closed: true}
	case keys.Matches(msg, k.Submit):
		return f.trySubmit(), none
	}
	if next, ok := form.Step(k, msg, f.focus, f.lastField()); ok {
		return f.setFocus(next), none
	}
	switch {
	case f.focus == 1:
		f.typ = form.Cycle(k, f.typ, len(tokenTypes), msg)
		return nil, none
	case f.focus == 2:
		f.env = form.Cycle(k, f.env, len(f.envs), msg)
		return nil, none
	}
	var cmd tea.Cmd
	if f.focus == 0 {
		f.name, cmd = f.name.Update(msg)
		f.nameErr = ""
	} else {
		cmd = f.exp.Update(k, f.focus-3, msg)
	}
	f.formErr = ""
	return cmd, none
}

func (f *ProjectTokenForm) setFocus(i int) tea.Cmd {
	f.focus = i
	f.name.Blur()
	f.exp.Blur()
	switch {
	case i == 0:
		return f.name.Focus()
	case i >= 3:
		return f.exp.Focus(i - 3)
	}
	return nil
}

func (f *ProjectTokenForm) trySubmit() tea.Cmd {
	name := strings.TrimSpace(f.name.Value())
	if name == "" {
		f.nameErr = "A name is required."
		return f.setFocus(0)
	}
	if len(f.envs) == 0 {
		f.formErr = "No environment to choose yet."
		if f.envErr != "" {
			f.formErr += " " + f.envErr
		}
		return nil
	}
	expires, err := f.expiry()
	if err != nil {
		f.formErr = err.Error()
		return f.setFocus(f.lastField())
	}
	f.submitting = true
	f.ctx.CreateStarted(f.id, fmt.Sprintf("an API token named %q in project %s", api.Clean(name), api.Clean(f.project.ID)))
	in := api.CreateProjectToken{Name: name, Type: tokenTypes[f.typ], Environment: f.envs[f.env], ExpiresAt: expires}
	id, client, project := f.id, f.ctx.Client, f.project.ID
	return func() tea.Msg {
		tok, err := client.CreateProjectToken(context.Background(), project, in)
		return projectTokenCreated{form: id, in: in, tok: tok, err: err}
	}
}

func (f *ProjectTokenForm) created(msg projectTokenCreated) (tea.Cmd, form.Outcome[api.APIToken]) {
	f.submitting = false
	name := api.Clean(msg.in.Name)
	if msg.err != nil {
		f.ctx.CreateEnded(f.id) // a secret, when one comes, ends it on screen (ShowSecret.Create)
	}
	if msg.err == nil {
		usage := "Give it to a server-side (backend) SDK as its API token."
		if msg.tok.Type == api.TypeFrontend {
			usage = "Give it to a frontend SDK (browser or mobile app); it can only read flags for its environment."
		}
		kind := core.SecretShownOnce
		if msg.tok.CanCopy() && !msg.tok.Secure {
			kind = core.SecretListedAgain
		}
		show := core.ShowSecret{
			Title: "Project API token created",
			About: fmt.Sprintf("%q · %s · %s · project %s · expires %s", name, msg.tok.Type, EnvironmentText(msg.tok.Environment),
				api.Clean(f.project.ID), ExactExpiry(msg.tok.ExpiresAt, f.ctx.Now())),
			Usage:  usage,
			Kind:   kind,
			Secret: msg.tok.Credential.Bytes(), // the screen wipes them
			Create: f.id,
		}
		made := msg.tok
		made.Credential = nil
		return core.Send(show), form.Outcome[api.APIToken]{Closed: true, Reload: true, Verify: &form.Check[api.APIToken]{
			Match: func(t api.APIToken) bool {
				return t.Name == made.Name && t.Environment == made.Environment && t.CreatedAt.Equal(made.CreatedAt)
			},
		}}
	}
	if api.OutcomeUnknown(msg.err) {
		since := f.ctx.Now().Add(-5 * time.Minute)
		return nil, form.Outcome[api.APIToken]{Closed: true, Reload: true, Verify: form.LostCreate(fmt.Sprintf("token %q", name),
			func(t api.APIToken) bool {
				return t.Name == msg.in.Name && t.Environment == msg.in.Environment && t.CreatedAt.After(since)
			})}
	}
	f.formErr = form.ErrorWithHint(msg.err)
	return nil, form.Outcome[api.APIToken]{}
}

// Keys are the keys that act now.
func (f *ProjectTokenForm) Keys() []key.Binding {
	k := f.ctx.Keys
	if f.submitting {
		return nil
	}
	out := append([]key.Binding{keys.Help(k.Submit, "enter", "create")}, form.StepKeys(k, f.focus, f.lastField())...)
	if f.focus == 1 || f.focus == 2 {
		out = append(out, k.Choose)
	}
	if f.focus == 3 {
		out = append(out, keys.Help(k.Choose, "←/→", "expiry"))
	}
	return append(out, k.Cancel)
}

// View draws the form.
func (f *ProjectTokenForm) View(w, h int) string {
	st := f.ctx.Styles
	lines := []string{st.Title.Render("New API token for project " + api.Clean(f.project.Name)), ""}
	lines = append(lines, form.Label(f.focus == 0, "Name")+f.name.View())
	lines = append(lines, form.TextNotes(st, f.name.Value(), f.nameErr, w)...)
	lines = append(lines, form.Label(f.focus == 1, "Type")+form.ChoiceLine(st, w-14, f.typ, []string{"backend", "frontend"}, nil))
	envLine := form.ChoiceLine(st, w-14, f.env, form.CleanAll(f.envs), nil)
	switch {
	case f.envErr != "":
		envLine = st.Error.Render(f.envErr)
	case len(f.envs) == 0:
		envLine = f.ctx.Spin() + " loading environments…"
	}
	lines = append(lines, form.Label(f.focus == 2, "Environment")+envLine)
	lines = append(lines, f.exp.Lines(st, f.focus-3, w, f.ctx.Now())...)
	lines = append(lines, form.Footer(f.ctx, f.formErr, f.submitting, "creating… (a create cannot be called back; its answer will show here)", w)...)
	return form.Block(lines, h)
}
