// Package form is what the create and edit forms share: the Form interface
// a list shows in its place, what a form's end means for the list
// (Outcome, Check), and the pieces of a form's view.
package form

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/unleash-tokens/unleash-tokens/ui/core"
)

// Form is a create or edit form shown in place of a list of T. It runs its
// own request and says, through the Outcome, when it is finished.
type Form[T any] interface {
	Init() tea.Cmd
	Update(msg tea.Msg) (tea.Cmd, Outcome[T])
	View(width, height int) string
	Keys() []key.Binding // the keys that act now; a form has every key while shown
}

// Outcome tells the list what a form's update came to.
type Outcome[T any] struct {
	Closed bool      // the form is finished (done or cancelled)
	Reload bool      // the list should be read again
	Verify *Check[T] // what to look for in the reloaded list
	// Drop are items gone that the list takes out at once, without reading
	// it again: the server refuses every read (the app's own token was
	// deleted among them).
	Drop []T
	// ClearMarks: a write to the marked rows fully succeeded, so the marks
	// have done their work.
	ClearMarks bool
}

// Check is a question the next reload answers: is the token there?
type Check[T any] struct {
	Match   func(T) bool // called off the UI goroutine, on the reloaded items
	Found   core.Flash   // said when an item matches (and the cursor goes to it); nothing if empty
	Missing core.Flash   // said when none does; nothing if empty
	// Removed names what a delete removed (`PAT "x"`): a 401 on the reload
	// then means it was the token the app signs in with.
	Removed string
}

// LostCreate is the check a reload answers after a create whose answer never
// came: it is never retried, since a retry could make a second token.
func LostCreate[T any](what string, match func(T) bool) *Check[T] {
	return &Check[T]{
		Match: match,
		Found: core.Flash{IsError: true, Text: "No answer in time, but " + what +
			" now exists. Its secret is lost: press d to delete it, then create another."},
		Missing: core.Flash{IsError: true, Text: "No answer in time, and no " + what +
			" exists: nothing was created. Press n to try again."},
	}
}
