package ui

import (
	"time"

	"github.com/charmbracelet/bubbles/spinner"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/status"
)

// Options configure the app.
type Options struct {
	Client     *api.Client
	URL        string // shown in the header
	Profile    string // shown in the header; "" when none
	Now        func() time.Time
	Thresholds status.Thresholds
	ReadOnly   bool
	Copy       Copier // nil: the system clipboard, then OSC 52
	// ClearClipboardAfter, when set, clears a copied secret from the
	// clipboard after that long (if it is still there).
	ClearClipboardAfter time.Duration
	Clear               Clearer // nil: SystemClearer
}

// Context is what every screen shares: the client, the clock, the theme,
// the keys and the spinner. Screens read it; only the root model changes it.
type Context struct {
	Client     *api.Client
	URL        string
	Profile    string
	Now        func() time.Time
	Thresholds status.Thresholds
	ReadOnly   bool
	Copy       Copier
	ClearAfter time.Duration
	Clear      Clearer
	Styles     Styles
	Keys       listKeys
	spinner    spinner.Model
	lastID     int
	noTicks    bool // tests: no spinner or clock ticks, so commands never sleep
}

// nextID numbers requests, so that an answer to an older request is dropped.
func (c *Context) nextID() int {
	c.lastID++
	return c.lastID
}

// spin is the spinner's current frame.
func (c *Context) spin() string { return c.spinner.View() }
