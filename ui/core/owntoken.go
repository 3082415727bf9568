package core

import "github.com/unleash-tokens/unleash-tokens/api"

// OwnTokenDeleted says the token the app signs in with was deleted: the
// server refuses every request from now on. What names it (`PAT "x"`).
type OwnTokenDeleted struct{ What string }

func (OwnTokenDeleted) forApp() {}

// What a deleted PAT means when it is, or may be, the app's own.
const (
	OwnPATWarning   = "This is the token this app signs in with: after it, nothing loads until you restart with another token."
	MaybeOwnWarning = "If this is the token this app signs in with, nothing loads after it until you restart with another token."
)

// OwnTokenGoneText is what the app says, once and in full, when its own
// token was deleted; switch says P offers other instances.
func OwnTokenGoneText(what string, canSwitch bool) string {
	s := "This app's token is gone: " + what + " was the token it signs in with, so the server now refuses every request (401) and nothing here can load or change. " +
		"Quit (q) and start the app again with another token"
	if canSwitch {
		s += ", or press P to open another instance"
	}
	return s + "."
}

// RefusedOwnToken is the one cause of a 401 once the app's own token was
// deleted, said in place of the error; "" for any other error or before.
func (c *Context) RefusedOwnToken(err error) string {
	if c.OwnTokenGone == "" || api.KindOf(err) != api.KindUnauthenticated {
		return ""
	}
	return "Not loaded: the token this app signs in with was deleted (see above)."
}
