// Package ui is the Bubble Tea program: a root model that owns the tabs
// (each in its own package: patstab, accountstab, projectstab, searchtab,
// audittab), routes every message back to the tab that asked for it, and
// draws the header, the tab bar, the audit summary and the footer around
// the active tab. Every request runs in a tea.Cmd; Update and View do no I/O.
package ui

import (
	"context"
	"os"
	"slices"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/config"
	"github.com/unleash-tokens/unleash-tokens/status"
	"github.com/unleash-tokens/unleash-tokens/theme"
	"github.com/unleash-tokens/unleash-tokens/ui/accountstab"
	"github.com/unleash-tokens/unleash-tokens/ui/audittab"
	"github.com/unleash-tokens/unleash-tokens/ui/clipboard"
	"github.com/unleash-tokens/unleash-tokens/ui/core"
	"github.com/unleash-tokens/unleash-tokens/ui/keys"
	"github.com/unleash-tokens/unleash-tokens/ui/list"
	"github.com/unleash-tokens/unleash-tokens/ui/overlay"
	"github.com/unleash-tokens/unleash-tokens/ui/patstab"
	"github.com/unleash-tokens/unleash-tokens/ui/projectstab"
	"github.com/unleash-tokens/unleash-tokens/ui/searchtab"
)

// Options configure the app.
type Options struct {
	Client  *api.Client
	URL     string // shown in the header
	Profile string // shown in the header; "" when none
	// SignedInPAT is the id of the PAT Client signs in with, when known (the
	// demo knows it; a server never says); 0: not known.
	SignedInPAT int
	Now         func() time.Time
	Thresholds  status.Thresholds
	Checks      audit.Checks // the risks the audit looks for besides the time categories
	ReadOnly    bool
	Copy        clipboard.Copier // nil: the system clipboard, then OSC 52
	// ClearClipboardAfter, when set, clears a copied secret from the
	// clipboard after that long (if it is still there).
	ClearClipboardAfter time.Duration
	Clear               clipboard.Clearer // nil: clipboard.SystemClearer

	// Profiles are the config file's profiles, which P offers; Open makes
	// one the app's instance. Open is I/O (it may run a token_command): the
	// app calls it in a tea.Cmd. Without Open, P is not offered.
	Profiles []config.ProfileInfo
	Open     func(ctx context.Context, profile string) (Instance, error)
	// ProfilesFrom says where Profiles come from, under the picker's title;
	// "" is the config file.
	ProfilesFrom string
}

// Instance is an Unleash the app works on: its client and its settings.
type Instance struct {
	Client      *api.Client
	URL         string
	Profile     string
	SignedInPAT int // see Options
	Thresholds  status.Thresholds
	Checks      audit.Checks
}

// Smallest terminal the app draws in; below it, a note says so.
const (
	MinWidth  = 40
	MinHeight = 10
)

// Model is the root model.
type Model struct {
	ctx    *core.Context
	tabs   map[core.TabID]core.Screen
	audit  *audittab.Tab // also in tabs: its counts are the summary line
	active core.TabID
	width  int
	height int

	stillSummary stillSummary // the summary while a secret is shown (summary)
	help         help.Model
	showHelp     bool
	helpTop      int // the help's first line shown under its title, when it scrolls
	spinning     bool

	overlay overlay.Overlay   // a question or a new secret; takes every key
	queued  []overlay.Overlay // secrets that arrived while another overlay was open
	flash   string            // a line for the footer, until the next key
	// quitAsked: ctrl+c came while a create was on its way; the next key
	// answers (y or ctrl+c quits).
	quitAsked   bool
	isError     bool
	keyLine     drawnKeys   // the footer's keys, drawn once
	drawnTabs   drawnTabs   // the tab bar, drawn once per active tab
	drawnHeader drawnHeader // the header's parts, drawn once for what they say

	profiles     []config.ProfileInfo
	profilesFrom string
	opener       func(ctx context.Context, profile string) (Instance, error)
	gen          int    // bumped by each switch of instance: older answers are dropped
	switching    string // the profile being opened, while it is

	toClear []clearClipboard // copies whose --clear-clipboard time has not come yet

	deletedTokens map[string]string // profiles whose token this app deleted: what it was

	risksSeen int // the context's RisksGen the tabs were last told of

	laidOut  int         // the body height the tabs were last given
	cameFrom *core.TabID // the tab the Audit tab jumped to (enter): esc there comes back
}

// drawnKeys is what the footer's key lines are made of, each drawn once:
// the keys' items, the separator and the ellipsis (keyLineOf).
type drawnKeys struct {
	items           map[itemID]keyItem
	sep, tail       string
	sepWidth, tailW int
}

// New builds the app.
func New(opts Options) *Model {
	if opts.Now == nil {
		panic("ui.New: Options.Now is required")
	}
	if opts.Thresholds == (status.Thresholds{}) {
		opts.Thresholds = status.Default
	}
	if opts.Copy == nil {
		opts.Copy = clipboard.System()
	}
	if opts.Clear == nil {
		opts.Clear = clipboard.SystemClearer()
	}
	if os.Getenv("NO_COLOR") != "" && lipgloss.ColorProfile() == termenv.Ascii {
		// NO_COLOR asks for no colour, not for no bold: termenv's Ascii
		// profile drops both, so draw in ANSI with an empty palette.
		lipgloss.SetColorProfile(termenv.ANSI)
		theme.WithoutColour()
	}
	ctx := core.NewContext()
	ctx.Now, ctx.ReadOnly = opts.Now, opts.ReadOnly
	ctx.Copy, ctx.Clear, ctx.ClearAfter = opts.Copy, opts.Clear, opts.ClearClipboardAfter
	ctx.Styles, ctx.Keys = core.NewStyles(), keys.New(len(core.TabOrder))
	m := &Model{ctx: ctx, help: newHelp(ctx.Styles), width: 80, height: 24, active: core.TabOrder[0], profiles: opts.Profiles, profilesFrom: opts.ProfilesFrom, opener: opts.Open}
	m.build(Instance{Client: opts.Client, URL: opts.URL, Profile: opts.Profile, SignedInPAT: opts.SignedInPAT, Thresholds: opts.Thresholds, Checks: opts.Checks})
	return m
}

// build makes the tabs for an instance, on a fresh context that keeps the
// app's settings and goes on numbering requests where the last one
// stopped: an answer still coming for the last instance matches no request
// of this one and is dropped.
func (m *Model) build(in Instance) {
	if in.Thresholds == (status.Thresholds{}) {
		in.Thresholds = status.Default
	}
	ctx := m.ctx.Fresh()
	ctx.Client, ctx.URL, ctx.Profile, ctx.Thresholds, ctx.Checks = in.Client, in.URL, in.Profile, in.Thresholds, in.Checks
	ctx.SignedInPAT = in.SignedInPAT
	m.ctx = ctx
	m.audit = audittab.New(ctx)
	m.tabs = map[core.TabID]core.Screen{}
	for _, s := range []core.Screen{patstab.New(ctx), accountstab.New(ctx), projectstab.New(ctx), searchtab.New(ctx), m.audit} {
		m.tabs[s.ID()] = s
	}
	m.keyLine, m.drawnTabs, m.drawnHeader = drawnKeys{}, drawnTabs{}, drawnHeader{}
	m.layout()
}

// sessionMsg says who the token belongs to and which Unleash this is.
type sessionMsg struct {
	gen     int // the instance it is about
	user    api.User
	edition api.Edition
	err     error
}

func (m *Model) loadSession() tea.Cmd {
	s := m.ctx.Session()
	s.SigningIn = true
	m.ctx.SetSession(s)
	client, gen := m.ctx.Client, m.gen
	return func() tea.Msg {
		ctx := context.Background()
		u, err := client.Me(ctx)
		if err != nil {
			return sessionMsg{gen: gen, err: err}
		}
		ed, _ := client.Edition(ctx) // the header does without it
		return sessionMsg{gen: gen, user: u, edition: ed}
	}
}

// Init signs in, loads the first tab, and starts the audit behind them.
func (m *Model) Init() tea.Cmd {
	return tea.Batch(m.loadSession(), m.activate(m.active), m.route(core.TabAudit, m.audit.Start()),
		m.everyMinute(), m.startSpinner())
}

// route makes a tab's command's answer come back to that tab.
func (m *Model) route(id core.TabID, cmd tea.Cmd) tea.Cmd { return core.Route(id, cmd) }

func (m *Model) activate(id core.TabID) tea.Cmd { return m.route(id, m.tabs[id].Activate()) }

func (m *Model) startSpinner() tea.Cmd {
	if m.spinning || m.ctx.NoTicks || !m.busy() {
		return nil
	}
	m.spinning = true
	return m.ctx.SpinnerTick()
}

func (m *Model) busy() bool {
	if m.ctx.Session().SigningIn || m.switching != "" {
		return true
	}
	if b, ok := m.overlay.(interface{ Busy() bool }); ok && b.Busy() {
		return true
	}
	for _, t := range m.tabs {
		if t.Busy() {
			return true
		}
	}
	return false
}

// minuteTick makes relative times ("2m ago") move on.
type minuteTick time.Time

func (m *Model) everyMinute() tea.Cmd {
	if m.ctx.NoTicks {
		return nil
	}
	return tea.Tick(time.Minute, func(t time.Time) tea.Msg { return minuteTick(t) })
}

// clearClipboard comes when a copied secret's time on the clipboard is up.
type clearClipboard struct {
	sum [32]byte
	via string
}

// Update routes a message: a tab's answers to that tab, keys to the overlay
// or the active tab (after the app's own keys), and the app's own messages
// to the app.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := m.update(msg)
	if g := m.ctx.RisksGen(); g != m.risksSeen {
		m.risksSeen = g
		cmd = tea.Batch(cmd, m.risksChanged())
	}
	if h := m.bodyHeight(); h != m.laidOut {
		m.layout() // a wrapped flash or summary took or gave back lines
	}
	return m, tea.Batch(cmd, m.startSpinner())
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.layout()
	case tea.KeyMsg:
		return m.handleKey(msg)
	case core.ToTab:
		return m.route(msg.Tab, m.tabs[msg.Tab].Update(msg.Msg))
	case sessionMsg:
		return m.signedIn(msg)
	case spinner.TickMsg:
		if !m.busy() {
			m.spinning = false
			return nil
		}
		return m.ctx.StepSpinner(msg)
	case core.Flash:
		m.flash, m.isError = msg.Text, msg.IsError
	case core.Ask:
		m.open(overlay.NewConfirm(m.ctx, msg))
	case core.ShowSecret:
		m.open(overlay.NewSecret(m.ctx, msg))
		m.ctx.CreateEnded(msg.Create)
	case overlay.Msg: // a copy done, a profile checked: for the overlay that asked
		return m.toOverlay(msg)
	case clearClipboard:
		m.toClear = slices.DeleteFunc(m.toClear, func(c clearClipboard) bool { return c == msg })
		clear := m.ctx.Clear
		return func() tea.Msg { return core.Flash{Text: clear(msg.sum, msg.via)} }
	case core.Reveal:
		return m.reveal(msg)
	case core.SignInWith:
		return m.signInWith(msg)
	case overlay.SwitchTo:
		return m.switchTo(msg.Profile)
	case opened:
		return m.opened(msg)
	case core.OwnTokenDeleted:
		return m.ownTokenDeleted(msg)
	case core.TokensChanged:
		if m.ctx.OwnTokenGone != "" {
			return nil // the server refuses every read now
		}
		return m.route(core.TabAudit, m.audit.Start())
	case minuteTick:
		cmds := []tea.Cmd{m.everyMinute()}
		for _, id := range core.TabOrder {
			cmds = append(cmds, m.route(id, m.tabs[id].Update(list.Tick{})))
		}
		return tea.Batch(cmds...)
	}
	return nil
}

// risksChanged tells the tabs that list tokens of an audit's new risks:
// their Status cells and details name them (the Audit tab reads them
// again itself).
func (m *Model) risksChanged() tea.Cmd {
	var cmds []tea.Cmd
	for _, id := range core.TabOrder {
		if id != core.TabAudit {
			cmds = append(cmds, m.route(id, m.tabs[id].Update(list.RisksChanged{})))
		}
	}
	return tea.Batch(cmds...)
}

// signedIn takes who the token belongs to and which Unleash this is.
func (m *Model) signedIn(msg sessionMsg) tea.Cmd {
	if msg.gen != m.gen {
		return nil // about an instance the app has left
	}
	s := core.Session{Known: msg.err == nil, Err: msg.err}
	if msg.err == nil {
		s.User, s.AdminAPIToken = describeUser(msg.user)
		s.Edition = describeEdition(msg.edition)
		s.Unsupported = msg.edition.Unsupported()
	}
	m.ctx.SetSession(s)
	if s.Known {
		delete(m.deletedTokens, m.ctx.Profile) // its token works again (a token command gave a new one)
	}
	if s.Unsupported != "" {
		return core.SayError(s.Unsupported + ".")
	}
	return nil
}

// toOverlay gives the open overlay a message for it (a copy done, a
// profile checked); a copy done schedules its clipboard clearing.
func (m *Model) toOverlay(msg overlay.Msg) tea.Cmd {
	var cmd tea.Cmd
	if m.overlay != nil {
		var closed bool
		cmd, closed = m.overlay.Update(msg)
		m.closeIf(closed)
	}
	if done, ok := msg.(overlay.CopyDone); ok {
		cmd = tea.Batch(cmd, m.scheduleClear(done))
	}
	return cmd
}

// reveal shows a token from the audit in the tab where it lives: the one
// whose Reveal takes it.
func (m *Model) reveal(msg core.Reveal) tea.Cmd {
	for _, id := range core.TabOrder {
		if cmd := m.tabs[id].Reveal(msg.Token); cmd != nil {
			if m.active == core.TabAudit {
				m.cameFrom = &id
			}
			m.active = id
			return m.route(id, cmd)
		}
	}
	return core.SayError("There is no tab that shows this token.")
}

// scheduleClear arranges for a copied secret to leave the clipboard, when
// the person asked for that. Only a hash of the secret waits.
func (m *Model) scheduleClear(msg overlay.CopyDone) tea.Cmd {
	if m.ctx.ClearAfter <= 0 || msg.Result.Via == "" {
		return nil
	}
	c := clearClipboard{sum: msg.Sum, via: msg.Result.Via}
	if !slices.Contains(m.toClear, c) {
		m.toClear = append(m.toClear, c)
	}
	return tea.Tick(m.ctx.ClearAfter, func(time.Time) tea.Msg { return c })
}

// ClearClipboardNow clears, at once, the copies whose --clear-clipboard time
// has not come: call it when the program has ended (quit, or a signal), so
// that quitting early leaves no secret behind. It says what it did, a line
// per copy.
func (m *Model) ClearClipboardNow() []string {
	var said []string
	for _, c := range m.toClear {
		said = append(said, m.ctx.Clear(c.sum, c.via))
	}
	m.toClear = nil
	return said
}

// open shows an overlay; a secret never replaces another open overlay, it waits.
func (m *Model) open(o overlay.Overlay) {
	if m.overlay != nil {
		m.queued = append(m.queued, o)
		return
	}
	m.overlay = o
}

func (m *Model) closeIf(closed bool) {
	if !closed {
		return
	}
	m.overlay = nil
	if len(m.queued) > 0 {
		m.overlay, m.queued = m.queued[0], m.queued[1:]
	}
}

// Chrome: header, tab bar and audit summary above the tab, footer below.
const chromeLines = 4

func (m *Model) layout() {
	w, h := m.width, m.bodyHeight()
	m.laidOut = h
	for _, t := range m.tabs {
		t.SetSize(w, h)
	}
	m.help.Width = w
}

func (m *Model) showTab(id core.TabID) tea.Cmd {
	m.active = id
	m.cameFrom = nil
	return m.activate(id)
}
