// Package list is a table of items of one kind that loads itself, filters
// and sorts off the UI goroutine, shows the selected item's detail, and runs
// the writes its screen offers (new, delete, edit) with their questions and
// checks. A screen says what the list holds with a Spec; it cannot reach the
// list's state except through its methods.
package list

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/unleash-tokens/unleash-tokens/status"
	"github.com/unleash-tokens/unleash-tokens/ui/action"
	"github.com/unleash-tokens/unleash-tokens/ui/core"
	"github.com/unleash-tokens/unleash-tokens/ui/form"
	"github.com/unleash-tokens/unleash-tokens/ui/table"
)

// Spec says what a list shows and how to fetch it.
type Spec[T any] struct {
	What    string // "your personal access tokens": in messages ("Loading …")
	Title   string // above the table
	Columns []table.Column
	Fetch   func(ctx context.Context) ([]T, error) // required: a list always loads through it
	Key     func(T) string                         // tells items apart across reloads
	Cells   func(T, *core.Context) []table.Cell    // the cells of a row on screen
	Detail  func(T, *core.Context) []Field         // the selected item, in full, under the table
	// Search reports whether found is true of any text of the item that /
	// searches besides its status words (names, scope); it allocates nothing,
	// as it runs over every item at every keystroke.
	Search func(item T, found func(string) bool) bool
	// Measure, optional, makes a function that widens the column widths to
	// fit an item, for a load of many items: cheaper than drawing every
	// item's cells, which is what the list does without it.
	Measure func(*core.Context) func(item T, widths []int)
	Facts   func(T) (status.Facts, bool) // optional: status words for /, and s sorts by expiry and last seen
	Empty   string                       // shown when the server returned nothing
	Explain func(error) string           // optional: a plain explanation that replaces the error box
	Note    string                       // optional: a note after the title (e.g. the PAT cap)

	// Writes; nil means the list offers none. --read-only turns all off.
	Create    func(existing []T) form.Form[T] // n
	CreateNot func() string                   // optional: why n cannot make one here, said at once
	Remove    func(T) Removal[T]              // d
	Edit      func(T) form.Form[T]            // e
	Rotate    func(T) form.Form[T]            // R
	Open      func(T) tea.Cmd                 // enter opens the item (a drill-down's parent)
	ID        func(T) string                  // optional: the id y copies ("" for an item without one); never a secret
	Page      func(T) string                  // optional: the item's page in the Unleash web UI, a path o joins to the instance's URL
	// Also are more entries of the list's action table, after its own: a
	// screen's keys, or keys that only say why they do nothing here (e on
	// a PAT, whose expiry Unleash cannot change).
	Also []action.Action

	// Writes to many: with either set, space marks the selected row, a
	// marks every row shown, u clears the marks; with marks, d and e act on
	// every marked item (shown or hidden by the filter). Without marks, and
	// without Remove or Edit, they act on the selected item as a write to
	// many of one.
	BulkDelete func(marked []T) Bulk[T]
	// BulkEdit is the form that changes the marked items (it asks before
	// writing), or why none of them can be changed.
	BulkEdit func(marked []T) (form.Form[T], string)
}

// Bulk is a write to many marked items: the question asked first (y/N),
// then the form that runs the writes and shows what became of each.
type Bulk[T any] struct {
	Question []string // the first line is the question: "Delete 12 API tokens and 3 PATs?"
	Run      func() form.Form[T]
}

// Field is one part of the selected item's detail: "expires 2027-01-31 …".
type Field struct {
	Label string
	Value string
	Style *lipgloss.Style // nil: plain
}

// Removal is what deleting an item takes.
type Removal[T any] struct {
	What   string   // `PAT "ci deploy"`, for messages
	Own    string   // optional: added to the question when it is (or may be) the token the app signs in with
	Lines  []string // what deleting it means
	Delete func(ctx context.Context) error
	Gone   func(T) bool // matches the item, to confirm it is gone
}
