package tokens

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/unleash-tokens/unleash-tokens/rotate"
	"github.com/unleash-tokens/unleash-tokens/status"
	"github.com/unleash-tokens/unleash-tokens/tokenref"
	"github.com/unleash-tokens/unleash-tokens/ui/core"
	"github.com/unleash-tokens/unleash-tokens/ui/form"
)

// View draws the plan and the choices, or the steps as they land.
func (f *RotateForm[T]) View(w, h int) string {
	st := f.ctx.Styles
	switch {
	case f.plan == nil && f.planErr != "":
		return core.Block([]string{st.Title.Render("Rotate"), "", st.Error.Render(core.WrapIndent(f.planErr, w)),
			"", st.Dim.Render("  Nothing was written. enter or esc goes back.")}, h)
	case f.plan == nil:
		return core.Block([]string{st.Title.Render("Rotate"), "", "  " + f.ctx.Spin() + " Reading the token's list to plan its replacement…"}, h)
	case f.running || f.finished:
		return core.Block(f.stepLines(w), h)
	}
	return form.Block(f.formLines(w), h)
}

func (f *RotateForm[T]) formLines(w int) []string {
	st := f.ctx.Styles
	p, now := f.plan, f.ctx.Now()
	old := p.Old
	lines := []string{st.Title.Render(ansi.Wrap("Rotate the "+old.Describe(), max(w, 10), " ")),
		st.Dim.Render(core.WrapIndent("It "+expiryWords(old.ExpiresAt(), now)+". A new token of the same scope is made, its secret proven to work, and only then is the old one retired as chosen below.", w)), ""}
	label := "New name"
	if old.Kind != tokenref.APIToken {
		label = "Description"
	}
	lines = append(lines, form.Label(false, label)+form.Value(p.Name, w))
	if old.Kind == tokenref.APIToken {
		lines = append(lines, form.Label(false, "Scope")+form.Value(tokenref.Scope(old.API), w))
	}
	long, short := []string{"default"}, []string{"default"}
	for _, c := range expiryChoices {
		long, short = append(long, c.Label), append(short, c.Short)
	}
	lines = append(lines, form.Label(f.focus == 0, "Expires in")+form.ChoiceLine(st, w-14, f.expiry, long, short))
	if f.dateChosen() {
		lines = append(lines, form.Label(f.focus == 1, "Date")+f.date.View())
	}
	switch expires, err := f.chosenExpiry(); {
	case err != nil && f.date.Value() != "":
		lines = append(lines, form.Note(st.Error, err.Error(), w))
	case err != nil:
	case expires == nil:
		lines = append(lines, form.ExpiryNote(st, p.ExpiresAt, now, w))
		lines = append(lines, form.Note(st.Dim, "The default: "+p.ExpiryReason+".", w))
	default:
		lines = append(lines, form.ExpiryNote(st, expires, now, w))
	}
	lines = append(lines, f.retireLines(w)...)
	for _, warn := range p.Warnings {
		if !strings.HasPrefix(warn, "The new token will never expire") { // said under the expiry
			lines = append(lines, "", st.Warning.Render(core.WrapIndent(warn, w)))
		}
	}
	return append(lines, form.Footer(f.ctx, f.formErr, false, "", w)...)
}

// retireLines are the old token's choice and what it means.
func (f *RotateForm[T]) retireLines(w int) []string {
	st := f.ctx.Styles
	p, now := f.plan, f.ctx.Now()
	choices := f.retireChoices()
	if p.AtCap {
		return []string{form.Label(false, "Old token") + st.Error.Render("delete it first"),
			form.Note(st.Error, p.CapNote(), w),
			form.Note(st.Error, "Enter deletes the old token BEFORE the new one is created. Esc leaves everything as it is.", w)}
	}
	labels := make([]string, len(choices))
	for i, c := range choices {
		labels[i] = c.label
	}
	lines := []string{form.Label(f.onRetire(), "Old token") + form.ChoiceLine(st, w-14, f.retire, labels, nil)}
	var what string
	switch r := choices[min(f.retire, len(choices)-1)].r; r.How {
	case rotate.Delete:
		what = "Deleted once the new secret is proven to work; whatever still uses it stops then"
		if p.Old.Kind == tokenref.APIToken {
			what += " (within a minute, as Unleash caches tokens)"
		}
		what += "."
	case rotate.Grace:
		until := now.Add(r.Grace)
		if e := p.Old.ExpiresAt(); e != nil && e.Before(until) {
			// What the rotation will do (rotate.expireOld): never later.
			what = "Left as it is: it already " + expiryWords(e, now) + ", before this grace period would end."
			break
		}
		what = fmt.Sprintf("Set to expire %s (%s) once the new secret is proven: Unleash cuts it off then, so nothing has to stay running.",
			status.Exact(&until), status.ExpiryWords(&until, now))
	case rotate.Keep:
		what = "Left as it is: it " + expiryWords(p.Old.ExpiresAt(), now) + ". Retire it yourself later."
	}
	return append(lines, form.Note(lipgloss.NewStyle(), what, w))
}

// stepLines are the steps that ran, the one under way, and at the end
// what it all came to.
func (f *RotateForm[T]) stepLines(w int) []string {
	st := f.ctx.Styles
	title := "Rotating the " + f.plan.Old.Describe()
	if f.finished {
		title = "Rotation of the " + f.plan.Old.Describe()
	}
	lines := []string{st.Title.Render(ansi.Wrap(title, max(w, 10), " ")), ""}
	for _, s := range f.steps {
		style := map[rotate.Outcome]lipgloss.Style{rotate.Done: st.Info, rotate.Failed: st.Error, rotate.Unknown: st.Warning, rotate.Skipped: st.Dim}[s.Outcome]
		lines = append(lines, core.WrapIndent(st.Key.Render(string(s.Name))+" "+style.Render(s.Outcome.String())+" · "+s.Message, w))
	}
	if f.running {
		lines = append(lines, "  "+f.ctx.Spin()+" "+f.doing)
		return lines
	}
	lines = append(lines, "")
	style := st.Info
	if !f.done() {
		style = st.Error
	}
	lines = append(lines, style.Render(core.WrapIndent(f.summary(), w)))
	if f.signedOut() {
		text := "This app signed in with the PAT that was just deleted: when you close this, it goes on with the new one. Give your own setup the new secret too."
		if proof, ok := f.step(rotate.StepProve); !ok || proof.Outcome != rotate.Done {
			text = "This app signed in with the PAT that was just deleted, so it can no longer read or write. " +
				"Quit (ctrl+c) and start it again with the new secret as its token."
		}
		lines = append(lines, "", st.Warning.Render(core.WrapIndent(text, w)))
	}
	return append(lines, "", st.Dim.Render("  enter closes"))
}

func (f *RotateForm[T]) done() bool {
	if len(f.steps) == 0 {
		return false
	}
	for _, s := range f.steps {
		if s.Outcome != rotate.Done && !(s.Name == rotate.StepDeleteFirst && s.Outcome == rotate.Skipped) {
			return false
		}
	}
	return true
}

func (f *RotateForm[T]) signedOut() bool {
	for _, s := range f.steps {
		if s.SessionToken {
			return true
		}
	}
	return false
}

// summary is what the rotation came to, in one sentence.
func (f *RotateForm[T]) summary() string {
	proof, proved := f.step(rotate.StepProve)
	create, created := f.step(rotate.StepCreate)
	retire, retired := f.step(rotate.StepRetire)
	switch {
	case f.done():
		return "Rotated: the new secret was shown once; " + f.oldFate() + "."
	case retired && retire.Outcome != rotate.Done:
		return "The new token works and its secret was shown once, but the old token was not retired as asked (see retire above): both work until you retire it."
	case proved && proof.Outcome == rotate.Failed:
		return "Stopped: the new token's secret did not work, so it was not shown, and the old token was not touched. Delete the new one: the " + f.created.New.Describe() + "."
	case proved && proof.Outcome == rotate.Unknown:
		return "Not finished: the new secret could not be proven, so the old token was not touched. Check the new one works, then retire the old one."
	case created && create.Outcome == rotate.Unknown:
		return "Stopped: the create's answer was lost, and nothing was deleted."
	case created:
		return "Stopped: no new token to use, and nothing was deleted after the create."
	case f.formErr != "":
		return f.formErr
	}
	return "Stopped before anything was created."
}

// oldFate is what became of the old token, for a rotation that is done.
func (f *RotateForm[T]) oldFate() string {
	if f.plan.OldDeleted {
		return "the old token was deleted first"
	}
	switch f.chosen.How {
	case rotate.Delete:
		return "the old token is deleted"
	case rotate.Grace:
		if e := f.plan.Old.ExpiresAt(); e != nil && e.Before(f.ctx.Now().Add(f.chosen.Grace)) {
			return "the old token expires sooner than the grace period would end, so it was left as it is"
		}
		return "the old token expires in " + graceText(f.chosen)
	}
	return "the old token is kept"
}

func (f *RotateForm[T]) step(name rotate.StepName) (rotate.Step, bool) {
	for _, s := range f.steps {
		if s.Name == name {
			return s, true
		}
	}
	return rotate.Step{}, false
}
