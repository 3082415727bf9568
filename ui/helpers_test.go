package ui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/inmem"
	"github.com/unleash-tokens/unleash-tokens/ui/clipboard"
)

func init() {
	lipgloss.SetColorProfile(termenv.Ascii)
	lipgloss.SetHasDarkBackground(true)
}

var testNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

func testClock() time.Time { return testNow }

// harness is the app on an in-memory Unleash, answered in-process.
type harness struct {
	t         *testing.T
	m         *Model
	srv       *inmem.Server
	client    *api.Client
	copier    *fakeCopier
	quit      bool
	suspended bool
	views     []string // every view drawn, for leak checks
}

// fakeCopier records what it was asked to copy.
type fakeCopier struct {
	copied []string
	result clipboard.CopyResult
}

func (f *fakeCopier) copy(text string) clipboard.CopyResult {
	text = strings.Clone(text) // the secret screen lends its own bytes, wiped on close
	if isCredential(text) {
		recordSecret(text)
	}
	f.copied = append(f.copied, text)
	return f.result
}

// isCredential: every Unleash secret has a ':' ("user:…", "project:env.…",
// "*:*.…"); what y copies is an id (a PAT's number, a v2 selector, or
// "sha256:" and a v1 fingerprint), never one.
func isCredential(text string) bool {
	return strings.Contains(text, ":") && !strings.HasPrefix(text, "sha256:")
}

func newHarness(t *testing.T, token string, opts ...inmem.Option) *harness {
	t.Helper()
	srv := inmem.New(append([]inmem.Option{inmem.WithClock(testClock)}, opts...)...)
	client, err := api.New("https://unleash.example.com", api.Secret(token), api.WithHTTPClient(srv.HTTPClient()), api.WithRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	return newHarnessWith(t, client, srv)
}

func newHarnessWith(t *testing.T, client *api.Client, srv *inmem.Server, opts ...func(*Options)) *harness {
	copier := &fakeCopier{result: clipboard.CopyResult{Via: "clipboard"}}
	o := Options{Client: client, URL: client.BaseURL(), Now: testClock, Copy: copier.copy}
	for _, f := range opts {
		f(&o)
	}
	m := New(o)
	m.ctx.NoTicks = true
	h := &harness{t: t, m: m, srv: srv, client: client, copier: copier}
	h.send(tea.WindowSizeMsg{Width: 120, Height: 35})
	h.run(m.Init())
	return h
}

// run executes a command and everything it leads to, synchronously.
func (h *harness) run(cmd tea.Cmd) {
	h.t.Helper()
	for _, msg := range execute(cmd) {
		h.send(msg)
	}
}

// execute runs a command tree and returns the messages, in order.
func execute(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	switch msg := msg.(type) {
	case nil:
		return nil
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range msg {
			out = append(out, execute(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

// send delivers one message and runs what it returns.
func (h *harness) send(msg tea.Msg) {
	h.t.Helper()
	switch msg.(type) {
	case tea.QuitMsg:
		h.quit = true
		return
	case tea.SuspendMsg:
		h.suspended = true
		return
	}
	_, cmd := h.m.Update(msg)
	v := strings.Clone(h.m.View()) // a secret screen's frame is reused by the next View
	h.views = append(h.views, v)
	recordView(h.t, h.m, v)
	h.run(cmd)
}

// keys types keys: names such as "enter", "esc", "tab", "shift+tab",
// "ctrl+c", or plain text, which is typed rune by rune.
func (h *harness) keys(keys ...string) {
	h.t.Helper()
	for _, k := range keys {
		h.send(keyMsg(k))
	}
}

func (h *harness) typeText(s string) {
	h.t.Helper()
	for _, r := range s {
		h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

func keyMsg(k string) tea.KeyMsg {
	switch k {
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case "tab":
		return tea.KeyMsg{Type: tea.KeyTab}
	case "shift+tab":
		return tea.KeyMsg{Type: tea.KeyShiftTab}
	case "ctrl+c":
		return tea.KeyMsg{Type: tea.KeyCtrlC}
	case "up":
		return tea.KeyMsg{Type: tea.KeyUp}
	case "down":
		return tea.KeyMsg{Type: tea.KeyDown}
	case "pgdown":
		return tea.KeyMsg{Type: tea.KeyPgDown}
	case "pgup":
		return tea.KeyMsg{Type: tea.KeyPgUp}
	case "home":
		return tea.KeyMsg{Type: tea.KeyHome}
	case "end":
		return tea.KeyMsg{Type: tea.KeyEnd}
	case "backspace":
		return tea.KeyMsg{Type: tea.KeyBackspace}
	case "left":
		return tea.KeyMsg{Type: tea.KeyLeft}
	case "right":
		return tea.KeyMsg{Type: tea.KeyRight}
	case "space":
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	case "ctrl+z":
		return tea.KeyMsg{Type: tea.KeyCtrlZ}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
}

// view is what the app draws now, kept: a secret screen's frame is
// rewritten by the next View and wiped when it closes.
func (h *harness) view() string { return strings.Clone(h.m.View()) }

func (h *harness) mustSee(parts ...string) {
	h.t.Helper()
	v := h.view()
	for _, p := range parts {
		if !strings.Contains(v, p) {
			h.t.Fatalf("view lacks %q:\n%s", p, v)
		}
	}
}

func (h *harness) mustNotSee(parts ...string) {
	h.t.Helper()
	v := h.view()
	for _, p := range parts {
		if strings.Contains(v, p) {
			h.t.Fatalf("view shows %q:\n%s", p, v)
		}
	}
}

// selectedLine is the table line with the cursor marker.
func (h *harness) selectedLine() string {
	for _, l := range strings.Split(h.view(), "\n") {
		if strings.HasPrefix(l, "> ") {
			return l
		}
	}
	return ""
}

// selectRow moves the cursor down until the selected line holds name.
func (h *harness) selectRow(name string) {
	h.t.Helper()
	for range 200 {
		if strings.Contains(h.selectedLine(), name) {
			return
		}
		h.keys("j")
	}
	h.t.Fatalf("no row %q to select:\n%s", name, h.view())
}

// flat is a view as one line of words: wrapped text is found whole.
func flat(v string) string { return strings.Join(strings.Fields(v), " ") }

// mustRead is mustSee for sentences, which the view may wrap.
func (h *harness) mustRead(parts ...string) {
	h.t.Helper()
	v := flat(h.view())
	for _, p := range parts {
		if !strings.Contains(v, flat(p)) {
			h.t.Fatalf("view lacks %q:\n%s", p, h.view())
		}
	}
}
