package overlay

import (
	"fmt"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
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
	Sum    [32]byte // clipboard.Sum of what was copied, to clear it later without keeping it
}

func (CopyDone) overlayMsg() {}

// Secret shows a secret once. It closes only on an explicit key, asks first
// if the secret was never copied, and wipes the secret's bytes, and the
// frame it painted them into, when it closes.
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

	frame     []byte // the last frame Paint drew, the secret in it: wiped on close
	lineWidth int    // the width View cut the secret's placeholder at
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
		return CopyDone{id: id, Result: copier(bytesView(secret)), Sum: clipboard.Sum(secret)}
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
				if s.quitAfter {
					s.wipe()
					return tea.Quit, true
				}
				return s.close(core.Say("Closed without copying: that secret is gone.")), true
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
			return s.close(core.Say("Secret closed.")), true
		}
	}
	return nil, false
}

// close wipes the secret and, a moment later, once Bubble Tea has drawn a
// frame without it, has the garbage collected and the freed pages given back
// to the system, which zeroes them: the copies Bubble Tea's renderer made of
// each frame (strings, which cannot be wiped) go with them, but for those
// that share a page with memory still in use.
func (s *Secret) close(then tea.Cmd) tea.Cmd {
	s.wipe()
	if s.ctx.NoTicks {
		return then
	}
	return tea.Batch(then, tea.Tick(freeAfterClose, func(time.Time) tea.Msg {
		debug.FreeOSMemory()
		return nil
	}))
}

// freeAfterClose is long enough for a few frames to be drawn (Bubble Tea
// draws at most 60 a second).
const freeAfterClose = 500 * time.Millisecond

// wipe overwrites the secret's bytes and the last frame drawn with them.
func (s *Secret) wipe() {
	clear(s.msg.Secret)
	clear(s.frame[:cap(s.frame)])
	s.msg.Secret, s.frame = nil, nil
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

// The secret is never in a string the screen or lipgloss makes: View
// draws a placeholder of the secret's width, each of its lines a marker
// (an OSC sequence no terminal sees, as Paint removes it) and one filler
// byte per character, and Paint copies the finished frame into bytes the
// screen owns, the secret's characters in place of the placeholder's.
const (
	placeholderMarker = "\x1b]7777;"
	placeholderEnd    = '\a'
	placeholderFill   = '*'
)

// secretLines is the placeholder of the secret cut into lines of w cells.
func (s *Secret) secretLines(w int) string {
	w = max(w, 1)
	n := len(s.msg.Secret)
	var b strings.Builder
	for i, line := 0, 0; i < n; i, line = i+w, line+1 {
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "%s%d%c%s", placeholderMarker, line, placeholderEnd, strings.Repeat(string(placeholderFill), min(w, n-i)))
	}
	s.lineWidth = w
	return b.String()
}

// Paint returns frame, a whole screen drawn around View's placeholder, with
// the secret in the placeholder's place. The result is a view of bytes the
// screen owns: valid until the next Paint, wiped when the screen closes.
func (s *Secret) Paint(frame string) string {
	need := len(frame) + len(s.msg.Secret)
	if cap(s.frame) < need {
		clear(s.frame)
		s.frame = make([]byte, 0, need+need/4)
	}
	out := s.frame[:0]
	for {
		at := strings.Index(frame, placeholderMarker)
		if at < 0 {
			out = append(out, frame...)
			break
		}
		out = append(out, frame[:at]...)
		frame = frame[at+len(placeholderMarker):]
		end := strings.IndexByte(frame, placeholderEnd)
		line, err := strconv.Atoi(frame[:max(end, 0)])
		if end < 0 || err != nil {
			continue // not ours: dropped
		}
		frame = frame[end+1:]
		fill := 0
		for fill < len(frame) && frame[fill] == placeholderFill {
			fill++
		}
		from := min(line*s.lineWidth, len(s.msg.Secret))
		out = append(out, s.msg.Secret[from:min(from+fill, len(s.msg.Secret))]...)
		frame = frame[fill:]
	}
	clear(s.frame[len(out):cap(s.frame)]) // what a longer frame left
	s.frame = out
	return bytesView(out)
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
	return st.Dim.Render("c copies · enter closes")
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
