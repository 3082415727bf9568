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

// PATLimit is Unleash's cap on PATs per user (and per service account).
const PATLimit = 10

// The rotate form's expiry presets are the forms' (form.ExpiryPresets).
var expiryChoices = form.ExpiryPresets

const dateChoice = form.ExpiryDate

// chosenExpiry is the expiry of one of expiryChoices (a date choice reads
// date), or why there is none.
func chosenExpiry(choice int, date string, now time.Time) (time.Time, error) {
	return form.PresetExpiry(choice, date, now)
}

// PATForm creates a PAT, for the signed-in user or a service account.
type PATForm struct {
	ctx      *core.Context
	id       int
	title    string // "New personal access token"
	owner    string // "you", "service account CI runner": for the secret screen
	existing []api.PAT
	submit   func(context.Context, api.CreatePAT) (api.PAT, error)

	desc       textinput.Model
	exp        form.Expiry // 30 days by default
	focus      int         // 0 description, 1 expiry choice, 2 date
	descErr    string
	formErr    string
	submitting bool
}

// patCreated is the answer to a create.
type patCreated struct {
	form int
	in   api.CreatePAT
	pat  api.PAT
	err  error
}

// NewPATForm makes the form; submit creates the PAT where it belongs.
func NewPATForm(ctx *core.Context, title, owner string, existing []api.PAT, submit func(context.Context, api.CreatePAT) (api.PAT, error)) *PATForm {
	return &PATForm{ctx: ctx, id: ctx.NextID(), title: title, owner: owner, existing: existing, submit: submit,
		exp:  form.NewExpiry(form.Expiry30Days),
		desc: form.NewInput("what the token is for, e.g. ci deploy", api.MaxNameLength)}
}

func (f *PATForm) atLimit() bool { return len(f.existing) >= PATLimit }

// Init focuses the description.
func (f *PATForm) Init() tea.Cmd {
	if f.atLimit() {
		return nil
	}
	return f.desc.Focus()
}

// expiry is the chosen expiry, or why there is none.
func (f *PATForm) expiry() (time.Time, error) { return f.exp.Value(f.ctx.Now()) }

// Update handles the create's answer and the keys.
func (f *PATForm) Update(msg tea.Msg) (tea.Cmd, form.Outcome[api.PAT]) {
	switch msg := msg.(type) {
	case patCreated:
		if msg.form == f.id {
			return f.created(msg)
		}
	case tea.KeyMsg:
		return f.handleKey(msg)
	}
	return nil, form.Outcome[api.PAT]{}
}

func (f *PATForm) handleKey(msg tea.KeyMsg) (tea.Cmd, form.Outcome[api.PAT]) {
	k, none := f.ctx.Keys, form.Outcome[api.PAT]{}
	switch {
	case f.submitting:
		return form.InFlightKey(k, msg), none
	case keys.Matches(msg, k.Cancel):
		return core.Say("Cancelled: no token was created."), form.Outcome[api.PAT]{Closed: true}
	case f.atLimit():
		return nil, none
	case keys.Matches(msg, k.Submit):
		return f.trySubmit(), none
	}
	if next, ok := form.Step(k, msg, f.focus, f.lastField()); ok {
		return f.setFocus(next), none
	}
	var cmd tea.Cmd
	if f.focus == 0 {
		f.desc, cmd = f.desc.Update(msg)
		f.descErr = ""
	} else {
		cmd = f.exp.Update(k, f.focus-1, msg)
	}
	f.formErr = ""
	return cmd, none
}

func (f *PATForm) lastField() int { return f.exp.Fields() }

func (f *PATForm) setFocus(i int) tea.Cmd {
	f.focus = i
	f.desc.Blur()
	f.exp.Blur()
	if i == 0 {
		return f.desc.Focus()
	}
	return f.exp.Focus(i - 1)
}

func (f *PATForm) trySubmit() tea.Cmd {
	desc := strings.TrimSpace(f.desc.Value())
	if desc == "" {
		f.descErr = "A description is required."
		return f.setFocus(0)
	}
	for _, p := range f.existing {
		if p.Description == desc {
			f.descErr = "A token with that description already exists."
			return f.setFocus(0)
		}
	}
	expires, err := f.expiry()
	if err != nil {
		f.formErr = err.Error()
		if f.exp.Fields() == 2 {
			return f.setFocus(2)
		}
		return nil
	}
	f.submitting = true
	f.ctx.CreateStarted(f.id, fmt.Sprintf("a PAT described %q", api.Clean(desc)))
	in := api.CreatePAT{Description: desc, ExpiresAt: expires}
	id, submit := f.id, f.submit
	return func() tea.Msg {
		pat, err := submit(context.Background(), in)
		return patCreated{form: id, in: in, pat: pat, err: err}
	}
}

func (f *PATForm) created(msg patCreated) (tea.Cmd, form.Outcome[api.PAT]) {
	f.submitting = false
	desc := api.Clean(msg.in.Description)
	if msg.err != nil {
		f.ctx.CreateEnded(f.id) // a secret, when one comes, ends it on screen (ShowSecret.Create)
	}
	if msg.err == nil {
		show := core.ShowSecret{
			Title:  "Personal access token created",
			About:  fmt.Sprintf("%q for %s · expires %s", desc, f.owner, ExactExpiry(msg.pat.ExpiresAt, f.ctx.Now())),
			Usage:  "Send it as the Authorization header of Unleash admin API calls. It acts as " + f.owner + ", with the same permissions.",
			Kind:   core.SecretShownOnce,
			Secret: msg.pat.Credential.Bytes(), // the screen wipes them
			Create: f.id,
		}
		id := msg.pat.ID
		f.ctx.MadeHere(id)
		return core.Send(show), form.Outcome[api.PAT]{Closed: true, Reload: true, Verify: &form.Check[api.PAT]{
			Match: func(p api.PAT) bool { return p.ID == id },
		}}
	}
	if e, ok := api.AsError(msg.err); ok && e.Kind == api.KindConflict {
		f.descErr = "A token with that description already exists."
		return f.setFocus(0), form.Outcome[api.PAT]{}
	}
	if api.OutcomeUnknown(msg.err) {
		return nil, form.Outcome[api.PAT]{Closed: true, Reload: true, Verify: form.LostCreate(fmt.Sprintf("PAT %q", desc),
			func(p api.PAT) bool { return p.Description == msg.in.Description })}
	}
	f.formErr = form.ErrorWithHint(msg.err)
	return nil, form.Outcome[api.PAT]{}
}

// Keys are the keys that act now.
func (f *PATForm) Keys() []key.Binding {
	k := f.ctx.Keys
	switch {
	case f.submitting:
		return nil
	case f.atLimit():
		return []key.Binding{keys.Help(k.Cancel, "esc", "back")}
	}
	out := append([]key.Binding{keys.Help(k.Submit, "enter", "create")}, form.StepKeys(k, f.focus, f.lastField())...)
	if f.focus == 1 {
		out = append(out, keys.Help(k.Choose, "←/→", "expiry"))
	}
	return append(out, k.Cancel)
}

// View draws the form.
func (f *PATForm) View(w, h int) string {
	st := f.ctx.Styles
	lines := []string{st.Title.Render(f.title)}
	n := len(f.existing)
	switch {
	case n >= PATLimit:
		lines = append(lines, "", st.Error.Render(core.WrapIndent(fmt.Sprintf(
			"%s %d personal access tokens, the most Unleash allows. Delete one first: esc, then d.", core.Capitalise(alreadyHave(f.owner)), n), w)))
		return core.Block(lines, h)
	case n == PATLimit-1:
		lines = append(lines, st.Warning.Render(fmt.Sprintf("This will be the last one: Unleash allows %d per user.", PATLimit)))
	default:
		lines = append(lines, st.Dim.Render(fmt.Sprintf("%d of %d allowed personal access tokens in use.", n, PATLimit)))
	}
	lines = append(lines, "", form.Label(f.focus == 0, "Description")+f.desc.View())
	lines = append(lines, form.TextNotes(st, f.desc.Value(), f.descErr, w)...)
	lines = append(lines, f.exp.Lines(st, f.focus-1, w, f.ctx.Now())...)
	lines = append(lines, form.Footer(f.ctx, f.formErr, f.submitting, "creating… (a create cannot be called back; its answer will show here)", w)...)
	return form.Block(lines, h)
}

func alreadyHave(owner string) string {
	if owner == "you" {
		return "you already have"
	}
	return owner + " already has"
}
