package ui

import (
	"crypto/sha256"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/unleash-tokens/unleash-tokens/theme"
)

// showSecretMsg opens the screen that shows a new token's secret, once.
type showSecretMsg struct {
	title  string // "Personal access token created"
	about  string // what the token is: description, expiry
	usage  string // what it is for
	secret []byte // the credential; the screen wipes it when it closes
}

// copyDoneMsg reports a copy started by the secret screen.
type copyDoneMsg struct {
	id     int
	result CopyResult
	sum    [32]byte // SHA-256 of what was copied, to clear it later without keeping it
}

// secretOverlay shows a secret once. It closes only on an explicit key and
// asks first if the secret was never copied; closing wipes its bytes.
type secretOverlay struct {
	ctx        *Context
	msg        showSecretMsg
	id         int
	copied     bool
	status     string
	statusErr  bool
	confirming bool
	quitAfter  bool // the question came from ctrl+c: yes quits the app
	copying    bool
}

func newSecretOverlay(ctx *Context, msg showSecretMsg) *secretOverlay {
	return &secretOverlay{ctx: ctx, msg: msg, id: ctx.nextID()}
}

func (s *secretOverlay) copyCmd() tea.Cmd {
	s.copying = true
	text, id, copier := string(s.msg.secret), s.id, s.ctx.Copy
	return func() tea.Msg { return copyDoneMsg{id: id, result: copier(text), sum: sha256.Sum256([]byte(text))} }
}

func (s *secretOverlay) update(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case copyDoneMsg:
		if msg.id == s.id {
			s.copying = false
			s.status, s.statusErr = msg.result.Message(), msg.result.Via == ""
			if after := s.ctx.ClearAfter; after > 0 && msg.result.Via != "" {
				s.status += fmt.Sprintf(" It will be cleared from the clipboard in %s.", after)
			}
			s.copied = s.copied || msg.result.Via != ""
		}
		return nil, false
	case tea.KeyMsg:
		if s.confirming {
			switch msg.String() {
			case "y", "Y":
				s.wipe()
				if s.quitAfter {
					return tea.Quit, true
				}
				return flash("Closed without copying: that secret is gone."), true
			default:
				s.confirming, s.quitAfter = false, false
			}
			return nil, false
		}
		if msg.String() == "ctrl+c" {
			if s.copied {
				s.wipe()
				return tea.Quit, true
			}
			s.confirming, s.quitAfter = true, true
			return nil, false
		}
		switch msg.String() {
		case "c", "y":
			if s.copying {
				return nil, false
			}
			return s.copyCmd(), false
		case "enter", "esc", "q":
			if !s.copied {
				s.confirming = true
				return nil, false
			}
			s.wipe()
			return flash("Secret closed."), true
		}
	}
	return nil, false
}

// wipe overwrites the secret's bytes. Copies the Go runtime made (the JSON
// answer, the decoded string) are unreferenced and left to the collector.
func (s *secretOverlay) wipe() {
	for i := range s.msg.secret {
		s.msg.secret[i] = 0
	}
	s.msg.secret = nil
}

func (s *secretOverlay) keys() []key.Binding {
	if s.confirming {
		return []key.Binding{key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "close, secret gone")),
			key.NewBinding(key.WithKeys("n"), key.WithHelp("any other key", "back"))}
	}
	return []key.Binding{key.NewBinding(key.WithKeys("c", "y"), key.WithHelp("c/y", "copy")),
		key.NewBinding(key.WithKeys("enter", "esc"), key.WithHelp("enter", "close"))}
}

// view draws the secret between two rules, with no side border, so that a
// secret selected by hand carries no border characters. When the screen is
// short, the explanations go first; the secret and the prompt always stay.
func (s *secretOverlay) view(w, h int) string {
	st := &s.ctx.Styles
	inner := max(w-2, 10)
	title := st.Title.Render(s.msg.title)
	secret := st.Key.Render(hardWrap(string(s.msg.secret), inner))
	warn := st.Warning.Render(wrapPlain("Copy it now: you will not see it again.", inner))
	prompt := s.prompt(inner)
	about, usage := wrapPlain(s.msg.about, inner), wrapPlain(s.msg.usage, inner)
	layouts := [][]string{
		{title, gap, about, gap, secret, gap, warn, usage, gap, prompt},
		{title, about, secret, warn, usage, prompt},
		{title, about, secret, warn, prompt},
		{title, secret, warn, prompt},
		{secret, prompt},
	}
	var body string
	for _, parts := range layouts {
		body = strings.Join(dropEmptyText(parts), "\n")
		if lipgloss.Height(body)+2 <= h {
			break
		}
	}
	rules := lipgloss.NewStyle().Border(lipgloss.NormalBorder(), true, false).BorderForeground(theme.Accent).
		Padding(0, 1).Width(max(w, 12))
	return block([]string{rules.Render(body)}, h)
}

// prompt is the last line: the question, the copy status, or the keys.
func (s *secretOverlay) prompt(w int) string {
	st := &s.ctx.Styles
	switch {
	case s.confirming && s.quitAfter:
		return st.Warning.Render(wrapPlain("Quit without copying? (y/N) You will not see this secret again.", w))
	case s.confirming:
		return st.Warning.Render(wrapPlain("Close without copying? (y/N) You will not see this secret again.", w))
	case s.copying:
		return s.ctx.spin() + " copying…"
	case s.status != "" && s.statusErr:
		return st.Error.Render(wrapPlain(s.status, w))
	case s.status != "":
		return st.Info.Render(wrapPlain(s.status, w))
	}
	return st.Dim.Render("c or y copies · enter closes")
}

// gap is a blank line between two parts of a screen.
const gap = "\x00gap"

// dropEmptyText removes parts with no text, then the gaps that no longer
// stand between two parts.
func dropEmptyText(parts []string) []string {
	var out []string
	for _, p := range parts {
		switch {
		case p == "":
		case p == gap && (len(out) == 0 || out[len(out)-1] == ""):
		case p == gap:
			out = append(out, "")
		default:
			out = append(out, p)
		}
	}
	if len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}

func wrapPlain(s string, w int) string { return ansi.Wordwrap(s, max(w, 10), " ") }
