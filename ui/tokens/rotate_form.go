package tokens

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/rotate"
	"github.com/unleash-tokens/unleash-tokens/status"
	"github.com/unleash-tokens/unleash-tokens/tokenref"
	"github.com/unleash-tokens/unleash-tokens/ui/core"
	"github.com/unleash-tokens/unleash-tokens/ui/form"
	"github.com/unleash-tokens/unleash-tokens/ui/keys"
)

// RotateForm replaces one token with a new one of the same scope, in
// rotate's steps, one command each: it reads the plan, lets the user choose
// the new expiry and what becomes of the old token, then creates the new
// one (once, never retried), proves its secret, and only then retires the
// old one, showing each step as it lands. A proven secret goes to the
// secret screen, once.
type RotateForm[T any] struct {
	ctx   *core.Context
	id    int
	item  T
	tg    Targets[T]
	isNew func(tokenref.Token) func(T) bool // finds the new token in the reloaded list; nil: no cursor move

	plan    *rotate.Plan // nil until read
	planErr string

	expiry  int // 0: the plan's default; i > 0: expiryChoices[i-1]
	date    textinput.Model
	retire  int // index into retireChoices
	focus   int // 0 expiry, 1 date (when chosen), then the old token's choice
	formErr string

	running  bool
	doing    string // the step under way, in words
	steps    []rotate.Step
	created  rotate.Created // its Secret is the form's: wiped once retire no longer needs it
	signIn   []byte         // the new secret, for the app to go on with, when its own PAT was rotated away
	chosen   rotate.Retire
	finished bool
}

// retireChoice is one thing that can become of the old token.
type retireChoice struct {
	label string
	r     rotate.Retire
}

// NewRotateForm makes the form for item; tg finds the token behind it.
func NewRotateForm[T any](ctx *core.Context, tg Targets[T], item T, isNew func(tokenref.Token) func(T) bool) *RotateForm[T] {
	return &RotateForm[T]{ctx: ctx, id: ctx.NextID(), item: item, tg: tg, isNew: isNew,
		date: form.NewInput("2027-01-31, 2027-01-31 18:00 (UTC) or 45d", 40)}
}

// The answers of the steps.
type (
	rotatePlanned struct {
		form   int
		submit bool // the plan made on enter, with the chosen expiry
		plan   rotate.Plan
		err    string
	}
	rotateDeletedFirst struct {
		form int
		plan rotate.Plan
		step rotate.Step
	}
	rotateCreated struct {
		form    int
		created rotate.Created
	}
	rotateProved struct {
		form int
		step rotate.Step
	}
	rotateRetired struct {
		form int
		step rotate.Step
	}
)

// Init reads the token's list and plans the rotation.
func (f *RotateForm[T]) Init() tea.Cmd {
	id, client, tg, item, now := f.id, f.ctx.Client, f.tg, f.item, f.ctx.Now()
	return func() tea.Msg {
		ctx := context.Background()
		fd := tg.Resolve(ctx, client, []T{item})[0]
		if !fd.OK {
			return rotatePlanned{form: id, err: "This token cannot be rotated: " + fd.Reason + "."}
		}
		p, err := rotate.NewPlan(ctx, client, fd.Token, rotate.Options{Now: now})
		if err != nil {
			return rotatePlanned{form: id, err: "Could not read the token to rotate it: " + core.ErrorText(err)}
		}
		return rotatePlanned{form: id, plan: p}
	}
}

// Busy reports whether a step is under way.
func (f *RotateForm[T]) Busy() bool { return f.running || (f.plan == nil && f.planErr == "") }

// retireChoices are what can become of the old token: for an API token
// delete, expire after a grace period, or keep; for a PAT or a
// service-account token delete or keep; at the cap, only delete first.
func (f *RotateForm[T]) retireChoices() []retireChoice {
	switch {
	case f.plan == nil:
		return nil
	case f.plan.AtCap:
		return []retireChoice{{"delete it first", rotate.Retire{How: rotate.DeleteFirst}}}
	case f.plan.Old.Kind != tokenref.APIToken:
		return []retireChoice{{"delete now", rotate.Retire{How: rotate.Delete}}, {"keep", rotate.Retire{How: rotate.Keep}}}
	}
	out := []retireChoice{{"delete now", rotate.Retire{How: rotate.Delete}}}
	for _, g := range rotate.GraceChoices {
		r := rotate.Retire{How: rotate.Grace, Grace: g}
		out = append(out, retireChoice{"expire in " + graceText(r), r})
	}
	return append(out, retireChoice{"keep", rotate.Retire{How: rotate.Keep}})
}

// graceText is a grace period as the command line writes it: "1h", "7d".
func graceText(r rotate.Retire) string { return strings.TrimPrefix(r.String(), "grace=") }

// defaultRetire: an API token expires after the default grace period,
// anything else is kept (Unleash cannot expire it later): the command's
// defaults.
func (f *RotateForm[T]) defaultRetire() int {
	for i, c := range f.retireChoices() {
		if c.r.How == rotate.Keep || c.r.How == rotate.DeleteFirst || c.r.How == rotate.Grace && c.r.Grace == rotate.DefaultGrace {
			return i
		}
	}
	return 0
}

// chosenExpiry is the expiry asked for: nil for the plan's default.
func (f *RotateForm[T]) chosenExpiry() (*time.Time, error) {
	if f.expiry == 0 {
		return nil, nil
	}
	t, err := chosenExpiry(f.expiry-1, f.date.Value(), f.ctx.Now())
	if err != nil {
		return nil, err
	}
	return &t, nil
}

func (f *RotateForm[T]) dateChosen() bool { return f.expiry-1 == dateChoice }

// lastField is the focus of the old token's choice (or of the date, at the
// cap, where there is no choice).
func (f *RotateForm[T]) lastField() int {
	last := 0
	if f.dateChosen() {
		last = 1
	}
	if len(f.retireChoices()) > 1 {
		last++
	}
	return last
}

func (f *RotateForm[T]) onRetire() bool {
	return len(f.retireChoices()) > 1 && f.focus == f.lastField()
}

func (f *RotateForm[T]) setFocus(i int) tea.Cmd {
	f.focus = i
	f.date.Blur()
	if i == 1 && f.dateChosen() {
		return f.date.Focus()
	}
	return nil
}

// Update handles the steps' answers and the keys.
func (f *RotateForm[T]) Update(msg tea.Msg) (tea.Cmd, form.Outcome[T]) {
	none := form.Outcome[T]{}
	switch msg := msg.(type) {
	case rotatePlanned:
		if msg.form == f.id {
			return f.planned(msg), none
		}
	case rotateDeletedFirst:
		if msg.form == f.id {
			return f.deletedFirst(msg), none
		}
	case rotateCreated:
		if msg.form == f.id {
			return f.createdNew(msg), none
		}
	case rotateProved:
		if msg.form == f.id {
			return f.proved(msg), none
		}
	case rotateRetired:
		if msg.form == f.id {
			f.steps = append(f.steps, msg.step)
			f.finish()
		}
	case tea.KeyMsg:
		return f.handleKey(msg)
	}
	return nil, none
}

func (f *RotateForm[T]) handleKey(msg tea.KeyMsg) (tea.Cmd, form.Outcome[T]) {
	k, none := f.ctx.Keys, form.Outcome[T]{}
	switch {
	case f.running:
		return form.InFlightKey(k, msg), none
	case f.finished:
		if keys.Matches(msg, k.Close) {
			return f.close()
		}
		return nil, none
	case keys.Matches(msg, k.Cancel):
		return core.Say("Cancelled: nothing was rotated."), form.Outcome[T]{Closed: true}
	case f.plan == nil:
		if f.planErr != "" && keys.Matches(msg, k.Close) {
			return nil, form.Outcome[T]{Closed: true}
		}
		return nil, none
	case keys.Matches(msg, k.Submit):
		return f.submit(), none
	}
	if next, ok := form.Step(k, msg, f.focus, f.lastField()); ok {
		return f.setFocus(next), none
	}
	f.formErr = ""
	switch {
	case f.focus == 0:
		f.expiry = form.Cycle(k, f.expiry, len(expiryChoices)+1, msg)
		return nil, none
	case f.onRetire():
		f.retire = form.Cycle(k, f.retire, len(f.retireChoices()), msg)
		return nil, none
	case f.focus == 1 && f.dateChosen():
		var cmd tea.Cmd
		f.date, cmd = f.date.Update(msg)
		return cmd, none
	}
	return nil, none
}

func (f *RotateForm[T]) planned(msg rotatePlanned) tea.Cmd {
	if !msg.submit {
		if msg.err != "" {
			f.planErr = msg.err
			return nil
		}
		f.plan = &msg.plan
		f.retire = f.defaultRetire()
		return nil
	}
	if msg.err != "" {
		f.running, f.formErr = false, msg.err+" Nothing was written."
		return nil
	}
	// The plan as it is now: the old token read again, with the chosen expiry.
	f.plan = &msg.plan
	if f.chosen.How == rotate.DeleteFirst {
		return f.deleteFirst()
	}
	return f.create()
}

// submit checks the choices and starts: the plan is made again with the
// chosen expiry (the old token read once more), then the steps follow.
func (f *RotateForm[T]) submit() tea.Cmd {
	expires, err := f.chosenExpiry()
	if err != nil {
		f.formErr = err.Error()
		return f.setFocus(1)
	}
	choices := f.retireChoices()
	f.chosen = choices[min(f.retire, len(choices)-1)].r
	if err := f.chosen.Allowed(f.plan.Old); err != nil {
		f.formErr = err.Error()
		return nil
	}
	f.running, f.formErr = true, ""
	f.doing = "reading the token again…"
	f.date.Blur()
	id, client, old, now := f.id, f.ctx.Client, f.plan.Old, f.ctx.Now()
	return func() tea.Msg {
		p, err := rotate.NewPlan(context.Background(), client, old, rotate.Options{Now: now, ExpiresAt: expires})
		if err != nil {
			return rotatePlanned{form: id, submit: true, err: "Could not read the token again before rotating it: " + core.ErrorText(err) + "."}
		}
		return rotatePlanned{form: id, submit: true, plan: p}
	}
}

func (f *RotateForm[T]) deleteFirst() tea.Cmd {
	f.doing = "deleting the old token first…"
	id, client, p := f.id, f.ctx.Client, *f.plan
	return func() tea.Msg {
		p, step := rotate.DeleteOldFirst(context.Background(), client, p)
		return rotateDeletedFirst{form: id, plan: p, step: step}
	}
}

func (f *RotateForm[T]) deletedFirst(msg rotateDeletedFirst) tea.Cmd {
	f.plan = &msg.plan
	f.steps = append(f.steps, msg.step)
	switch {
	case msg.step.Outcome == rotate.Done:
		return f.create()
	case msg.step.Outcome == rotate.Skipped && !msg.plan.AtCap:
		// Room appeared meanwhile: the old token is deleted, as asked, but
		// only once the new one is proven.
		f.chosen = rotate.Retire{How: rotate.Delete}
		return f.create()
	}
	f.finish()
	return nil
}

func (f *RotateForm[T]) create() tea.Cmd {
	f.doing = "creating the new token… (a create cannot be called back: its answer will show here)"
	f.ctx.CreateStarted(f.id, fmt.Sprintf("the new %s %q of a rotation", f.plan.Old.Kind, api.Clean(f.plan.Name)))
	id, client, p := f.id, f.ctx.Client, *f.plan
	return func() tea.Msg {
		return rotateCreated{form: id, created: rotate.Create(context.Background(), client, p)}
	}
}

func (f *RotateForm[T]) createdNew(msg rotateCreated) tea.Cmd {
	f.ctx.CreateEnded(f.id)
	f.created = msg.created
	f.steps = append(f.steps, msg.created.Step)
	if msg.created.Outcome != rotate.Done {
		f.finish()
		return nil
	}
	f.doing = "proving the new secret works…"
	id, client, p, n := f.id, f.ctx.Client, *f.plan, f.created
	return func() tea.Msg {
		return rotateProved{form: id, step: rotate.Prove(context.Background(), client, p, n)}
	}
}

// proved shows a proven secret (or one the server gave no verdict on, said
// so) and retires the old token; a refused secret is wiped unseen.
func (f *RotateForm[T]) proved(msg rotateProved) tea.Cmd {
	f.steps = append(f.steps, msg.step)
	if msg.step.Outcome == rotate.Failed {
		f.finish()
		return nil
	}
	show := f.showSecret(msg.step)
	if msg.step.Outcome != rotate.Done || f.plan.OldDeleted {
		f.finish()
		return show
	}
	f.doing = "retiring the old token…"
	id, client, p, n, proof, r, now := f.id, f.ctx.Client, *f.plan, f.created, msg.step, f.chosen, f.ctx.Now()
	return tea.Batch(show, func() tea.Msg {
		return rotateRetired{form: id, step: rotate.RetireOld(context.Background(), client, p, n, proof, r, now)}
	})
}

// showSecret sends a copy of the new secret to the secret screen, which
// owns and wipes it; the form wipes its own once retire is done with it.
func (f *RotateForm[T]) showSecret(proof rotate.Step) tea.Cmd {
	n := f.created.New
	kind := core.SecretShownOnce
	if n.Kind == tokenref.APIToken && n.API.Secret.IsZero() {
		kind = core.SecretListedAgain // a v1 token: rotate keeps no selector, and the list shows the secret
	}
	about := fmt.Sprintf("%s · %s", n.Describe(), expiryWords(n.ExpiresAt(), f.ctx.Now()))
	usage := proof.Message + " " + usageOf(n)
	if proof.Outcome != rotate.Done {
		usage = "It could not be proven (" + proof.Message + "): check that it works before you use it. " + usageOf(n)
	}
	return core.Send(core.ShowSecret{Title: "Rotated: the new " + n.Kind.String(), About: about, Usage: usage, Kind: kind,
		Secret: bytes.Clone(f.created.Secret.Bytes())})
}

func usageOf(n tokenref.Token) string {
	switch {
	case n.Kind == tokenref.PAT:
		return "Put it wherever the old one was used: it acts as you, with the same permissions."
	case n.Kind == tokenref.ServiceAccountToken:
		return "Put it wherever the old one was used: it acts as the service account, with its permissions."
	}
	return "Give it to the SDKs and services that used the old one."
}

func expiryWords(t *time.Time, now time.Time) string {
	if status.IsNever(t, now) {
		return "never expires"
	}
	return "expires " + ExactExpiry(t, now)
}

// finish ends the steps: the form's copy of the secret is wiped. When the
// PAT this app signs in with was deleted and the new secret is proven, a
// copy waits for the form to close, when the app goes on with it.
func (f *RotateForm[T]) finish() {
	f.running, f.finished = false, true
	if proof, proved := f.step(rotate.StepProve); f.signedOut() && proved && proof.Outcome == rotate.Done && f.created.Secret != nil {
		f.signIn = bytes.Clone(f.created.Secret.Bytes())
	}
	f.created.Secret.Wipe()
}

// close reloads the list (and the audit), with the cursor on the new token.
func (f *RotateForm[T]) close() (tea.Cmd, form.Outcome[T]) {
	out := form.Outcome[T]{Closed: true, Reload: f.wrote()}
	if n := f.created.New; n.Kind != 0 && f.isNew != nil {
		out.Verify = &form.Check[T]{Match: f.isNew(n)}
	}
	if f.signIn != nil { // the app goes on with the new PAT: every tab reads again
		secret := f.signIn
		f.signIn = nil
		return core.Send(core.SignInWith{Secret: secret, PATID: f.created.New.PAT.ID}), form.Outcome[T]{Closed: true}
	}
	return core.Say(f.summary()), out
}

// wrote reports whether any step may have written.
func (f *RotateForm[T]) wrote() bool { return len(f.steps) > 0 }

// Keys are the keys that act now.
func (f *RotateForm[T]) Keys() []key.Binding {
	k := f.ctx.Keys
	switch {
	case f.running:
		return nil
	case f.finished:
		return []key.Binding{keys.Help(k.Close, "enter", "close")}
	case f.plan == nil && f.planErr != "":
		return []key.Binding{keys.Help(k.Close, "enter/esc", "back")}
	case f.plan == nil:
		return []key.Binding{k.Cancel}
	}
	submit := "rotate"
	if f.plan.AtCap {
		submit = "delete the old one, then create"
	}
	out := append([]key.Binding{keys.Help(k.Submit, "enter", submit)}, form.StepKeys(k, f.focus, f.lastField())...)
	switch {
	case f.focus == 0:
		out = append(out, keys.Help(k.Choose, "←/→", "expiry"))
	case f.onRetire():
		out = append(out, keys.Help(k.Choose, "←/→", "old token"))
	}
	return append(out, k.Cancel)
}
