// Package bulk applies one write — delete, or a new expiry — to many tokens
// with bounded concurrency. Each write is sent at most once, never retried;
// afterwards the lists are re-read once, since Unleash answers OK to writes
// it did not do, and every token gets a result: done, failed and why,
// unknown, or untouched. A failure that would fail every other write too (the
// token is refused, the server is unreachable, rate limits, a lost answer)
// stops the writes not yet sent, and the report says so. It knows nothing of
// any UI: a TUI runs Run in a command and shows Progress.
package bulk

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/status"
	"github.com/unleash-tokens/unleash-tokens/tokenref"
)

// Action is the write applied to every token.
type Action struct {
	Delete    bool      // delete each token
	ExpiresAt time.Time // otherwise: give each API token this expiry
}

// Delete deletes every token.
func Delete() Action { return Action{Delete: true} }

// SetExpiry gives every API token a new expiry (a past one stops it).
func SetExpiry(t time.Time) Action { return Action{ExpiresAt: t.UTC().Truncate(time.Millisecond)} }

// String is "delete" or "set the expiry to 2026-12-01 10:00:00 UTC".
func (a Action) String() string {
	if a.Delete {
		return "delete"
	}
	return "set the expiry to " + status.Exact(&a.ExpiresAt)
}

// Outcome is what became of one token.
type Outcome int

const (
	Untouched Outcome = iota // no write was sent for it
	Done                     // written, and the re-read confirms it (or could not be read: see Note)
	Failed                   // not written: the server refused, or answered OK and did nothing
	Unknown                  // the write went out, no answer came, and the re-read could not tell
)

func (o Outcome) String() string {
	return [...]string{"untouched", "done", "failed", "unknown"}[o]
}

// Result is one token's outcome.
type Result struct {
	Token   tokenref.Token
	Outcome Outcome
	Reason  string // why it failed, is unknown or untouched; for done, a note such as "not confirmed: …"
	Err     error  // the server's error, when there was one
}

// Options tune a run.
type Options struct {
	Concurrency int                   // writes in flight at most; DefaultConcurrency when 0
	Progress    func(done, total int) // after each token, one call at a time, counts never going back
	// SignsIn, optional, picks the tokens that may be the one the client
	// signs in with: they are written last, one at a time, each re-read at
	// once, after every other write is sent and confirmed, since once that
	// token is deleted the server refuses every request.
	SignsIn func(tokenref.Token) bool
}

// DefaultConcurrency is how many writes are in flight at most.
const DefaultConcurrency = 8

// Report is a whole run.
type Report struct {
	Action  Action
	Results []Result // one per token, in the order given (a token given twice counts once)
	Stopped string   // why the writes not yet sent were not sent, if they were not
	// SignedOut: a token Options.SignsIn picked was deleted, and the server
	// then refused the client: it was the token the client signed in with.
	SignedOut   bool
	SignedOutBy tokenref.Token // that token
}

// Count is how many tokens ended with o.
func (r Report) Count(o Outcome) int {
	n := 0
	for _, res := range r.Results {
		if res.Outcome == o {
			n++
		}
	}
	return n
}

// Summary is "49 deleted, 1 failed" (only the outcomes that occur).
func (r Report) Summary() string {
	verb := "deleted"
	if !r.Action.Delete {
		verb = "changed"
	}
	s := fmt.Sprintf("%d %s", r.Count(Done), verb)
	for _, o := range []Outcome{Failed, Unknown, Untouched} {
		if n := r.Count(o); n > 0 {
			s += fmt.Sprintf(", %d %s", n, o)
		}
	}
	return s
}

// Run applies a to every token and re-reads to confirm. It always returns
// a report with a result for every token.
func Run(ctx context.Context, c *api.Client, toks []tokenref.Token, a Action, o Options) Report {
	if o.Concurrency <= 0 {
		o.Concurrency = DefaultConcurrency
	}
	rep := Report{Action: a, Results: dedupe(toks)}
	r := &runner{ctx: ctx, client: c, action: a, progress: o.Progress, total: len(rep.Results)}
	var first, last []int
	for i, res := range rep.Results {
		if o.SignsIn != nil && a.Delete && o.SignsIn(res.Token) {
			last = append(last, i)
		} else {
			first = append(first, i)
		}
	}
	// Of those that may be the client's own, the most recently used goes
	// last: it is the likeliest to be it (never used first).
	slices.SortStableFunc(last, func(a, b int) int {
		return seenOrder(rep.Results[a].Token.Facts().SeenAt, rep.Results[b].Token.Facts().SeenAt)
	})
	sem := make(chan struct{}, o.Concurrency)
	var wg sync.WaitGroup
	for _, i := range first {
		res := &rep.Results[i]
		acquired := false
		select {
		case sem <- struct{}{}:
			acquired = true
		case <-ctx.Done(): // write finds the context done and sends nothing
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.write(res)
			if acquired {
				<-sem
			}
		}()
	}
	wg.Wait()
	confirm(ctx, c, &rep, first)
	for _, i := range last {
		res := &rep.Results[i]
		if rep.SignedOut {
			r.count()
			res.Reason = "not sent: the token this app signs in with was deleted before it"
			continue
		}
		r.write(res)
		if err := confirm(ctx, c, &rep, []int{i}); res.Outcome == Done && api.KindOf(err) == api.KindUnauthenticated {
			rep.SignedOut, rep.SignedOutBy = true, res.Token
			res.Reason = "it was the token this app signs in with: the server now refuses every request"
		}
	}
	rep.Stopped = r.stoppedBy()
	return rep
}

func seenOrder(a, b *time.Time) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	return a.Compare(*b)
}

func dedupe(toks []tokenref.Token) []Result {
	seen := make(map[string]bool, len(toks))
	out := make([]Result, 0, len(toks))
	for _, t := range toks {
		if k := t.Key(); !seen[k] {
			seen[k] = true
			out = append(out, Result{Token: t})
		}
	}
	return out
}

type runner struct {
	ctx      context.Context
	client   *api.Client
	action   Action
	progress func(done, total int)
	total    int

	stop atomic.Bool
	mu   sync.Mutex
	done int
	why  string
}

// write sends the token's one write, unless the run has stopped.
func (r *runner) write(res *Result) {
	defer r.count()
	switch {
	case r.ctx.Err() != nil:
		res.Reason = "not sent: the run was cancelled"
		return
	case r.stop.Load():
		res.Reason = "not sent: the run stopped after a failure that would fail it too"
		return
	case !r.action.Delete && res.Token.Kind != tokenref.APIToken:
		res.Outcome, res.Reason = Failed, "not sent: "+tokenref.ErrNoExpiryUpdate.Error()
		return
	}
	var err error
	if r.action.Delete {
		err = tokenref.Delete(r.ctx, r.client, res.Token)
	} else {
		err = tokenref.SetExpiry(r.ctx, r.client, res.Token, r.action.ExpiresAt)
	}
	switch {
	case err == nil:
		res.Outcome = Done
	case api.OutcomeUnknown(err):
		res.Outcome, res.Err = Unknown, err
		res.Reason = "no answer: " + api.Clean(err.Error())
		r.halt(res.Token.Describe() + ": " + api.Clean(err.Error()))
	default:
		res.Outcome, res.Err = Failed, err
		res.Reason = api.Clean(err.Error())
		if stopsEverything(err) {
			r.halt(res.Token.Describe() + ": " + api.Clean(err.Error()))
		}
	}
}

// stopsEverything: a failure every other write would meet too.
func stopsEverything(err error) bool {
	switch api.KindOf(err) {
	case api.KindUnauthenticated, api.KindUnreachable, api.KindTLS, api.KindRateLimited, api.KindTimeout:
		return true
	}
	return false
}

func (r *runner) halt(why string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.stop.Load() {
		r.why = why
		r.stop.Store(true)
	}
}

func (r *runner) stoppedBy() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case r.why != "":
		return "stopped after " + r.why
	case r.ctx.Err() != nil:
		return "cancelled"
	}
	return ""
}

func (r *runner) count() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.done++
	if r.progress != nil {
		r.progress(r.done, r.total) // under the lock: one at a time, in order
	}
}

// confirm re-reads the lists of the tokens written to (of which, indices
// into rep.Results) and settles each result: the server's OK is not proof.
// It returns the re-read's first error.
func confirm(ctx context.Context, c *api.Client, rep *Report, which []int) (reread error) {
	var written []tokenref.Token
	for _, i := range which {
		if res := rep.Results[i]; res.Outcome == Done || res.Outcome == Unknown {
			written = append(written, res.Token)
		}
	}
	if len(written) == 0 {
		return nil
	}
	// Even after a cancel, say what really happened.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*api.DefaultTimeout)
	defer cancel()
	lists := tokenref.Reread(rctx, c, written)
	for _, i := range which {
		res := &rep.Results[i]
		if res.Outcome != Done && res.Outcome != Unknown {
			continue
		}
		now, found, err := lists.Find(res.Token)
		lost := res.Outcome == Unknown
		if reread == nil {
			reread = err
		}
		switch {
		case err != nil:
			if !lost {
				res.Reason = "not confirmed: its list could not be re-read: " + api.Clean(err.Error())
			}
		case rep.Action.Delete && !found:
			res.Outcome = Done
			if lost {
				res.Reason = "no answer in time, but it is gone"
			}
		case rep.Action.Delete:
			res.Outcome = Failed
			res.Reason = "the server answered OK, but it is still listed: not deleted"
			if lost {
				res.Reason = "no answer in time, and it is still listed: not deleted"
			}
		case !found:
			res.Outcome, res.Reason = Failed, "it is no longer listed: deleted meanwhile"
		case tokenref.ExpiryIs(now, rep.Action.ExpiresAt):
			res.Outcome, res.Token = Done, now
			if lost {
				res.Reason = "no answer in time, but the new expiry shows"
			}
		default:
			res.Outcome = Failed
			res.Reason = "the server answered OK, but the expiry did not change"
			if lost {
				res.Reason = "no answer in time, and the expiry did not change"
			}
		}
	}
	return reread
}
