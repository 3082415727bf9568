package rotate

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/status"
	"github.com/unleash-tokens/unleash-tokens/tokenref"
)

// Created is what the create step did.
type Created struct {
	Step
	// New is the new token, without its secret, when one exists: made and
	// answered, or found by the re-read after a lost answer (then its
	// secret is lost), or made with the wrong scope. Its Kind is 0 when no
	// new token exists.
	New tokenref.Token
	// Secret is the new credential, only when the create was answered with
	// the scope asked for; the caller wipes it.
	Secret *api.Credential
}

// DeleteOldFirst deletes the old token before its replacement exists: only
// for a PAT or service-account token at the cap of 10, after the user has
// read CapNote. The returned plan records that the old one is gone.
func DeleteOldFirst(ctx context.Context, c *api.Client, p Plan) (Plan, Step) {
	step := Step{Name: StepDeleteFirst}
	if !p.AtCap || p.Old.Kind == tokenref.APIToken {
		step.Message = "Not at the cap: the old token is deleted, if at all, after the new one is proven."
		return p, step
	}
	what := p.Old.Describe()
	err := tokenref.Delete(ctx, c, p.Old)
	if err != nil && !api.OutcomeUnknown(err) {
		step.Outcome, step.Err = Failed, err
		step.Message = fmt.Sprintf("Could not delete %s: %s. Nothing was created.", what, errText(err))
		return p, step
	}
	_, still, rerr := tokenref.Reread(ctx, c, []tokenref.Token{p.Old}).Find(p.Old)
	switch {
	case rerr != nil && api.KindOf(rerr) == api.KindUnauthenticated:
		// The client signed in with the token it just deleted.
		step.Outcome, step.Err, step.SessionToken = Failed, rerr, true
		p.OldDeleted = true
		step.Message = fmt.Sprintf("Deleted %s, and the server now refuses this session's token: it was the token deleted. Nothing can be created with it; make a new PAT in Unleash's web UI.", what)
	case rerr != nil:
		step.Outcome, step.Err = Unknown, rerr
		step.Message = fmt.Sprintf("Asked to delete %s, but the list could not be re-read to confirm (%s). Nothing was created.", what, errText(rerr))
	case still:
		step.Outcome, step.Err = Failed, err
		step.Message = fmt.Sprintf("The server answered, but %s is still listed: it was not deleted. Nothing was created.", what)
	default:
		step.Outcome = Done
		p.OldDeleted, p.AtCap = true, false
		step.Message = fmt.Sprintf("Deleted %s first, to make room: its secret no longer works.", what)
	}
	return p, step
}

// Create makes the new token, once: a create whose answer is lost is never
// retried (a second try could make a second token); the list is re-read to
// say whether it appeared, and its secret is then lost.
func Create(ctx context.Context, c *api.Client, p Plan) Created {
	out := Created{Step: Step{Name: StepCreate}}
	if p.AtCap && !p.OldDeleted {
		out.Outcome = Failed
		out.Message = "Not created: " + p.CapNote()
		return out
	}
	var made tokenref.Token
	var secret *api.Credential
	var err error
	switch p.Old.Kind {
	case tokenref.PAT, tokenref.ServiceAccountToken:
		in := api.CreatePAT{Description: p.Name, ExpiresAt: *p.ExpiresAt}
		var pat api.PAT
		if p.Old.Kind == tokenref.PAT {
			pat, err = c.CreatePAT(ctx, in)
			made = tokenref.FromPAT(pat)
		} else {
			pat, err = c.CreateServiceAccountToken(ctx, p.Old.AccountID, in)
			made = tokenref.FromServiceAccountToken(p.Old.AccountID, p.Old.Account, pat)
		}
		secret = pat.Credential
	case tokenref.APIToken:
		var tok api.APIToken
		old := p.Old.API
		if p.Old.Project != "" && len(old.Projects) == 1 && old.Projects[0] == p.Old.Project {
			tok, err = c.CreateProjectToken(ctx, p.Old.Project, api.CreateProjectToken{Name: p.Name, Type: old.Type, Environment: old.Environment, ExpiresAt: p.ExpiresAt})
		} else {
			tok, err = c.CreateAPIToken(ctx, api.CreateAPIToken{Name: p.Name, Type: old.Type, Environment: old.Environment, Projects: old.Projects, ExpiresAt: p.ExpiresAt})
		}
		secret, tok.Credential = tok.Credential, nil // the target names it by its Ref, the selector for v2
		made = tokenref.FromAPIToken(tok, p.Old.Project)
	}
	switch {
	case api.OutcomeUnknown(err):
		return lostCreate(ctx, c, p, err)
	case err != nil:
		out.Outcome, out.Err = Failed, err
		out.Message = "Not created: " + createRefusal(p, err)
		return out
	}
	out.New = made
	if made.Kind == tokenref.APIToken && !tokenref.SameScope(made.API, p.Old.API) {
		secret.Wipe()
		out.Outcome = Failed
		out.Message = fmt.Sprintf("The server made a token that reaches %s, not %s as asked. It was not used and its secret is not kept; "+
			"delete it (it is named %q, made %s). The old token is kept.",
			tokenref.Scope(made.API), tokenref.Scope(p.Old.API), made.Name(), made.CreatedAt().UTC().Format(time.RFC3339))
		return out
	}
	out.Outcome, out.Secret = Done, secret
	out.Message = fmt.Sprintf("Created %s, which %s: %s.", made.Describe(), expiryPhrase(made.ExpiresAt(), p.now), p.ExpiryReason)
	return out
}

// createRefusal words a create the server refused.
func createRefusal(p Plan, err error) string {
	text := errText(err)
	switch api.KindOf(err) {
	case api.KindLimitReached:
		if p.Old.Kind != tokenref.APIToken {
			return text + ". " + fmt.Sprintf("Unleash allows %d PATs per user: delete one you no longer use, then rotate again.", api.PATLimit)
		}
		return text + ". Delete API tokens you no longer use (unleash-tokens prune deletes the expired ones), then rotate again."
	case api.KindConflict:
		return fmt.Sprintf("%s: a token described %q appeared meanwhile. Rotate again.", text, api.Clean(p.Name))
	case api.KindUnauthenticated:
		if p.OldDeleted {
			return text + ". The deleted token was most likely the one this session signed in with."
		}
	}
	if p.Old.Kind == tokenref.APIToken && p.Old.API.Type == api.TypeAdmin && api.KindOf(err) == api.KindBadRequest {
		return text + ". This Unleash does not create admin API tokens; use a service account's token instead."
	}
	return text + "."
}

// lostCreate re-reads after a create whose answer was lost, and says
// whether the token appeared.
func lostCreate(ctx context.Context, c *api.Client, p Plan, cause error) Created {
	out := Created{Step: Step{Name: StepCreate, Outcome: Unknown, Err: cause}}
	what := fmt.Sprintf("%s %q", p.Old.Kind, api.Clean(p.Name))
	kept := " Nothing was deleted: the old token is kept."
	if p.OldDeleted {
		kept = " The old token was deleted first."
	}
	// The first request's context may be the one that ran out.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), api.DefaultTimeout)
	defer cancel()
	appeared, rerr := findNew(rctx, c, p)
	switch {
	case rerr != nil:
		out.Message = fmt.Sprintf("The create's answer was lost (%s), and the list could not be re-read to see whether %s was made (%s). "+
			"Look before trying again: a second try could make a second token.%s", errText(cause), what, errText(rerr), kept)
	case appeared.Kind != 0:
		out.Outcome, out.New = Failed, appeared
		out.Message = fmt.Sprintf("The create's answer was lost (%s), but %s now exists. Its secret is lost: delete it, then rotate again.%s",
			errText(cause), appeared.Describe(), kept)
	default:
		out.Outcome = Failed
		out.Message = fmt.Sprintf("The create's answer was lost (%s), and no %s exists: nothing was created. It is safe to try again.%s", errText(cause), what, kept)
	}
	return out
}

// findNew looks for the token the plan would have made.
func findNew(ctx context.Context, c *api.Client, p Plan) (tokenref.Token, error) {
	switch p.Old.Kind {
	case tokenref.PAT, tokenref.ServiceAccountToken:
		var list []api.PAT
		var err error
		if p.Old.Kind == tokenref.PAT {
			list, err = c.ListPATs(ctx)
		} else {
			list, err = c.ListServiceAccountTokens(ctx, p.Old.AccountID)
		}
		for _, q := range list {
			if q.Description == p.Name {
				if p.Old.Kind == tokenref.PAT {
					return tokenref.FromPAT(q), nil
				}
				return tokenref.FromServiceAccountToken(p.Old.AccountID, p.Old.Account, q), nil
			}
		}
		return tokenref.Token{}, err
	case tokenref.APIToken:
		list, err := c.APITokensByName(ctx, p.Name)
		for _, t := range list {
			if tokenref.SameScope(t, p.Old.API) && !slices.ContainsFunc(p.siblings, t.CreatedAt.Equal) {
				return tokenref.FromAPIToken(t, p.Old.Project), nil
			}
		}
		return tokenref.Token{}, err
	}
	return tokenref.Token{}, nil
}

// expiryPhrase is "expires 2026-12-23 12:00 UTC (in 30d)" or "never expires".
func expiryPhrase(t *time.Time, now time.Time) string {
	if status.IsNever(t, now) {
		return "never expires"
	}
	return fmt.Sprintf("expires %s (%s)", t.UTC().Format("2006-01-02 15:04 UTC"), status.ExpiryWords(t, now))
}

// errText is an error's text, cleaned of control characters.
func errText(err error) string {
	return api.Clean(err.Error())
}
