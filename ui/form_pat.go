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

// patLimit is Unleash's cap on PATs per user (and per service account).
const patLimit = 10

// expiryChoices are the form's expiry presets; 30 days is the default.
var expiryChoices = []struct {
	label, short string
	days         int // 0: custom; -1: never
}{{"7 days", "7d", 7}, {"30 days", "30d", 30}, {"60 days", "60d", 60}, {"90 days", "90d", 90}, {"custom", "date", 0}, {"never", "never", -1}}

const (
	defaultExpiryChoice = 1
	customChoice        = 4
	neverChoice         = 5
)

// patForm creates a PAT, for the signed-in user or a service account.
type patForm struct {
	ctx      *Context
	id       int
	title    string // "New personal access token"
	owner    string // "you", "service account CI runner": for the secret screen
	existing []api.PAT
	submit   func(context.Context, api.CreatePAT) (api.PAT, error)

	desc       textinput.Model
	custom     textinput.Model
	choice     int
	focus      int // 0 description, 1 expiry choice, 2 custom date
	descErr    string
	formErr    string
	submitting bool
}

// patCreatedMsg is the answer to a create.
type patCreatedMsg struct {
	form int
	in   api.CreatePAT
	pat  api.PAT
	err  error
}

func newPATForm(ctx *Context, title, owner string, existing []api.PAT, submit func(context.Context, api.CreatePAT) (api.PAT, error)) *patForm {
	f := &patForm{ctx: ctx, id: ctx.nextID(), title: title, owner: owner, existing: existing, submit: submit, choice: defaultExpiryChoice}
	f.desc = newInput()
	f.desc.Prompt = ""
	f.desc.Placeholder = "what the token is for, e.g. ci deploy"
	f.desc.CharLimit = api.MaxNameLength
	f.custom = newInput()
	f.custom.Prompt = ""
	f.custom.Placeholder = "2027-01-31, 2027-01-31 18:00 (UTC) or 45d"
	f.custom.CharLimit = 40
	return f
}

func (f *patForm) atLimit() bool { return len(f.existing) >= patLimit }

func (f *patForm) init() tea.Cmd {
	if f.atLimit() {
		return nil
	}
	return f.desc.Focus()
}

// expiry is the chosen expiry, or why there is none.
func (f *patForm) expiry() (time.Time, error) {
	now := f.ctx.Now()
	switch c := expiryChoices[f.choice]; c.days {
	case 0:
		return status.ParseExpiry(f.custom.Value(), now)
	case -1:
		return now.AddDate(status.NeverYears, 0, 0), nil
	default:
		return now.AddDate(0, 0, c.days), nil
	}
}

func (f *patForm) update(msg tea.Msg) (tea.Cmd, outcome[api.PAT]) {
	switch msg := msg.(type) {
	case patCreatedMsg:
		if msg.form != f.id {
			return nil, outcome[api.PAT]{}
		}
		return f.created(msg)
	case tea.KeyMsg:
		return f.handleKey(msg)
	}
	return nil, outcome[api.PAT]{}
}

func (f *patForm) handleKey(k tea.KeyMsg) (tea.Cmd, outcome[api.PAT]) {
	if k.String() == "esc" {
		return flash("Cancelled: no token was created."), outcome[api.PAT]{closed: true}
	}
	if f.submitting || f.atLimit() {
		return nil, outcome[api.PAT]{}
	}
	last := 1
	if f.choice == customChoice {
		last = 2
	}
	switch k.String() {
	case "enter":
		return f.trySubmit(), outcome[api.PAT]{}
	case "tab", "down":
		return f.setFocus(min(f.focus+1, last)), outcome[api.PAT]{}
	case "shift+tab", "up":
		return f.setFocus(max(f.focus-1, 0)), outcome[api.PAT]{}
	}
	if f.focus == 1 {
		f.choice = cycle(f.choice, len(expiryChoices), k)
		f.formErr = ""
		return nil, outcome[api.PAT]{}
	}
	var cmd tea.Cmd
	if f.focus == 0 {
		f.desc, cmd = f.desc.Update(k)
		f.descErr = ""
	} else {
		f.custom, cmd = f.custom.Update(k)
	}
	f.formErr = ""
	return cmd, outcome[api.PAT]{}
}

func (f *patForm) setFocus(i int) tea.Cmd {
	f.focus = i
	f.desc.Blur()
	f.custom.Blur()
	switch i {
	case 0:
		return f.desc.Focus()
	case 2:
		return f.custom.Focus()
	}
	return nil
}

func (f *patForm) trySubmit() tea.Cmd {
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
		if f.choice == customChoice {
			return f.setFocus(2)
		}
		return nil
	}
	f.submitting = true
	in := api.CreatePAT{Description: desc, ExpiresAt: expires}
	id, submit := f.id, f.submit
	return func() tea.Msg {
		pat, err := submit(context.Background(), in)
		return patCreatedMsg{form: id, in: in, pat: pat, err: err}
	}
}

func (f *patForm) created(msg patCreatedMsg) (tea.Cmd, outcome[api.PAT]) {
	f.submitting = false
	desc := api.Clean(msg.in.Description)
	if msg.err == nil {
		secret := []byte(msg.pat.Secret.Reveal())
		show := showSecretMsg{
			title:  "Personal access token created",
			about:  fmt.Sprintf("%q for %s · expires %s", desc, f.owner, exactExpiry(msg.pat.ExpiresAt, f.ctx.Now())),
			usage:  "Send it as the Authorization header of Unleash admin API calls. It acts as " + f.owner + ", with the same permissions.",
			secret: secret,
		}
		id := msg.pat.ID
		return func() tea.Msg { return show }, outcome[api.PAT]{closed: true, reload: true, verify: &check[api.PAT]{
			match: func(p api.PAT) bool { return p.ID == id },
		}}
	}
	if e, ok := api.AsError(msg.err); ok && e.Kind == api.KindConflict {
		f.descErr = "A token with that description already exists."
		return f.setFocus(0), outcome[api.PAT]{}
	}
	if api.OutcomeUnknown(msg.err) {
		return nil, outcome[api.PAT]{closed: true, reload: true, verify: lostCreate(fmt.Sprintf("PAT %q", desc),
			func(p api.PAT) bool { return p.Description == msg.in.Description })}
	}
	f.formErr = errorWithHint(msg.err)
	return nil, outcome[api.PAT]{}
}

func (f *patForm) keys() []key.Binding {
	if f.atLimit() {
		return []key.Binding{key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back"))}
	}
	return []key.Binding{
		key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "create")),
		key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab/↓", "next field")),
		key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", "expiry")),
		key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

func (f *patForm) view(w, h int) string {
	st := &f.ctx.Styles
	lines := []string{st.Title.Render(f.title)}
	n := len(f.existing)
	switch {
	case n >= patLimit:
		lines = append(lines, "", st.Error.Render(wrapIndent(fmt.Sprintf(
			"%s %d personal access tokens, the most Unleash allows. Delete one first: esc, then d.", capitalise(alreadyHave(f.owner)), n), w)))
		return block(lines, h)
	case n == patLimit-1:
		lines = append(lines, st.Warning.Render(fmt.Sprintf("This will be the last one: Unleash allows %d per user.", patLimit)))
	default:
		lines = append(lines, st.Dim.Render(fmt.Sprintf("%d of %d allowed personal access tokens in use.", n, patLimit)))
	}
	lines = append(lines, "")
	lines = append(lines, fieldLabel(f.focus == 0, "Description")+f.desc.View())
	lines = append(lines, textFieldNotes(st, f.desc.Value(), f.descErr, w)...)
	long, short := make([]string, len(expiryChoices)), make([]string, len(expiryChoices))
	for i, c := range expiryChoices {
		long[i], short[i] = c.label, c.short
	}
	lines = append(lines, fieldLabel(f.focus == 1, "Expires in")+choiceLine(st, w-14, f.choice, long, short))
	if f.choice == customChoice {
		lines = append(lines, fieldLabel(f.focus == 2, "Date")+f.custom.View())
	}
	expires, err := f.expiry()
	switch {
	case f.choice == neverChoice:
		lines = append(lines, fieldNote(st.Warning, "The token will never expire. An expiry is recommended: a leaked token stays valid.", w))
	case err == nil:
		lines = append(lines, expiresOnNote(expires, f.ctx.Now(), w))
	case f.custom.Value() != "":
		lines = append(lines, fieldNote(st.Error, err.Error(), w))
	}
	lines = append(lines, formFooter(f.ctx, f.formErr, f.submitting, "creating…", w)...)
	return block(lines, h)
}

func alreadyHave(owner string) string {
	if owner == "you" {
		return "you already have"
	}
	return owner + " already has"
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
