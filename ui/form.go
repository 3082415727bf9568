package ui

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/status"
)

// form is a create or edit form shown in place of a list of T. It runs its
// own request and says, through the outcome, when it is finished.
type form[T any] interface {
	init() tea.Cmd
	update(msg tea.Msg) (tea.Cmd, outcome[T])
	view(width, height int) string
	keys() []key.Binding
}

// outcome tells the list what a form's update came to.
type outcome[T any] struct {
	closed bool      // the form is finished (done or cancelled)
	reload bool      // the list should be read again
	verify *check[T] // what to look for in the reloaded list
}

// check is a question the next reload answers: is the token there?
type check[T any] struct {
	match   func(T) bool
	found   flashMsg // said when a row matches (and the cursor goes to it); nothing if empty
	missing flashMsg // said when none does; nothing if empty
}

// removal is what deleting an item takes.
type removal[T any] struct {
	what   string // `PAT "ci deploy"`, for messages
	lines  []string
	delete func() error // runs in a tea.Cmd
	gone   func(T) bool // matches the item, to confirm it is gone
}

// removedMsg is the answer to a delete.
type removedMsg struct {
	list int // which list asked
	gen  int // and for which content
	err  error
}

var (
	keyNew    = key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new"))
	keyDelete = key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "delete"))
	keyEdit   = key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit expiry"))
	keySort   = key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort"))
)

// lostCreate is the check a reload answers after such a create: it is never
// retried, since a retry could make a second token.
func lostCreate[T any](what string, match func(T) bool) *check[T] {
	return &check[T]{
		match: match,
		found: flashMsg{isError: true, text: fmt.Sprintf(
			"No answer in time, but %s now exists. Its secret is lost: press d to delete it, then create another.", what)},
		missing: flashMsg{isError: true, text: fmt.Sprintf(
			"No answer in time, and no %s exists: nothing was created. Press n to try again.", what)},
	}
}

// errorWithHint is an error to show in a form, with what to do about it.
func errorWithHint(err error) string {
	text := errorText(err)
	if e, ok := api.AsError(err); ok && e.Hint() != "" {
		text += " " + e.Hint()
	}
	return text
}

// fieldNote is a note under a form field, wrapped and indented to line up
// with the field's value.
func fieldNote(style lipgloss.Style, text string, w int) string {
	const pad = "              "
	return indent(style.Render(ansi.Wordwrap(text, max(w-len(pad)-2, 10), " ")), pad)
}

// fieldLabel is a field's label, marked when the field has the focus.
func fieldLabel(focused bool, name string) string {
	marker := "  "
	if focused {
		marker = "› "
	}
	return marker + fmt.Sprintf("%-12s", name)
}

// textFieldNotes are the notes under a name or description field: that it
// is full, and what is wrong with it.
func textFieldNotes(st *Styles, value, problem string, w int) []string {
	var notes []string
	if utf8.RuneCountInString(value) >= api.MaxNameLength {
		notes = append(notes, fieldNote(st.Warning, fmt.Sprintf("That is the most it takes: %d characters.", api.MaxNameLength), w))
	}
	if problem != "" {
		notes = append(notes, fieldNote(st.Error, problem, w))
	}
	return notes
}

// expiresOnNote says when a token would expire, exactly and in words.
func expiresOnNote(t time.Time, now time.Time, w int) string {
	return fieldNote(lipgloss.NewStyle(), fmt.Sprintf("Expires on %s, %s.", t.UTC().Format("2006-01-02 15:04 UTC"), status.ExpiryWords(&t, now)), w)
}

// formFooter is a form's last lines: the error of its last try, and while
// its request runs, a spinner and what it is doing ("creating…").
func formFooter(ctx *Context, problem string, running bool, doing string, w int) []string {
	var lines []string
	if problem != "" {
		lines = append(lines, "", ctx.Styles.Error.Render(wrapIndent(problem, w)))
	}
	if running {
		lines = append(lines, "", "  "+ctx.spin()+" "+doing)
	}
	return lines
}

// cycle moves a choice among n options one step for ←/h or →/l/space,
// wrapping around; other keys leave it.
func cycle(chosen, n int, k tea.KeyMsg) int {
	if n == 0 {
		return chosen
	}
	step := map[string]int{"left": -1, "h": -1, "right": 1, "l": 1, " ": 1}[k.String()]
	return (chosen + step + n) % n
}

// choiceLine shows options with the chosen one in brackets, in short form
// when the long one does not fit the width.
func choiceLine(st *Styles, w, chosen int, long, short []string) string {
	render := func(opts []string) string {
		out := make([]string, len(opts))
		for i, o := range opts {
			if i == chosen {
				out[i] = st.Key.Render("[" + o + "]")
			} else {
				out[i] = " " + o + " "
			}
		}
		return strings.Join(out, " ")
	}
	line := render(long)
	if short != nil && ansi.StringWidth(line) > w {
		return render(short)
	}
	return line
}

func cleanAll(in []string) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = api.Clean(s)
	}
	return out
}
