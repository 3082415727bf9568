package core

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/unleash-tokens/unleash-tokens/audit"
)

// Flash puts a line in the footer until the next key.
type Flash struct {
	Text    string
	IsError bool
}

// Ask opens a yes/no question whose answer defaults to no.
type Ask struct {
	Lines []string // the first is the question
	Hint  string   // what y and n do, e.g. "y deletes · n, esc or enter keeps it"
	Yes   tea.Cmd  // run on yes; its message goes where the asker's messages go
}

// Kind of secret the secret screen shows: whether the server shows it again.
type SecretKind int

const (
	SecretShownOnce   SecretKind = iota // a PAT or v2 token: the server keeps only a hash
	SecretListedAgain                   // a v1 API token: the server's list shows it again
)

// ShowSecret opens the screen that shows a new token's secret.
type ShowSecret struct {
	Title  string // "Personal access token created"
	About  string // what the token is: description, expiry
	Usage  string // what it is for
	Kind   SecretKind
	Secret []byte // the credential; the screen wipes it when it closes
	// Create is the form whose create this answers: the create counts as
	// on its way (Context.CreatesInFlight) until its secret is on screen.
	Create int
}

// SignInWith asks the app to go on with a new token of the same user (the
// PAT it signed in with was rotated and deleted). The app wipes the bytes.
type SignInWith struct {
	Secret []byte
	PATID  int // the new PAT's id
}

// Reveal asks the app to show a token the audit found in its home tab.
type Reveal struct{ Token audit.Token }

// TokensChanged says a write happened: the audit counts must be read again.
type TokensChanged struct{}

func (Flash) forApp()         {}
func (Ask) forApp()           {}
func (ShowSecret) forApp()    {}
func (Reveal) forApp()        {}
func (SignInWith) forApp()    {}
func (TokensChanged) forApp() {}

// Say is a command that flashes text.
func Say(text string) tea.Cmd { return func() tea.Msg { return Flash{Text: text} } }

// SayError is a command that flashes an error.
func SayError(text string) tea.Cmd { return func() tea.Msg { return Flash{Text: text, IsError: true} } }

// Send is a command that delivers msg.
func Send(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }
