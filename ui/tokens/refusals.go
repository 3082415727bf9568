package tokens

import (
	"github.com/unleash-tokens/unleash-tokens/ui/action"
	"github.com/unleash-tokens/unleash-tokens/ui/core"
)

// NoExpiryChange is why e changes nothing on a PAT or a service-account
// token (what: "a PAT"): Unleash has no way to change their expiry.
func NoExpiryChange(what string) string {
	return "Unleash cannot change the expiry of " + what + ": R rotates it (a new one with a new expiry), or d deletes it."
}

// NoExpiryAction is e on a list of PATs or service-account tokens: it says
// why it does nothing.
func NoExpiryAction(ctx *core.Context, what string) action.Action {
	return action.Action{Key: ctx.Keys.Edit, When: action.Never, Why: action.Say(NoExpiryChange(what))}
}
