package ui

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/unleash-tokens/unleash-tokens/inmem"
)

// TestCtrlCDuringCreate: ctrl+c while a PAT create is on its way (a create
// cannot be called back) asks first; any other key waits; y quits, and the
// notes printed once the terminal is back say which token may now exist,
// never its secret — on a server that makes the token after the app gave up.
// When the answer comes while the question is open, the question goes and
// the new secret shows.
func TestCtrlCDuringCreate(t *testing.T) {
	for _, tc := range []struct {
		name       string
		answerLate bool // the server answers only after the app quit
	}{
		{"quit anyway; the server makes it after", true},
		{"the answer comes while asking", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, inmem.AdminPAT, inmem.Empty())
			arrived, release := h.srv.LateWrite(http.MethodPost, "/api/admin/user/tokens")
			defer release()
			h.keys("1", "n")
			h.typeText("late one")
			// Enter sends the create; Bubble Tea would run it in the background.
			_, cmd := h.m.Update(keyMsg("enter"))
			answer := make(chan []tea.Msg, 1)
			go func() { answer <- execute(cmd) }()
			<-arrived

			h.keys("ctrl+c")
			if h.quit {
				t.Fatal("ctrl+c quit at once while a create was on its way")
			}
			h.mustRead("A create is on its way: quit anyway? Its token may exist, secret never shown (y/N)")
			h.keys("j")
			if h.quit {
				t.Fatal("a key other than y quit")
			}
			h.mustRead("Not quitting: waiting for the server's answer.")
			h.keys("ctrl+c")

			if !tc.answerLate {
				release()
				for _, msg := range <-answer {
					h.send(msg)
				}
				h.mustNotSee("quit anyway?")
				h.mustRead("Personal access token created")
				if notes := h.m.QuitNotes(); len(notes) != 0 {
					t.Fatalf("notes after the answer came: %q", notes)
				}
				return
			}

			h.keys("y")
			if !h.quit {
				t.Fatal("y did not quit")
			}
			notes := h.m.QuitNotes()
			release() // the server makes the token now; the app has gone
			<-answer  // the answer the app never reads
			pats, err := h.client.ListPATs(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			made := false
			for _, p := range pats {
				made = made || p.Description == "late one"
			}
			if !made {
				t.Fatal("the PAT is not on the server")
			}
			if len(notes) != 1 || !strings.Contains(notes[0], `quit while creating a PAT described "late one": the server may have made it after`) ||
				!strings.Contains(notes[0], "its secret was never shown and is lost") {
				t.Fatalf("notes %q", notes)
			}
			for _, s := range append(notes, h.views...) {
				if secretLike.MatchString(s) {
					t.Fatalf("a secret is shown: %q", s)
				}
			}
		})
	}
}

var secretLike = regexp.MustCompile(`user:[0-9a-f]{16}|v2_[A-Za-z0-9_-]{22}_`)
