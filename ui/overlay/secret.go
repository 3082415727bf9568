package overlay

import (
	"crypto/sha256"
	"fmt"
	"strings"
	"unsafe"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/unleash-tokens/unleash-tokens/theme"
	"github.com/unleash-tokens/unleash-tokens/ui/clipboard"
	"github.com/unleash-tokens/unleash-tokens/ui/core"
	"github.com/unleash-tokens/unleash-tokens/ui/keys"
)

// CopyDone reports a copy the secret screen started.
type CopyDone struct {
	id     int
	Result clipboard.CopyResult
	Sum    [32]byte // SHA-256 of what was copied, to clear it later without keeping it
}

func (CopyDone) overlayMsg() {}

// Secret shows a secret once. It closes only on an explicit key, asks first
// if the secret was never copied, and wipes the secret's bytes, and its own
// drawing of them, when it closes.
type Secret struct {
	ctx        *core.Context
	msg        core.ShowSecret
	id         int
	copied     bool
	status     string
	statusErr  bool
	confirming bool
	quitAfter  bool // the question came from ctrl+c: yes quits the app
	copying    bool

	drawn      []byte // the secret as drawn, wrapped to drawnWidth: made once, wiped on close
	drawnWidth int
}

// NewSecret makes the screen; it owns msg.Secret from now on.
func NewSecret(ctx *core.Context, msg core.ShowSecret) *Secret {
	return &Secret{ctx: ctx, msg: msg, id: ctx.NextID()}
}

// Shown is the secret on screen, for the test suite's scan of every view.
func (s *Secret) Shown() string { return string(s.msg.Secret) }

// view of our own bytes, so no Go string copy of the secret is made.
func bytesView(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

func (s *Secret) copyCmd() tea.Cmd {
	s.copying = true
	secret, id, copier := s.msg.Secret, s.id, s.ctx.Copy
	return func() tea.Msg {
		// The copier and the hash read the screen's bytes; the screen keeps
		// them until the copy is done (it cannot close while copying).
		return CopyDone{id: id, Result: copier(bytesView(secret)), Sum: sha256.Sum256(secret)}
	}
}

// Update handles the copy's answer and the keys.
func (s *Secret) Update(msg tea.Msg) (tea.Cmd, bool) {
	km := s.ctx.Keys
	switch msg := msg.(type) {
	case CopyDone:
		if msg.id == s.id {
			s.copying = false
			s.status, s.statusErr = msg.Result.Message(), msg.Result.Via == ""
			if after := s.ctx.ClearAfter; after > 0 && msg.Result.Via != "" {
				s.status += fmt.Sprintf(" It will be cleared from the clipboard in %s.", after)
			}
			s.copied = s.copied || msg.Result.Via != ""
		}
		return nil, false
	case tea.KeyMsg:
		if s.copying {
			return nil, false // the copy reads the secret: it stays until that is done
		}
		if s.confirming {
			if keys.Matches(msg, km.Yes) {
				s.wipe()
				if s.quitAfter {
					return tea.Quit, true
				}
				return core.Say("Closed without copying: that secret is gone."), true
			}
			s.confirming, s.quitAfter = false, false
			return nil, false
		}
		switch {
		case keys.Matches(msg, km.ForceQuit):
			if s.copied {
				s.wipe()
				return tea.Quit, true
			}
			s.confirming, s.quitAfter = true, true
		case keys.Matches(msg, km.Copy):
			return s.copyCmd(), false
		case keys.Matches(msg, km.Close):
			if !s.copied {
				s.confirming = true
				return nil, false
			}
			s.wipe()
			return core.Say("Secret closed."), true
		}
	}
	return nil, false
}

// wipe overwrites the secret's bytes and the screen's drawing of them.
func (s *Secret) wipe() {
	clear(s.msg.Secret)
	clear(s.drawn)
	s.msg.Secret, s.drawn = nil, nil
}

// Keys are copy and close, or the question's answers.
func (s *Secret) Keys() []key.Binding {
	km := s.ctx.Keys
	if s.confirming {
		return []key.Binding{keys.Help(km.Yes, "y", "close, secret gone"),
			key.NewBinding(key.WithKeys("n"), key.WithHelp("any other key", "back"))}
	}
	return []key.Binding{km.Copy, keys.Help(km.Close, "enter", "close")}
}

// secretLines is the secret cut into lines of w cells, drawn once per width
// into bytes the screen owns.
func (s *Secret) secretLines(w int) string {
	w = max(w, 1)
	if s.drawn == nil || s.drawnWidth != w {
		clear(s.drawn)
		n := len(s.msg.Secret)
		buf := make([]byte, 0, n+n/w+1)
		for i := 0; i < n; i += w {
			if i > 0 {
				buf = append(buf, '\n')
			}
			buf = append(buf, s.msg.Secret[i:min(i+w, n)]...)
		}
		s.drawn, s.drawnWidth = buf, w
	}
	return bytesView(s.drawn)
}

// View draws the secret between two rules, with no side border, so that a
// secret selected by hand carries no border characters. When the screen is
// short, the explanations go first; the secret and the prompt always stay.
func (s *Secret) View(w, h int) string {
	st := s.ctx.Styles
	inner := max(w-2, 10)
	title := st.Title.Render(s.msg.Title)
	secret := s.secretLines(inner)
	warn := "Copy it now: you will not see it again."
	if s.msg.Kind == core.SecretListedAgain {
		warn = "Copy it now. (This server keeps API tokens in clear: its list shows them again, masked here.)"
	}
	warn = st.Warning.Render(wrap(warn, inner))
	prompt := s.prompt(inner)
	about, usage := wrap(s.msg.About, inner), wrap(s.msg.Usage, inner)
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
	return core.Block([]string{rules.Render(body)}, h)
}

// prompt is the last line: the question, the copy status, or the keys.
func (s *Secret) prompt(w int) string {
	st := s.ctx.Styles
	switch {
	case s.confirming && s.quitAfter:
		return st.Warning.Render(wrap("Quit without copying? (y/N) You will not see this secret again.", w))
	case s.confirming:
		return st.Warning.Render(wrap("Close without copying? (y/N) You will not see this secret again.", w))
	case s.copying:
		return s.ctx.Spin() + " copying…"
	case s.status != "" && s.statusErr:
		return st.Error.Render(wrap(s.status, w))
	case s.status != "":
		return st.Info.Render(wrap(s.status, w))
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

func wrap(s string, w int) string { return ansi.Wordwrap(s, max(w, 10), " ") }
