package tokens

import (
	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/ui/core"
)

// Ownership is whether a PAT is the one the app signs in with.
type Ownership int

const (
	NotOwn   Ownership = iota
	MaybeOwn           // the app signs in with one of the user's PATs, and this one could be it
	Own                // it is: the app knows its PAT's id, or this is the only one it could be
)

// OwnPAT says whether p, one of the signed-in user's PATs (mine, all of
// them, nil when not at hand), is the PAT the app signs in with. A server
// never says which PAT a request used: unless the app knows its PAT's id,
// any of the user's PATs that has not expired (the server refuses those)
// and that the app did not make itself since it signed in could be it.
func OwnPAT(ctx *core.Context, p api.PAT, mine []api.PAT) Ownership {
	if ctx.SignedInPAT != 0 {
		if p.ID == ctx.SignedInPAT {
			return Own
		}
		return NotOwn
	}
	if !couldSignIn(ctx, p) {
		return NotOwn
	}
	n := 0
	for _, q := range mine {
		if couldSignIn(ctx, q) {
			n++
		}
	}
	if n == 1 {
		return Own
	}
	return MaybeOwn
}

func couldSignIn(ctx *core.Context, p api.PAT) bool {
	if ctx.Client == nil || !ctx.Client.SignsInWithPAT() || ctx.Session().AdminAPIToken || ctx.WasMadeHere(p.ID) {
		return false
	}
	return p.ExpiresAt == nil || p.ExpiresAt.After(ctx.Now())
}

// OwnWarning is what the delete question adds for p: "" when it is not the
// app's own PAT.
func OwnWarning(o Ownership) string {
	switch o {
	case Own:
		return core.OwnPATWarning
	case MaybeOwn:
		return core.MaybeOwnWarning
	}
	return ""
}
