package form

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/status"
	"github.com/unleash-tokens/unleash-tokens/theme"
	"github.com/unleash-tokens/unleash-tokens/ui/core"
	"github.com/unleash-tokens/unleash-tokens/ui/keys"
)

// labelWidth is the width of a field's label column.
const labelWidth = 14

// NewInput is a text field with a steady cursor (no blink ticks).
func NewInput(placeholder string, limit int) textinput.Model {
	in := textinput.New()
	in.Cursor.SetMode(cursor.CursorStatic)
	in.Prompt = ""
	in.Placeholder = placeholder
	in.PlaceholderStyle = lipgloss.NewStyle().Foreground(theme.Grey) // bubbles' own grey is under 4.5:1
	in.CharLimit = limit
	return in
}

// Label is a field's label, marked when the field has the focus.
func Label(focused bool, name string) string {
	marker := "  "
	if focused {
		marker = "› "
	}
	return marker + fmt.Sprintf("%-*s", labelWidth-2, name)
}

// Block is core.Block for a form: taller than h, it scrolls to the
// focused field (marked "› " by Label), so that the field, its choices and
// its notes are on screen (at 60×20 the rotate form's notes under "Old
// token" fell off the bottom); the lines above it come back with shift+tab.
func Block(entries []string, h int) string {
	lines := strings.Split(strings.Join(entries, "\n"), "\n")
	if len(lines) <= h || h < 2 {
		return core.Block(lines, h)
	}
	focus := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(ansi.Strip(l), "› ") })
	if focus < 0 {
		return core.Block(lines, h)
	}
	// From the first line that shows everything below and starts a
	// paragraph (a blank line before it), else from the focused field.
	start := focus
	for i := max(len(lines)-h, 1); i < focus; i++ {
		if strings.TrimSpace(ansi.Strip(lines[i-1])) == "" {
			start = i
			break
		}
	}
	return core.Block(lines[start:], h)
}

// Value is a field's value beside its label, wrapped at spaces (a name
// without any is broken, never cut) and lined up under its first line.
func Value(text string, w int) string {
	return strings.ReplaceAll(core.Wrap(text, max(w-labelWidth, 10)), "\n", "\n"+strings.Repeat(" ", labelWidth))
}

// Note is a line under a field, wrapped and indented to line up with the
// field's value.
func Note(style lipgloss.Style, text string, w int) string {
	pad := strings.Repeat(" ", labelWidth)
	return core.Indent(style.Render(ansi.Wordwrap(text, max(w-labelWidth-2, 10), " ")), pad)
}

// TextNotes are the notes under a name or description field: that it is
// full, and what is wrong with it.
func TextNotes(st *core.Styles, value, problem string, w int) []string {
	var notes []string
	if utf8.RuneCountInString(value) >= api.MaxNameLength {
		notes = append(notes, Note(st.Warning, fmt.Sprintf("That is the most it takes: %d characters.", api.MaxNameLength), w))
	}
	if problem != "" {
		notes = append(notes, Note(st.Error, problem, w))
	}
	return notes
}

// ExpiryNote says when a token would expire, exactly and in words, or that
// it never expires.
func ExpiryNote(st *core.Styles, t *time.Time, now time.Time, w int) string {
	if status.IsNever(t, now) {
		return Note(st.Warning, "Never expires. An expiry is recommended: a leaked token stays valid until it is deleted.", w)
	}
	return Note(lipgloss.NewStyle(), fmt.Sprintf("Expires on %s, %s.", t.UTC().Format("2006-01-02 15:04 UTC"), status.ExpiryWords(t, now)), w)
}

// Footer is a form's last lines: the error of its last try, and while its
// request runs, a spinner and what it is doing ("creating…").
func Footer(ctx *core.Context, problem string, running bool, doing string, w int) []string {
	var lines []string
	if problem != "" {
		lines = append(lines, "", ctx.Styles.Error.Render(core.WrapIndent(problem, w)))
	}
	if running {
		lines = append(lines, "", "  "+ctx.Spin()+" "+doing)
	}
	return lines
}

// Cycle moves a choice among n options one step for ←/h or →/l/space,
// wrapping around; other keys leave it.
func Cycle(k *keys.Map, chosen, n int, msg tea.KeyMsg) int {
	if n == 0 {
		return chosen
	}
	switch {
	case keys.Matches(msg, k.ChoosePrev):
		return (chosen + n - 1) % n
	case keys.Matches(msg, k.ChooseNext), msg.Type == tea.KeySpace:
		return (chosen + 1) % n
	}
	return chosen
}

// InFlightKey answers a key pressed while the form's request runs: a write
// on its way cannot be called back, so esc says so and the form waits for
// the answer; other keys wait too.
func InFlightKey(k *keys.Map, msg tea.KeyMsg) tea.Cmd {
	if keys.Matches(msg, k.Cancel) {
		return core.Say("The request is on its way and cannot be called back: waiting for the server's answer.")
	}
	return nil
}

// Step moves the focus among fields 0…last for tab/↓ and shift+tab/↑; ok
// is false for any other key.
func Step(k *keys.Map, msg tea.KeyMsg, focus, last int) (next int, ok bool) {
	switch {
	case keys.Matches(msg, k.NextField):
		return min(focus+1, last), true
	case keys.Matches(msg, k.PrevField):
		return max(focus-1, 0), true
	}
	return focus, false
}

// StepKeys are the field keys that act at focus.
func StepKeys(k *keys.Map, focus, last int) []key.Binding {
	var out []key.Binding
	if focus < last {
		out = append(out, k.NextField)
	}
	if focus > 0 {
		out = append(out, k.PrevField)
	}
	return out
}

// ChoiceLine shows options with the chosen one in brackets, in short form
// when the long one does not fit the width, and closer together when even
// that does not (the rotate form's "never" was cut at 60 columns); when
// nothing fits one line, the options go on as many lines as they take,
// each whole, lined up under the first (the rotate form's "Old token"
// choices were cut at 60 columns).
func ChoiceLine(st *core.Styles, w, chosen int, long, short []string) string {
	item := func(i int, o, pad string) string {
		if i == chosen {
			return st.Key.Render("[" + o + "]")
		}
		return pad + o + pad
	}
	render := func(opts []string, pad string) string {
		out := make([]string, len(opts))
		for i, o := range opts {
			out[i] = item(i, o, pad)
		}
		return strings.Join(out, " ")
	}
	if line := choiceLine(long, short, w, render); ansi.StringWidth(line) <= w {
		return line
	}
	// Each option whole, as many on a line as fit, the lines after the
	// first lined up with it (the caller puts a label before it).
	var lines []string
	cur := ""
	for i, o := range long {
		it := item(i, o, " ")
		switch {
		case cur == "":
			cur = it
		case ansi.StringWidth(cur)+1+ansi.StringWidth(it) <= w:
			cur += " " + it
		default:
			lines = append(lines, cur)
			cur = it
		}
	}
	lines = append(lines, cur)
	return strings.Join(lines, "\n"+strings.Repeat(" ", labelWidth))
}

// choiceLine is the options on one line, the long form, else the short,
// else closer together; maybe wider than w.
func choiceLine(long, short []string, w int, render func([]string, string) string) string {
	opts := long
	line := render(opts, " ")
	if short != nil && ansi.StringWidth(line) > w {
		opts = short
		line = render(opts, " ")
	}
	if ansi.StringWidth(line) > w && !slices.ContainsFunc(opts, func(o string) bool { return strings.Contains(o, " ") }) {
		if closer := render(opts, ""); ansi.StringWidth(closer) <= w { // one space apart reads only for one-word options
			line = closer
		}
	}
	return line
}

// CleanAll cleans every string of a list for display.
func CleanAll(in []string) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = api.Clean(s)
	}
	return out
}

// ErrorWithHint is an error to show in a form, with what to do about it.
func ErrorWithHint(err error) string {
	text := core.ErrorText(err)
	if e, ok := api.AsError(err); ok && e.Hint() != "" {
		text += " " + e.Hint()
	}
	return text
}
