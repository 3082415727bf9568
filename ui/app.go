// Package ui is the Bubble Tea program: a root model that owns five tabs
// (My PATs, Service accounts, Project tokens, Search, Audit) and routes
// messages to them. Every request runs in a tea.Cmd; Update and View do no I/O.
package ui

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/status"
)

// Smallest terminal the app draws in; below it, a note says so.
const (
	MinWidth  = 40
	MinHeight = 10
)

// Model is the root model.
type Model struct {
	ctx      *Context
	tabs     []tab
	audit    *auditTab // also in tabs; its counts are the summary line
	active   int
	width    int
	height   int
	keys     globalKeys
	help     help.Model
	showHelp bool
	spinning bool

	user      string // who the token belongs to, once known
	edition   string
	session   error // why who-am-I failed, if it did
	signingIn bool  // who-am-I asked, no answer yet

	overlay  overlay   // a question or a new secret; takes every key
	queued   []overlay // secrets that arrived while another overlay was open
	flash    string    // a line for the footer, until the next key
	flashErr bool
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
		opts.Copy = SystemCopier()
	}
	if opts.Clear == nil {
		opts.Clear = SystemClearer()
	}
	ctx := &Context{
		Client: opts.Client, URL: opts.URL, Profile: opts.Profile, Now: opts.Now,
		Thresholds: opts.Thresholds, ReadOnly: opts.ReadOnly, Copy: opts.Copy,
		ClearAfter: opts.ClearClipboardAfter, Clear: opts.Clear, Styles: DefaultStyles(), Keys: newListKeys(),
		spinner: spinner.New(spinner.WithSpinner(spinner.MiniDot)),
	}
	m := &Model{ctx: ctx, keys: newGlobalKeys(), help: help.New(), width: 80, height: 24}
	m.audit = newAuditTab(ctx)
	m.tabs = []tab{newPATsTab(ctx), newServiceAccountsTab(ctx), newProjectsTab(ctx), newSearchTab(ctx), m.audit}
	m.layout()
	return m
}

// sessionMsg says who the token belongs to and which Unleash this is.
type sessionMsg struct {
	user    api.User
	edition api.Edition
	err     error
}

func (m *Model) loadSession() tea.Cmd {
	m.signingIn = true
	client := m.ctx.Client
	return func() tea.Msg {
		ctx := context.Background()
		u, err := client.Me(ctx)
		if err != nil {
			return sessionMsg{err: err}
		}
		ed, _ := client.Edition(ctx) // the header does without it
		return sessionMsg{user: u, edition: ed}
	}
}

// Init loads who-am-I and the first tab, and starts the audit behind them.
func (m *Model) Init() tea.Cmd {
	return tea.Batch(m.loadSession(), m.tabs[m.active].activate(), m.audit.start(), m.everyMinute(), m.startSpinner())
}

func (m *Model) startSpinner() tea.Cmd {
	if m.spinning || m.ctx.noTicks || !m.busy() {
		return nil
	}
	m.spinning = true
	return m.ctx.spinner.Tick
}

func (m *Model) busy() bool {
	if m.signingIn {
		return true
	}
	for _, t := range m.tabs {
		if t.busy() {
			return true
		}
	}
	return false
}

// Update routes a message: keys to the active tab (after the global keys),
// everything else to every tab, which drop what is not theirs.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmds []tea.Cmd
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.layout()
		return m, nil
	case sessionMsg:
		m.signingIn = false
		m.session = msg.err
		if msg.err == nil {
			m.user = describeUser(msg.user)
			m.edition = describeEdition(msg.edition)
		}
		return m, nil
	case spinner.TickMsg:
		if !m.busy() {
			m.spinning = false
			return m, nil
		}
		var cmd tea.Cmd
		m.ctx.spinner, cmd = m.ctx.spinner.Update(msg)
		return m, cmd
	case flashMsg:
		m.flash, m.flashErr = msg.text, msg.isError
		return m, nil
	case askMsg:
		m.open(&confirmOverlay{ctx: m.ctx, lines: msg.lines, hint: msg.hint, yes: msg.yes})
		return m, nil
	case showSecretMsg:
		m.open(newSecretOverlay(m.ctx, msg))
		return m, m.audit.start() // a token was made: the counts change
	case copyDoneMsg:
		var cmds []tea.Cmd
		if m.overlay != nil {
			cmd, closed := m.overlay.update(msg)
			m.closeIf(closed)
			cmds = append(cmds, cmd)
		}
		return m, tea.Batch(append(cmds, m.scheduleClear(msg))...)
	case revealMsg:
		return m, m.reveal(msg.token)
	case clearClipboardMsg:
		clear := m.ctx.Clear
		return m, func() tea.Msg { return flashMsg{text: clear(msg.sum, msg.via)} }
	case removedMsg, expiryUpdatedMsg:
		cmds = append(cmds, m.audit.start())
		for _, t := range m.tabs {
			cmds = append(cmds, t.update(msg))
		}
	case minuteTick:
		cmds = append(cmds, m.everyMinute())
		for _, t := range m.tabs {
			cmds = append(cmds, t.update(msg))
		}
	case tea.KeyMsg:
		cmds = append(cmds, m.handleKey(msg))
	default:
		for _, t := range m.tabs {
			cmds = append(cmds, t.update(msg))
		}
	}
	cmds = append(cmds, m.startSpinner())
	return m, tea.Batch(cmds...)
}

func (m *Model) handleKey(msg tea.KeyMsg) tea.Cmd {
	k := m.keys
	m.flash = ""
	if m.overlay != nil {
		cmd, closed := m.overlay.update(msg)
		m.closeIf(closed)
		return cmd
	}
	if key.Matches(msg, k.ForceQuit) {
		return tea.Quit
	}
	cur := m.tabs[m.active]
	if m.tooSmallNow() && key.Matches(msg, k.Quit) {
		return tea.Quit
	}
	if cur.capturing() {
		return cur.update(msg)
	}
	if m.showHelp {
		if key.Matches(msg, k.Help) || msg.String() == "esc" || key.Matches(msg, k.Quit) {
			m.showHelp = false
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Quit):
		return tea.Quit
	case key.Matches(msg, k.Help):
		m.showHelp = true
	case key.Matches(msg, k.NextTab):
		return m.switchTo((m.active + 1) % len(m.tabs))
	case key.Matches(msg, k.PrevTab):
		return m.switchTo((m.active + len(m.tabs) - 1) % len(m.tabs))
	case key.Matches(msg, k.Tab1):
		return m.switchTo(0)
	case key.Matches(msg, k.Tab2):
		return m.switchTo(1)
	case key.Matches(msg, k.Tab3):
		return m.switchTo(2)
	case key.Matches(msg, k.Tab4):
		return m.switchTo(3)
	case key.Matches(msg, k.Tab5):
		return m.switchTo(4)
	case key.Matches(msg, k.Reload):
		cmds := []tea.Cmd{cur.reload()}
		if m.session != nil {
			cmds = append(cmds, m.loadSession())
		}
		return tea.Batch(cmds...)
	case msg.String() == "esc":
		cur.back()
	default:
		return cur.update(msg)
	}
	return nil
}

// reveal shows a token from the audit in its home tab: a PAT in My PATs, a
// service account's token inside its account, a one-project token inside
// its project, any other API token in Search by its exact name.
func (m *Model) reveal(tok audit.Token) tea.Cmd {
	switch {
	case tok.Kind == audit.KindPAT:
		m.active = 0
		return m.tabs[0].(*patsTab).reveal(strconv.Itoa(tok.ID))
	case tok.Kind == audit.KindServiceAccountToken:
		m.active = 1
		return m.tabs[1].(*serviceAccountsTab).reveal(strconv.Itoa(tok.AccountID()), strconv.Itoa(tok.ID))
	}
	key := apiTokenKey(api.APIToken{Name: tok.RawName(), Environment: tok.RawEnvironment(), Projects: tok.Projects, CreatedAt: tok.CreatedAt})
	if len(tok.Projects) == 1 && tok.Projects[0] != "*" {
		m.active = 2
		return m.tabs[2].(*projectsTab).reveal(tok.Projects[0], key)
	}
	m.active = 3
	return m.tabs[3].(*searchTab).reveal(tok.RawName(), key)
}

// clearClipboardMsg comes when a copied secret's time on the clipboard is up.
type clearClipboardMsg struct {
	sum [32]byte
	via string
}

// scheduleClear arranges for a copied secret to leave the clipboard, when
// the person asked for that. Only a hash of the secret waits.
func (m *Model) scheduleClear(msg copyDoneMsg) tea.Cmd {
	if m.ctx.ClearAfter <= 0 || msg.result.Via == "" {
		return nil
	}
	sum, via := msg.sum, msg.result.Via
	return tea.Tick(m.ctx.ClearAfter, func(time.Time) tea.Msg { return clearClipboardMsg{sum: sum, via: via} })
}

// open shows an overlay; a secret never replaces another open overlay, it waits.
func (m *Model) open(o overlay) {
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

// everyMinute makes relative times ("2m ago") move on.
func (m *Model) everyMinute() tea.Cmd {
	if m.ctx.noTicks {
		return nil
	}
	return tea.Tick(time.Minute, func(t time.Time) tea.Msg { return minuteTick(t) })
}

func (m *Model) switchTo(i int) tea.Cmd {
	m.active = i
	return m.tabs[i].activate()
}

// Chrome: header, tab bar and audit summary above the tab, help line below.
const chromeLines = 4

func (m *Model) layout() {
	w, h := m.width, max(m.height-chromeLines, 1)
	for _, t := range m.tabs {
		t.setSize(w, h)
	}
	m.help.Width = w
}

// View draws the whole screen, never taller or wider than the terminal.
func (m *Model) View() string {
	if m.tooSmallNow() {
		return fitScreen(m.tooSmall(), m.width, m.height)
	}
	body := m.tabs[m.active].view()
	switch {
	case m.overlay != nil:
		body = m.overlay.view(m.width, m.height-chromeLines)
	case m.showHelp:
		body = m.fullHelp(m.height - chromeLines)
	}
	screen := strings.Join([]string{m.header(), m.tabBar(), m.audit.summary(m.width), body, m.footer()}, "\n")
	return fitScreen(screen, m.width, m.height)
}

func (m *Model) tooSmallNow() bool { return m.width < MinWidth || m.height < MinHeight }

func (m *Model) tooSmall() string {
	return fmt.Sprintf("Terminal too small:\n%d×%d, needs %d×%d.\nEnlarge it, or q to quit.", m.width, m.height, MinWidth, MinHeight)
}

func (m *Model) header() string {
	st := &m.ctx.Styles
	parts := []string{st.Title.Render("unleash-tokens"), api.Clean(m.ctx.URL)}
	switch {
	case m.session != nil:
		parts = append(parts, st.Error.Render("not signed in: "+sessionProblem(m.session)))
	case m.user != "":
		parts = append(parts, m.user)
	default:
		parts = append(parts, st.Dim.Render("signing in…"))
	}
	if m.ctx.Profile != "" {
		parts = append(parts, "profile "+api.Clean(m.ctx.Profile))
	}
	if m.edition != "" {
		parts = append(parts, st.Dim.Render(m.edition))
	}
	return strings.Join(parts, st.Dim.Render(" · "))
}

func sessionProblem(err error) string {
	if e, ok := api.AsError(err); ok {
		return e.Kind.String()
	}
	return "error"
}

func describeUser(u api.User) string {
	if u.ID == 0 && u.Username == "admin" && len(u.Permissions) > 0 && u.Permissions[0] == "ADMIN" {
		return "admin API token"
	}
	name := api.Clean(u.DisplayName())
	if u.Username != "" && u.Username != u.DisplayName() {
		name += " (" + api.Clean(u.Username) + ")"
	}
	return name
}

func describeEdition(e api.Edition) string {
	switch {
	case e.Version == "":
		return ""
	case e.Enterprise:
		return "Enterprise " + api.Clean(e.Version)
	}
	return "open source " + api.Clean(e.Version)
}

func (m *Model) tabBar() string {
	st := &m.ctx.Styles
	render := func(short bool) string {
		var parts []string
		for i, t := range m.tabs {
			label := fmt.Sprintf("%d %s", i+1, t.title(short))
			if i == m.active {
				parts = append(parts, st.ActiveTab.Render(label))
			} else {
				parts = append(parts, st.Tab.Render(label))
			}
		}
		return strings.Join(parts, "   ")
	}
	bar := render(false)
	if ansi.StringWidth(bar) > m.width {
		bar = render(true)
	}
	return bar
}

// helpKeys is the key map help.Model draws.
type helpKeys struct {
	tab    []key.Binding
	global []key.Binding
}

func (h helpKeys) ShortHelp() []key.Binding {
	return append(append([]key.Binding{}, h.tab...), h.global...)
}
func (h helpKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{h.tab, h.global}
}

func (m *Model) helpKeys() helpKeys {
	k := m.keys
	return helpKeys{tab: m.tabs[m.active].keys(), global: []key.Binding{k.NextTab, k.PrevTab, k.Tab1, k.Reload, k.Help, k.Quit}}
}

func (m *Model) footer() string {
	st := &m.ctx.Styles
	switch {
	case m.flash != "" && m.flashErr:
		return st.Error.Render(api.Clean(m.flash))
	case m.flash != "":
		return st.Info.Render(api.Clean(m.flash))
	case m.overlay != nil:
		return m.help.ShortHelpView(m.overlay.keys())
	}
	if m.tabs[m.active].capturing() {
		return m.help.ShortHelpView(append(m.tabs[m.active].keys(), m.keys.ForceQuit))
	}
	k, lk := m.keys, m.ctx.Keys
	var short []key.Binding
	for _, b := range m.tabs[m.active].keys() {
		switch b.Help().Key {
		case lk.Up.Help().Key, lk.Down.Help().Key, lk.PageUp.Help().Key, lk.PageDown.Help().Key, lk.Top.Help().Key, lk.Bottom.Help().Key:
			continue // the arrows need no telling; ? lists them
		}
		short = append(short, b)
	}
	if len(short) > 5 {
		short = short[:5]
	}
	short = append(short, k.NextTab, k.Reload, k.Help, k.Quit)
	return m.help.ShortHelpView(short)
}

func (m *Model) fullHelp(h int) string {
	st := &m.ctx.Styles
	lines := []string{st.Title.Render("Keys"), ""}
	lines = append(lines, strings.Split(m.help.FullHelpView(m.helpKeys().FullHelp()), "\n")...)
	lines = append(lines, "", st.Title.Render("Status"))
	th := m.ctx.Thresholds
	for _, c := range status.Categories {
		lines = append(lines, "  "+st.Category.Of(c).Render(fmt.Sprintf("%-14s", c.Label(th)))+" "+c.Meaning(th))
	}
	lines = append(lines, "", "The selected row's exact UTC times are under the table.",
		"", st.Dim.Render("? or esc closes this help."))
	return block(lines, h)
}

// fitScreen cuts every line to the width and the whole to the height, so
// the renderer never scrolls the top of the view away.
func fitScreen(s string, w, h int) string {
	if w <= 0 || h <= 0 {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			lines[i] = ansi.Truncate(l, w, "…")
		}
	}
	return strings.Join(lines, "\n")
}
