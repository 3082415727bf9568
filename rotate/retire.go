package rotate

import (
	"context"
	"fmt"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/status"
	"github.com/unleash-tokens/unleash-tokens/tokenref"
)

// RetireOld does the user's choice to the old token, only once the new
// secret is proven: delete it, set it to expire after the grace period
// (API tokens), or keep it. Each write is sent once and confirmed by
// re-reading the list, as the server answers OK to writes it did not do.
// now is the caller's clock (time.Now when zero).
func RetireOld(ctx context.Context, c *api.Client, p Plan, n Created, proof Step, r Retire, now time.Time) Step {
	step := Step{Name: StepRetire}
	what := "the old " + p.Old.Describe()
	if now.IsZero() {
		now = time.Now()
	}
	switch {
	case p.OldDeleted:
		step.Message = "The old token was deleted before the create."
		return step
	case proof.Outcome != Done:
		step.Message = "The old token is kept, untouched: the new secret was not proven."
		return step
	}
	if err := r.Allowed(p.Old); err != nil {
		step.Outcome, step.Message = Failed, err.Error()+". The old token is kept."
		return step
	}
	switch r.How {
	case Keep:
		step.Outcome = Done
		step.Message = fmt.Sprintf("Kept %s: it %s.", what, expiryPhrase(p.Old.ExpiresAt(), now))
	case Delete, DeleteFirst:
		return deleteOld(ctx, c, p, n, step)
	case Grace:
		return expireOld(ctx, c, p, step, now.Add(r.Grace).UTC().Truncate(time.Millisecond), now)
	}
	return step
}

func deleteOld(ctx context.Context, c *api.Client, p Plan, n Created, step Step) Step {
	what := "the old " + p.Old.Describe()
	err := tokenref.Delete(ctx, c, p.Old)
	if err != nil && !api.OutcomeUnknown(err) {
		step.Outcome, step.Err = Failed, err
		step.Message = fmt.Sprintf("Could not delete %s: %s. Both tokens work; delete the old one when you can.", what, errText(err))
		return step
	}
	lists := tokenref.Reread(ctx, c, []tokenref.Token{p.Old})
	_, still, rerr := lists.Find(p.Old)
	ownCredential := false
	if api.KindOf(rerr) == api.KindUnauthenticated && p.Old.Kind == tokenref.PAT && !n.Secret.IsZero() {
		// This session signed in with the PAT it just deleted: look as the new one.
		ownCredential = true
		_, still, rerr = tokenref.Reread(ctx, c.WithToken(n.Secret.Token()), []tokenref.Token{p.Old}).Find(p.Old)
	}
	switch {
	case rerr != nil:
		step.Outcome, step.Err = Unknown, rerr
		step.Message = fmt.Sprintf("Asked to delete %s, but its list could not be re-read to confirm: %s.", what, errText(rerr))
	case still:
		step.Outcome, step.Err = Failed, err
		step.Message = fmt.Sprintf("The server answered, but %s is still listed: it was not deleted. Both tokens work.", what)
	default:
		step.Outcome = Done
		step.Message = fmt.Sprintf("Deleted %s.", what)
		if p.Old.Kind == tokenref.APIToken {
			step.Message += " SDKs still using it lose access within a minute (Unleash caches tokens)."
		}
		if ownCredential {
			step.SessionToken = true
			step.Message += " It was the token this session signed in with: use the new one from now on."
		}
	}
	return step
}

func expireOld(ctx context.Context, c *api.Client, p Plan, step Step, until, now time.Time) Step {
	what := "the old " + p.Old.Describe()
	if e := p.Old.ExpiresAt(); e != nil && e.Before(until) {
		step.Outcome = Done
		step.Message = fmt.Sprintf("Left %s as it is: it already %s, before the grace period would end.", what, expiryPhrase(e, now))
		return step
	}
	err := tokenref.SetExpiry(ctx, c, p.Old, until)
	if err != nil && !api.OutcomeUnknown(err) {
		step.Outcome, step.Err = Failed, err
		step.Message = fmt.Sprintf("Could not set %s to expire: %s. Both tokens work; retire the old one when you can.", what, errText(err))
		return step
	}
	old, found, rerr := tokenref.Reread(ctx, c, []tokenref.Token{p.Old}).Find(p.Old)
	switch {
	case rerr != nil:
		step.Outcome, step.Err = Unknown, rerr
		step.Message = fmt.Sprintf("Asked to set %s to expire %s, but its list could not be re-read to confirm: %s.", what, status.Exact(&until), errText(rerr))
	case !found:
		step.Outcome = Failed
		step.Message = fmt.Sprintf("%s is no longer listed: it was deleted meanwhile.", capitalise(what))
	case !tokenref.ExpiryIs(old, until):
		step.Outcome, step.Err = Failed, err
		step.Message = fmt.Sprintf("The server answered, but %s still %s: its expiry did not change. Both tokens work.", what, expiryPhrase(old.ExpiresAt(), now))
	default:
		step.Outcome = Done
		step.Message = fmt.Sprintf("%s now %s: Unleash refuses it from then on, so nothing has to stay running.", capitalise(what), expiryPhrase(&until, now))
	}
	return step
}

func capitalise(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// Run does the whole rotation with the user's choice for the old token,
// stopping at the first step that is not done: the command line's way.
// When p.AtCap, only DeleteFirst goes ahead.
func Run(ctx context.Context, c *api.Client, p Plan, r Retire) Result {
	res := Result{Plan: p}
	if err := r.Allowed(p.Old); err != nil {
		res.Steps = append(res.Steps, Step{Name: StepRetire, Outcome: Failed, Message: err.Error() + ". Nothing was written."})
		return res
	}
	if r.How == DeleteFirst {
		if !p.AtCap {
			res.Steps = append(res.Steps, Step{Name: StepDeleteFirst, Outcome: Failed,
				Message: "Not at the cap: delete-first is only for a full set of 10 PATs. Use delete, which waits for the new token to be proven. Nothing was written."})
			return res
		}
		var s Step
		p, s = DeleteOldFirst(ctx, c, p)
		res.Plan = p
		res.Steps = append(res.Steps, s)
		if s.Outcome != Done {
			return res
		}
	}
	n := Create(ctx, c, p)
	res.Steps = append(res.Steps, n.Step)
	res.New, res.Secret = n.New, n.Secret
	if n.Outcome != Done {
		return res
	}
	proof := Prove(ctx, c, p, n)
	res.Steps = append(res.Steps, proof)
	if proof.Outcome != Done || r.How == DeleteFirst {
		return res
	}
	res.Steps = append(res.Steps, RetireOld(ctx, c, p, n, proof, r, p.now))
	return res
}
