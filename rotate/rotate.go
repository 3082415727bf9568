// Package rotate replaces a token with a new one of the same scope, safely:
// Plan reads what the new token will be, Create makes it (once, never
// retried), Prove shows that its secret authenticates, and only then Retire
// deletes the old one, sets it to expire after a grace period, or keeps it.
// Each step is a function a Bubble Tea command can run, returning a value
// that says what happened; Run chains them for the command line. Nothing
// here prints, logs or puts a secret into an error: the new secret travels
// only in an api.Credential, as bytes the caller wipes.
package rotate

import (
	"fmt"
	"strings"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/status"
	"github.com/unleash-tokens/unleash-tokens/tokenref"
)

// Outcome is how a step ended.
type Outcome int

const (
	Skipped Outcome = iota // not run: an earlier step did not succeed, or nothing to do
	Done                   // it happened, and a re-read confirms it where the server's OK is not enough
	Failed                 // it did not happen
	Unknown                // the request went out and no answer came: it may have happened
)

func (o Outcome) String() string {
	return [...]string{"skipped", "done", "failed", "unknown"}[o]
}

// StepName names a step of a rotation.
type StepName string

const (
	StepDeleteFirst StepName = "delete first"
	StepCreate      StepName = "create"
	StepProve       StepName = "prove"
	StepRetire      StepName = "retire"
)

// Step is what one step did, in a sentence that holds no secret.
type Step struct {
	Name    StepName
	Outcome Outcome
	Message string
	Err     error // the server's error behind a Failed or Unknown step, if any
	// SessionToken: the old token this step deleted was the one the client
	// signs in with, which the server now refuses.
	SessionToken bool
}

// How says what becomes of the old token.
type How int

const (
	Keep        How = iota // leave it as it is
	Delete                 // delete it once the new one is proven
	Grace                  // API tokens: set it to expire after a grace period
	DeleteFirst            // PATs at the cap of 10: delete it before creating the new one
)

// Retire is the user's choice for the old token.
type Retire struct {
	How   How
	Grace time.Duration // for Grace
}

// GraceChoices are the grace periods the app offers.
var GraceChoices = []time.Duration{time.Hour, 24 * time.Hour, 7 * 24 * time.Hour}

// DefaultGrace is the grace period when none is given.
const DefaultGrace = 24 * time.Hour

// ParseRetire reads delete, keep, grace (24h), grace=1h|24h|7d|…, or delete-first.
func ParseRetire(s string) (Retire, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case s == "delete":
		return Retire{How: Delete}, nil
	case s == "keep":
		return Retire{How: Keep}, nil
	case s == "delete-first":
		return Retire{How: DeleteFirst}, nil
	case s == "grace":
		return Retire{How: Grace, Grace: DefaultGrace}, nil
	case strings.HasPrefix(s, "grace="):
		d, err := status.ParseSpan(strings.TrimPrefix(s, "grace="))
		if err != nil {
			return Retire{}, fmt.Errorf("grace period: %w", err)
		}
		return Retire{How: Grace, Grace: d}, nil
	}
	return Retire{}, fmt.Errorf("%q: use delete, grace=24h (also 1h, 7d …), keep, or delete-first", s)
}

func (r Retire) String() string {
	switch r.How {
	case Delete:
		return "delete"
	case Grace:
		return "grace=" + graceWords(r.Grace)
	case DeleteFirst:
		return "delete-first"
	}
	return "keep"
}

// graceWords is "1h", "24h", "36h", "7d": hours below two days, as people say it.
func graceWords(d time.Duration) string {
	if d < 2*status.Day || d%status.Day != 0 {
		return fmt.Sprintf("%dh", int(d/time.Hour))
	}
	return status.Days(d)
}

// Allowed says whether the choice fits the token, and why not.
func (r Retire) Allowed(t tokenref.Token) error {
	switch {
	case r.How == Grace && t.Kind != tokenref.APIToken:
		return fmt.Errorf("a %s cannot be set to expire later (Unleash has no update for it): retire it with delete or keep", t.Kind)
	case r.How == Grace && r.Grace <= 0:
		return fmt.Errorf("give a grace period, such as 24h")
	case r.How == DeleteFirst && t.Kind == tokenref.APIToken:
		return fmt.Errorf("delete-first is for PATs and service-account tokens at Unleash's cap of 10; API tokens have no such cap")
	}
	return nil
}

// Result is a whole rotation: every step, in order, and the new token.
type Result struct {
	Plan  Plan
	Steps []Step
	// New is the new token as the server answered its create (no secret),
	// when one was made.
	New tokenref.Token
	// Secret is the new token's credential when it was created and
	// answered; the caller shows it once and wipes it.
	Secret *api.Credential
}

// Done reports whether every step that ran was done.
func (r Result) Done() bool {
	for _, s := range r.Steps {
		if s.Outcome != Done {
			return false
		}
	}
	return len(r.Steps) > 0
}

// Step returns the step of that name, if it ran.
func (r Result) Step(name StepName) (Step, bool) {
	for _, s := range r.Steps {
		if s.Name == name {
			return s, true
		}
	}
	return Step{}, false
}

// Proven reports whether the new secret authenticated.
func (r Result) Proven() bool {
	s, ok := r.Step(StepProve)
	return ok && s.Outcome == Done
}
