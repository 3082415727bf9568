// Package core is what every screen of the terminal UI shares: the
// Context (client, clock, thresholds, styles, keys), the Screen interface,
// the tab ids and order, and the messages screens send to the app.
package core

import (
	"slices"
	"time"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/status"
	"github.com/unleash-tokens/unleash-tokens/ui/clipboard"
	"github.com/unleash-tokens/unleash-tokens/ui/keys"
)

// Context is what every screen reads. Only the app changes it.
type Context struct {
	Client     *api.Client
	URL        string
	Profile    string
	Now        func() time.Time
	Thresholds status.Thresholds
	Checks     audit.Checks // the risks the audit looks for besides the time categories
	ReadOnly   bool
	Copy       clipboard.Copier
	Clear      clipboard.Clearer
	ClearAfter time.Duration // a copied secret leaves the clipboard after this; 0: never
	Styles     *Styles
	Keys       *keys.Map
	NoTicks    bool // tests: no spinner or clock ticks, so commands never sleep

	// SignedInPAT is the id of the PAT the client signs in with, when the
	// app knows it (the demo does; so does the app once it rotated its own
	// PAT); 0: not known, as a server never says which PAT a request used.
	SignedInPAT int
	// OwnTokenGone names the token the app signs in with once it was
	// deleted (`PAT "x"`); "" until then.
	OwnTokenGone string

	risks    map[string][]audit.RiskFinding // the last audit's, by RiskKey
	risksGen int                            // bumped by SetRisks
	session  Session
	lastID   int
	madeHere map[int]bool   // ids of the PATs this app made since it signed in
	creating map[int]string // creates on their way, by form id: what each makes
	spinner  spinner.Model
}

// Session is who the app is signed in as, once the server said.
type Session struct {
	Known         bool
	User          string // "Ada Admin (admin)" or "admin API token"
	AdminAPIToken bool   // not a user: it has no PATs
	Edition       string // "open source 8.2.0"
	Unsupported   string // what works on a server this app does not support; "" when supported
	Err           error  // why who-am-I failed
	SigningIn     bool
}

// NewContext makes a context with its spinner.
func NewContext() *Context {
	return &Context{spinner: spinner.New(spinner.WithSpinner(spinner.MiniDot))}
}

// Fresh is a context with this one's settings (clock, styles, keys,
// clipboard, read-only) and nothing of its instance, numbering on from where
// this one stopped.
func (c *Context) Fresh() *Context {
	return &Context{Now: c.Now, ReadOnly: c.ReadOnly, Copy: c.Copy, Clear: c.Clear, ClearAfter: c.ClearAfter,
		Styles: c.Styles, Keys: c.Keys, NoTicks: c.NoTicks, lastID: c.lastID, spinner: c.spinner}
}

// MadeHere records a PAT this app made since it signed in: it cannot be
// the one the app signs in with.
func (c *Context) MadeHere(patID int) {
	if c.madeHere == nil {
		c.madeHere = map[int]bool{}
	}
	c.madeHere[patID] = true
}

// CreateStarted notes a create on its way under a form's id: what it makes,
// in words (`PAT "ci deploy"`). A create cannot be called back, so quitting
// meanwhile asks first, and says afterwards what may now exist.
func (c *Context) CreateStarted(id int, what string) {
	if c.creating == nil {
		c.creating = map[int]string{}
	}
	c.creating[id] = what
}

// CreateEnded notes that a create's answer came.
func (c *Context) CreateEnded(id int) { delete(c.creating, id) }

// CreatesInFlight are the creates on their way, in words, in the order
// they were sent.
func (c *Context) CreatesInFlight() []string {
	if len(c.creating) == 0 {
		return nil
	}
	ids := make([]int, 0, len(c.creating))
	for id := range c.creating {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = c.creating[id]
	}
	return out
}

// WasMadeHere reports whether this app made the PAT since it signed in.
func (c *Context) WasMadeHere(patID int) bool { return c.madeHere[patID] }

// NextID numbers requests and forms, so an answer to an older request can
// be told from the current one and dropped.
func (c *Context) NextID() int {
	c.lastID++
	return c.lastID
}

// Spin is the spinner's current frame.
func (c *Context) Spin() string { return c.spinner.View() }

// Session is who the app is signed in as.
func (c *Context) Session() Session { return c.session }

// SetSession records who-am-I's answer; only the app calls it.
func (c *Context) SetSession(s Session) { c.session = s }

// StepSpinner advances the spinner; only the app calls it.
func (c *Context) StepSpinner(msg spinner.TickMsg) tea.Cmd {
	var cmd tea.Cmd
	c.spinner, cmd = c.spinner.Update(msg)
	return cmd
}

// SpinnerTick starts the spinner.
func (c *Context) SpinnerTick() tea.Cmd { return c.spinner.Tick }
