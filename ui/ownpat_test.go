package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/inmem"
	"github.com/unleash-tokens/unleash-tokens/ui/core"
	"github.com/unleash-tokens/unleash-tokens/ui/patstab"
)

const ownPAT = "unleash-tokens on my laptop" // inmem.AdminPAT's description

// ownHarness is the app signed in with inmem.AdminPAT, knowing (as the demo
// does) which PAT that is when known is set, with profiles to switch to.
func ownHarness(t *testing.T, known bool) *harness {
	t.Helper()
	srv := inmem.New(inmem.WithClock(testClock))
	client, err := api.New("https://unleash.example.com", inmem.AdminPAT, api.WithHTTPClient(srv.HTTPClient()), api.WithRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	return newHarnessWith(t, client, srv, withProfiles, func(o *Options) {
		if known {
			o.SignedInPAT = srv.PATID(inmem.AdminPAT)
		}
	})
}

func patRows(h *harness) []string {
	var out []string
	for _, p := range h.m.tabs[core.TabPATs].(*patstab.Tab).Items() {
		out = append(out, p.Description)
	}
	return out
}

// signedOut checks what the app says and offers once its own PAT is gone.
func signedOut(t *testing.T, h *harness) {
	t.Helper()
	for _, d := range patRows(h) {
		if d == ownPAT {
			t.Fatalf("the deleted PAT is still listed: %q", patRows(h))
		}
	}
	text := core.OwnTokenGoneText(`PAT "`+ownPAT+`"`, true)
	if !strings.Contains(flat(h.view()), text) {
		t.Fatalf("the app does not say, in full, %q:\n%s", text, h.view())
	}
	h.mustNotSee("r to retry", "r retries", "Reload failed", "r reload", "Press r", "token resolves · ")
	for _, b := range offered(h) {
		if b.Help().Key == "r" {
			t.Fatal("r is offered, though no read can work")
		}
	}
	h.m.flash = "" // any key clears it
	before := h.view()
	h.keys("r")
	// r, not offered, says why and changes nothing else.
	h.mustSee("Nothing can be read: the token this app signs in with was deleted.")
	if withoutFooter(h.view()) != withoutFooter(before) {
		t.Fatalf("r, not offered, changed the screen:\n%s", h.view())
	}
	// Another tab's 401 reads as this one cause.
	h.keys("2")
	h.mustSee("Not loaded: the token this app signs in with was deleted (see above).", text[:40])
	h.mustNotSee("Press r", "r to retry", "401 UnauthorizedError")
	h.keys("1")
	// The picker marks the profile's token.
	h.keys("P")
	h.mustSee("one (current)", `token no longer valid: this app deleted it (PAT "`+ownPAT+`")`)
	h.keys("esc")
}

func TestDeleteTheAppsOwnPAT(t *testing.T) {
	h := ownHarness(t, true)
	h.selectRow(ownPAT)
	h.keys("d")
	if !strings.Contains(flat(h.view()), `Delete PAT "`+ownPAT+`"? This is the token this app signs in with: after it, nothing loads until you restart with another token. (y/N)`) {
		t.Fatalf("the question:\n%s", h.view())
	}
	h.keys("y")
	if h.srv.Has(ownPAT) {
		t.Fatal("not deleted")
	}
	h.mustSee("(7)", "signed out")
	signedOut(t, h)
}

// Another PAT than the app's own: no warning, as the app knows its own.
func TestDeleteAnotherPATWhenTheAppKnowsItsOwn(t *testing.T) {
	h := ownHarness(t, true)
	h.selectRow("grafana dashboards")
	h.keys("d")
	h.mustSee(`Delete PAT "grafana dashboards"? (y/N)`)
}

// Without knowing its PAT's id, the app warns for every PAT that could be
// it (not an expired one), in "if" words.
func TestDeleteAPATThatMayBeTheAppsOwn(t *testing.T) {
	h := ownHarness(t, false)
	h.selectRow("laptop terraform") // expired: the server would refuse it
	h.keys("d")
	h.mustSee(`Delete PAT "laptop terraform"? (y/N)`)
	h.keys("n", "g")
	h.selectRow(ownPAT)
	h.keys("d")
	if !strings.Contains(flat(h.view()), `Delete PAT "`+ownPAT+`"? If this is the token this app signs in with, nothing loads after it until you restart with another token. (y/N)`) {
		t.Fatalf("the question:\n%s", h.view())
	}
	h.keys("y")
	signedOut(t, h)
}

// A bulk delete with the app's own PAT among the marks names it, deletes
// it last (the others are deleted and confirmed), and ends signed out.
func TestBulkDeleteWithTheAppsOwnPAT(t *testing.T) {
	for _, known := range []bool{true, false} {
		t.Run(map[bool]string{true: "known", false: "candidate"}[known], func(t *testing.T) {
			h := ownHarness(t, known)
			h.selectRow(ownPAT)
			h.keys("space")
			h.selectRow("grafana dashboards")
			h.keys("space")
			h.selectRow("backstage plugin")
			h.keys("space", "d")
			question := `Delete 3 PATs? One of them, PAT "` + ownPAT + `", is the token this app signs in with: it is deleted last, and after it nothing loads until you restart with another token. (y/N)`
			if !known {
				question = `Delete 3 PATs? If the token this app signs in with is among them (any of the 3 PATs not expired could be it), those are deleted last, one at a time, and after it nothing loads until you restart with another token. (y/N)`
			}
			if !strings.Contains(flat(h.view()), question) {
				t.Fatalf("the question lacks %q:\n%s", question, h.view())
			}
			h.keys("y")
			h.mustSee("Result · 3 deleted")
			if !strings.Contains(flat(h.view()), "it was the token this app signs in with: the server now refuses every request") {
				t.Fatalf("the result does not say which was the app's own:\n%s", h.view())
			}
			h.keys("enter")
			if rows := patRows(h); len(rows) != 5 {
				t.Fatalf("the deleted are still listed: %q", rows)
			}
			for _, d := range []string{ownPAT, "grafana dashboards", "backstage plugin"} {
				if h.srv.Has(d) {
					t.Fatalf("%s not deleted", d)
				}
			}
			signedOut(t, h)
		})
	}
}

// At 80×24 every line of the screens after the delete is whole: the
// explanation is wrapped, never cut.
func TestOwnPATDeletedFitsAt80x24(t *testing.T) {
	h := ownHarness(t, true)
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.keys("g", "d") // the first row is the app's own PAT
	checkUncut(t, h, `Delete PAT "`+ownPAT+`"? `+core.OwnPATWarning+" (y/N)")
	h.keys("y")
	checkUncut(t, h, core.OwnTokenGoneText(`PAT "`+ownPAT+`"`, true))
	h.keys("2")
	checkUncut(t, h, core.OwnTokenGoneText(`PAT "`+ownPAT+`"`, true), "Not loaded: the token this app signs in with was deleted (see above).")
	h.keys("P")
	checkUncut(t, h, core.OwnTokenGoneText(`PAT "`+ownPAT+`"`, true), `token no longer valid: this app deleted it (PAT "`+ownPAT+`")`)
}

func checkUncut(t *testing.T, h *harness, whole ...string) {
	t.Helper()
	for _, w := range whole {
		if !strings.Contains(flat(h.view()), w) {
			t.Fatalf("not whole: %q\n%s", w, h.view())
		}
	}
	lines := strings.Split(h.view(), "\n")
	if len(lines) != 24 {
		t.Fatalf("%d lines", len(lines))
	}
	for i, l := range lines {
		if i > 0 && strings.HasSuffix(strings.TrimRight(l, " "), "…") { // the header is cut as it always is
			t.Fatalf("line %d is cut: %q\n%s", i+1, l, h.view())
		}
	}
}

// A PAT the app made since it signed in is not the one it signs in with:
// deleting it asks the plain question, even when the app does not know
// its own PAT's id.
func TestDeleteAPATTheAppMade(t *testing.T) {
	h := ownHarness(t, false)
	h.keys("n")
	h.typeText("made here")
	h.keys("enter", "c", "enter")
	h.selectRow("made here")
	h.keys("d")
	if !strings.Contains(flat(h.view()), `Delete PAT "made here"? (y/N)`) {
		t.Fatalf("the question:\n%s", h.view())
	}
	h.keys("y")
	h.mustSee(`Deleted PAT "made here".`)
	h.mustNotSee("signed out")
}

// withoutFooter is a view less its last line (the footer: keys, or what a
// key said).
func withoutFooter(v string) string {
	if i := strings.LastIndex(v, "\n"); i >= 0 {
		return v[:i]
	}
	return v
}
