package tokens

import (
	"context"
	"fmt"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/ui/core"
	"github.com/unleash-tokens/unleash-tokens/ui/form"
	"github.com/unleash-tokens/unleash-tokens/ui/keys"
)

// ExpiryForm changes an API token's expiry (PUT), then checks the list.
type ExpiryForm struct {
	ctx        *core.Context
	id         int
	tok        api.APIToken
	exp        form.Expiry // 90 days by default
	focus      int         // 0 the choice, 1 its date
	formErr    string
	submitting bool
}

type expiryUpdated struct {
	form    int
	expires time.Time
	err     error
}

// NewExpiryForm makes the form for tok.
func NewExpiryForm(ctx *core.Context, tok api.APIToken) *ExpiryForm {
	return &ExpiryForm{ctx: ctx, id: ctx.NextID(), tok: tok, exp: form.NewExpiry(form.Expiry90Days)}
}

// Init focuses the field.
func (f *ExpiryForm) Init() tea.Cmd { return f.exp.Focus(0) }

// Update handles the answer and the keys.
func (f *ExpiryForm) Update(msg tea.Msg) (tea.Cmd, form.Outcome[api.APIToken]) {
	k, none := f.ctx.Keys, form.Outcome[api.APIToken]{}
	switch msg := msg.(type) {
	case expiryUpdated:
		if msg.form != f.id {
			break
		}
		f.submitting = false
		if msg.err != nil {
			f.formErr = form.ErrorWithHint(msg.err)
			return nil, none
		}
		key, name, when := APITokenKey(f.tok), api.Clean(f.tok.Name), ExactExpiry(&msg.expires, f.ctx.Now())
		return nil, form.Outcome[api.APIToken]{Closed: true, Reload: true, Verify: &form.Check[api.APIToken]{
			Match: func(t api.APIToken) bool {
				return APITokenKey(t) == key && t.ExpiresAt != nil && t.ExpiresAt.Sub(msg.expires).Abs() < time.Second
			},
			Found:   core.Flash{Text: fmt.Sprintf("%s now expires %s.", name, when)},
			Missing: core.Flash{IsError: true, Text: fmt.Sprintf("The server answered OK, but %s does not show the new expiry: it may have been deleted.", name)},
		}}
	case tea.KeyMsg:
		switch {
		case f.submitting:
			return form.InFlightKey(k, msg), none
		case keys.Matches(msg, k.Cancel):
			return core.Say("Cancelled: the expiry is unchanged."), form.Outcome[api.APIToken]{Closed: true}
		case keys.Matches(msg, k.Submit):
			t, err := f.exp.Value(f.ctx.Now())
			if err != nil {
				f.formErr = err.Error()
				break
			}
			if f.tok.Ref().IsZero() {
				f.formErr = "The server listed this token without its secret or selector, so it cannot be named in a change."
				break
			}
			f.submitting = true
			id, client, ref := f.id, f.ctx.Client, f.tok.Ref()
			return func() tea.Msg {
				return expiryUpdated{form: id, expires: t, err: client.UpdateAPITokenExpiry(context.Background(), ref, t)}
			}, none
		default:
			f.formErr = ""
			return f.exp.UpdateAlone(k, &f.focus, msg), none
		}
	}
	return nil, none
}

// Keys are the keys that act now.
func (f *ExpiryForm) Keys() []key.Binding {
	if f.submitting {
		return nil
	}
	return f.exp.KeysAlone(f.ctx.Keys, f.focus, "save")
}

// View draws the form.
func (f *ExpiryForm) View(w, h int) string {
	st := f.ctx.Styles
	now := f.ctx.Now()
	lines := []string{st.Title.Render(core.Wrap("Change the expiry of "+api.Clean(f.tok.Name), w)), "",
		core.WrapIndent(fmt.Sprintf("%s · environment %s · projects %s · now expires %s", f.tok.Type,
			EnvironmentText(f.tok.Environment), ProjectsText(f.tok.Projects), ExactExpiry(f.tok.ExpiresAt, now)), w), "",
	}
	lines = append(lines, f.exp.Lines(st, f.focus, w, now)...)
	lines = append(lines, "", st.Dim.Render(core.WrapIndent("The new expiry must be in the future. To stop a token now, delete it (d).", w)))
	lines = append(lines, form.Footer(f.ctx, f.formErr, f.submitting, "saving…", w)...)
	return form.Block(lines, h)
}
