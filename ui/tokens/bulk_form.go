package tokens

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/bulk"
	"github.com/unleash-tokens/unleash-tokens/tokenref"
	"github.com/unleash-tokens/unleash-tokens/ui/core"
	"github.com/unleash-tokens/unleash-tokens/ui/form"
	"github.com/unleash-tokens/unleash-tokens/ui/keys"
	"github.com/unleash-tokens/unleash-tokens/ui/list"
)

// BulkForm runs one write (delete, or a new expiry) on many marked tokens
// through bulk.Run, with a progress count, then shows what became of each
// until it is dismissed. For a new expiry it first asks for the date.
type BulkForm[T any] struct {
	ctx   *core.Context
	id    int
	what  string // "12 API tokens and 3 PATs"
	items []T
	tg    Targets[T]
	left  string // marked tokens the write leaves out, and why

	action  bulk.Action
	editing bool        // the expiry field is shown: nothing is written yet
	exp     form.Expiry // the new expiry: 90 days by default
	focus   int         // 0 the expiry's choice, 1 its date
	formErr string

	signsIn map[int]bool // PAT ids that may be the app's own token: deleted last
	deleted []T          // when the app's own token was deleted: the items deleted

	running  bool
	progress *bulkProgress
	result   *bulkResult
	offset   int // the first result line shown
}

// bulkProgress counts a run's writes; the run writes it from its
// goroutines and the view reads it on each spinner frame.
type bulkProgress struct{ done, total atomic.Int64 }

// bulkDone carries a finished run.
type bulkDone[T any] struct {
	form    int
	skipped []skip
	report  bulk.Report
	deleted []T // with report.SignedOut: the items deleted, which no reload can show gone
}

// bulkConfirmed is the yes to the new expiry's question.
type bulkConfirmed struct {
	form    int
	expires time.Time
}

// BulkDelete is the question and the run that delete every marked item.
func BulkDelete[T any](ctx *core.Context, tg Targets[T], marked []T) list.Bulk[T] {
	what := KindsText(kindsOf(tg, marked))
	own, signsIn := ownAmong(ctx, tg, marked)
	question := "Delete " + what + "?"
	if len(marked) == 1 && tg.Describe != nil {
		question = "Delete " + tg.Describe(marked[0]) + "?" // one row, as a single delete names it
	}
	if own != "" {
		question += " " + own
	}
	lines := []string{question}
	if len(marked) > 1 {
		lines = append(lines, Naming(tg, marked))
	}
	lines = append(lines, "Apps, SDKs and scripts that use them lose access (API tokens within a minute, as Unleash caches them). This cannot be undone.")
	return list.Bulk[T]{Question: lines, Run: func() form.Form[T] {
		return &BulkForm[T]{ctx: ctx, id: ctx.NextID(), what: what, items: marked, tg: tg, action: bulk.Delete(), signsIn: signsIn}
	}}
}

// ownAmong is what the question says of the marked PATs that are, or may
// be, the one the app signs in with, and their ids, which go last.
func ownAmong[T any](ctx *core.Context, tg Targets[T], marked []T) (string, map[int]bool) {
	if tg.Mine == nil {
		return "", nil
	}
	var all []api.PAT
	if tg.AllMine != nil {
		all = tg.AllMine()
	}
	var own, maybe []string
	ids := map[int]bool{}
	for _, it := range marked {
		p, ok := tg.Mine(it)
		if !ok {
			continue
		}
		switch OwnPAT(ctx, p, all) {
		case Own:
			own = append(own, fmt.Sprintf("PAT %q", api.Clean(p.Description)))
			ids[p.ID] = true
		case MaybeOwn:
			maybe = append(maybe, fmt.Sprintf("PAT %q", api.Clean(p.Description)))
			ids[p.ID] = true
		}
	}
	switch {
	case len(own) > 0 && len(marked) == 1:
		return core.OwnPATWarning, ids
	case len(own) > 0:
		return "One of them, " + own[0] + ", is the token this app signs in with: it is deleted last, and after it nothing loads until you restart with another token.", ids
	case len(maybe) == 1 && len(marked) == 1:
		return core.MaybeOwnWarning, ids
	case len(maybe) == 1:
		return "If " + maybe[0] + " is the token this app signs in with, it is deleted last, and after it nothing loads until you restart with another token.", ids
	case len(maybe) > 1:
		return fmt.Sprintf("If the token this app signs in with is among them (any of the %d PATs not expired could be it), those are deleted last, one at a time, and after it nothing loads until you restart with another token.", len(maybe)), ids
	}
	return "", nil
}

// BulkExpiry is the form that gives every marked API token a new expiry,
// or why none of the marked can have one.
func BulkExpiry[T any](ctx *core.Context, tg Targets[T], marked []T) (form.Form[T], string) {
	apiTokens, left := onlyAPI(tg, marked)
	if len(apiTokens) == 0 {
		return nil, "None of the marked is an API token: Unleash cannot change the expiry of a PAT or a service-account token."
	}
	f := &BulkForm[T]{ctx: ctx, id: ctx.NextID(), what: KindsText(kindsOf(tg, apiTokens)), items: apiTokens, tg: tg, left: left,
		editing: true, exp: form.NewExpiry(form.Expiry90Days)}
	return f, ""
}

// Init focuses the expiry field, or starts the deletes.
func (f *BulkForm[T]) Init() tea.Cmd {
	if f.editing {
		return f.exp.Focus(0)
	}
	return f.run()
}

// Busy reports whether the writes are under way.
func (f *BulkForm[T]) Busy() bool { return f.running }

func (f *BulkForm[T]) run() tea.Cmd {
	f.editing, f.running = false, true
	f.exp.Blur()
	f.progress = &bulkProgress{}
	id, client, items, tg, action, p, signsIn := f.id, f.ctx.Client, f.items, f.tg, f.action, f.progress, f.signsIn
	return func() tea.Msg {
		ctx := context.Background()
		var toks []tokenref.Token
		var skipped []skip
		found := tg.Resolve(ctx, client, items)
		for i, fd := range found {
			if fd.OK {
				toks = append(toks, fd.Token)
			} else {
				skipped = append(skipped, skip{what: tg.describe(items[i], fd), why: fd.Reason})
			}
		}
		opts := bulk.Options{Progress: func(done, total int) {
			p.done.Store(int64(done))
			p.total.Store(int64(total))
		}}
		if len(signsIn) > 0 {
			opts.SignsIn = func(t tokenref.Token) bool { return t.Kind == tokenref.PAT && signsIn[t.PAT.ID] }
		}
		rep := bulk.Run(ctx, client, toks, action, opts)
		done := bulkDone[T]{form: id, skipped: skipped, report: rep}
		if rep.SignedOut {
			gone := map[string]bool{}
			for _, res := range rep.Results {
				if res.Outcome == bulk.Done {
					gone[res.Token.Key()] = true
				}
			}
			for i, fd := range found {
				if fd.OK && gone[fd.Token.Key()] {
					done.deleted = append(done.deleted, items[i])
				}
			}
		}
		return done
	}
}

// Update handles the answers and the keys.
func (f *BulkForm[T]) Update(msg tea.Msg) (tea.Cmd, form.Outcome[T]) {
	none := form.Outcome[T]{}
	switch msg := msg.(type) {
	case bulkConfirmed:
		if msg.form == f.id && f.editing {
			f.action = bulk.SetExpiry(msg.expires)
			return f.run(), none
		}
	case bulkDone[T]:
		if msg.form == f.id {
			f.running = false
			f.result = newBulkResult(msg.report, msg.skipped)
			f.deleted = msg.deleted
		}
	case tea.KeyMsg:
		return f.handleKey(msg)
	}
	return nil, none
}

func (f *BulkForm[T]) handleKey(msg tea.KeyMsg) (tea.Cmd, form.Outcome[T]) {
	k, none := f.ctx.Keys, form.Outcome[T]{}
	switch {
	case f.running:
		if keys.Matches(msg, k.Cancel) {
			return core.Say("The writes are on their way and cannot be called back: waiting for them to end."), none
		}
		return nil, none
	case f.result != nil:
		switch {
		case keys.Matches(msg, k.Close) && f.result.report.SignedOut:
			// No list can be read again: the deleted go from it at once.
			return tea.Batch(core.Say(f.result.flash()), core.Send(core.OwnTokenDeleted{What: f.result.ownToken()})),
				form.Outcome[T]{Closed: true, Drop: f.deleted}
		case keys.Matches(msg, k.Close):
			return core.Say(f.result.flash()), form.Outcome[T]{Closed: true, Reload: true, ClearMarks: f.result.fullySucceeded()}
		case keys.Matches(msg, k.Down):
			f.offset++
		case keys.Matches(msg, k.Up):
			f.offset--
		case keys.Matches(msg, k.PageDown):
			f.offset += f.result.page
		case keys.Matches(msg, k.PageUp):
			f.offset -= f.result.page
		}
		f.offset = max(min(f.offset, len(f.result.lines)-f.result.page), 0)
		return nil, none
	case keys.Matches(msg, k.Cancel):
		return core.Say("Cancelled: nothing was changed."), form.Outcome[T]{Closed: true}
	case keys.Matches(msg, k.Submit):
		t, err := f.exp.Value(f.ctx.Now())
		if err != nil {
			f.formErr = err.Error()
			return nil, none
		}
		lines := []string{fmt.Sprintf("Set %s to expire %s?", f.what, ExactExpiry(&t, f.ctx.Now()))}
		if f.left != "" {
			lines = append(lines, f.left)
		}
		if len(f.items) > 1 {
			lines = append(lines, Naming(f.tg, f.items))
		}
		return core.Send(core.Ask{Lines: lines, Hint: "y changes them all · n, esc or enter goes back",
			Yes: core.Send(bulkConfirmed{form: f.id, expires: t})}), none
	}
	f.formErr = ""
	return f.exp.UpdateAlone(k, &f.focus, msg), none
}

// Keys are the keys that act now.
func (f *BulkForm[T]) Keys() []key.Binding {
	k := f.ctx.Keys
	switch {
	case f.running:
		return nil
	case f.result != nil:
		out := []key.Binding{keys.Help(k.Close, "enter", "close")}
		if f.offset+f.result.page < len(f.result.lines) {
			out = append(out, k.Down, k.PageDown)
		}
		if f.offset > 0 {
			out = append(out, k.Up, k.PageUp)
		}
		return out
	}
	return f.exp.KeysAlone(k, f.focus, "save")
}

// View draws the expiry field, the progress, or the result.
func (f *BulkForm[T]) View(w, h int) string {
	st := f.ctx.Styles
	switch {
	case f.result != nil:
		return f.result.view(f.ctx, f.what, f.offset, w, h)
	case f.running:
		count := "finding them in their lists…"
		if n := f.progress.total.Load(); n > 0 {
			count = fmt.Sprintf("%d of %d done", f.progress.done.Load(), n)
		}
		return core.Block([]string{st.Title.Render(core.Capitalise(f.verb()) + " " + f.what), "",
			"  " + f.ctx.Spin() + " " + count,
			"", st.Dim.Render(core.WrapIndent("Each write is sent once and cannot be called back; the lists are then read again to confirm each.", w))}, h)
	}
	now := f.ctx.Now()
	title := "Change the expiry of " + f.what
	if len(f.items) == 1 && f.tg.Describe != nil {
		title = "Change the expiry of " + f.tg.Describe(f.items[0])
	}
	lines := []string{st.Title.Render(core.Wrap(title, w)), ""}
	if f.left != "" {
		lines = append(lines, st.Warning.Render(core.WrapIndent(f.left, w)), "")
	}
	lines = append(lines, f.exp.Lines(st, f.focus, w, now)...)
	lines = append(lines, "", st.Dim.Render(core.WrapIndent("The new expiry must be in the future. To stop tokens now, delete them (esc, then d). Enter asks before anything is written.", w)))
	lines = append(lines, form.Footer(f.ctx, f.formErr, false, "", w)...)
	return form.Block(lines, h)
}

// verb is what the run does: "deleting" or "changing the expiry of".
func (f *BulkForm[T]) verb() string {
	if f.action.Delete {
		return "deleting"
	}
	return "changing the expiry of"
}
