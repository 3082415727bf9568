package rotate

import (
	"context"
	"fmt"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/tokenref"
)

// Prove shows that the new secret authenticates, without printing it: a
// PAT, a service-account token or an admin token signs in (GET
// /api/admin/user), a backend token reads /api/client/features as a backend
// SDK does, a frontend token reads /api/frontend as a frontend SDK does.
// Failed means the server refused the secret; Unknown that no answer came.
// Either way the old token must be kept.
func Prove(ctx context.Context, c *api.Client, p Plan, n Created) Step {
	step := Step{Name: StepProve}
	if n.Outcome != Done || n.Secret.IsZero() {
		step.Message = "Nothing to prove: no new token was made." + keptOrNot(p)
		return step
	}
	as := c.WithToken(n.Secret.Token())
	var err error
	var how string
	switch {
	case n.New.Kind != tokenref.APIToken || n.New.API.Type == api.TypeAdmin:
		var me api.User
		me, err = as.Me(ctx)
		how = fmt.Sprintf("signs in as %s (GET /api/admin/user)", api.Clean(me.DisplayName()))
	case n.New.API.Type == api.TypeFrontend:
		var flags int
		flags, err = as.FrontendFeatures(ctx)
		how = fmt.Sprintf("reads the frontend API as a frontend SDK does (GET /api/frontend: %d enabled flags)", flags)
	default:
		var flags int
		flags, err = as.ClientFeatures(ctx)
		how = fmt.Sprintf("reads the flags as a backend SDK does (GET /api/client/features: %d flags)", flags)
	}
	switch {
	case err == nil:
		step.Outcome = Done
		step.Message = "The new secret works: it " + how + "."
	case isNoAnswer(err):
		step.Outcome, step.Err = Unknown, err
		step.Message = fmt.Sprintf("Could not prove the new secret: %s.%s", errText(err), keptOrNot(p))
	default:
		step.Outcome, step.Err = Failed, err
		step.Message = fmt.Sprintf("The server refused the new secret: %s.%s%s", errText(err), frontendHint(n, err), keptOrNot(p))
	}
	return step
}

// isNoAnswer: the proof got no verdict on the secret (no answer, a 5xx or a
// 429), as opposed to the server refusing it.
func isNoAnswer(err error) bool {
	switch api.KindOf(err) {
	case api.KindTimeout, api.KindUnreachable, api.KindServer, api.KindRateLimited, api.KindTLS, api.KindBadResponse:
		return true
	}
	return false
}

func frontendHint(n Created, err error) string {
	if n.New.Kind == tokenref.APIToken && n.New.API.Type == api.TypeFrontend && api.KindOf(err) == api.KindNotFound {
		return " (a 404 here means the server's frontend API is turned off)"
	}
	return ""
}

func keptOrNot(p Plan) string {
	if p.OldDeleted {
		return " The old token was deleted first."
	}
	return " The old token is kept, untouched."
}
