package ui

import (
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/inmem"
	"github.com/unleash-tokens/unleash-tokens/ui/clipboard"
)

var patSecret = regexp.MustCompile(`user:[0-9a-f]{56}`)

// secretOnScreen returns the secret the secret screen shows.
func secretOnScreen(t *testing.T, h *harness) string {
	t.Helper()
	s := patSecret.FindString(h.view())
	if s == "" {
		t.Fatalf("no secret on screen:\n%s", h.view())
	}
	return s
}

func assertGone(t *testing.T, h *harness, secret string) {
	t.Helper()
	if strings.Contains(h.view(), secret) || strings.Contains(h.m.flash, secret) {
		t.Fatal("the secret is still on screen after closing")
	}
	if h.m.overlay != nil {
		t.Fatal("the secret screen is still open")
	}
}

func TestCreatePATInThreeKeystrokesCopyAndClose(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	h.keys("n")
	h.mustSee("New personal access token", "8 of 10 allowed personal access tokens in use.", "[30 days]", "Expires on 2026-12-23 12:00 UTC, in 30d.")
	h.typeText("deploy bot")
	h.keys("enter")
	h.mustSee("Personal access token created", `"deploy bot" for you · expires 2026-12-23 12:00:00 UTC`, "Copy it now: you will not see it again.",
		"It acts as you, with the same permissions.", "c copies · enter closes")
	secret := secretOnScreen(t, h)
	// The secret works.
	c, _ := api.New("https://unleash.example.com", api.Secret(secret), api.WithHTTPClient(h.srv.HTTPClient()))
	if me, err := c.Me(context.Background()); err != nil || me.Username != "admin" {
		t.Fatalf("the new secret does not work: %v %v", me, err)
	}
	h.keys("c")
	if len(h.copier.copied) != 1 || h.copier.copied[0] != secret {
		t.Fatalf("copied %q", h.copier.copied)
	}
	h.mustSee("Copied to the system clipboard.")
	h.keys("enter")
	assertGone(t, h, secret) // the screen's bytes are wiped: ui/overlay's TestSecretWipedOnClose
	h.mustSee("Secret closed.", "(9)", "deploy bot")
	for _, v := range h.views[len(h.views)-1:] {
		if strings.Contains(v, secret) {
			t.Fatal("secret in a view after close")
		}
	}
}

func TestSecretScreenAsksBeforeClosingUncopied(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	h.keys("n")
	h.typeText("x")
	h.keys("enter")
	secret := secretOnScreen(t, h)
	h.keys("esc")
	h.mustSee("Close without copying? (y/N) You will not see this secret again.", secret)
	h.keys("n")
	h.mustSee(secret, "c copies · enter closes")
	h.keys("q", "y")
	assertGone(t, h, secret)
	h.mustSee("Closed without copying: that secret is gone.")

	h.keys("n")
	h.typeText("y")
	h.keys("enter", "ctrl+c")
	h.mustSee("Quit without copying? (y/N)")
	if h.quit {
		t.Fatal("ctrl+c quit with an uncopied secret")
	}
	h.keys("y")
	if !h.quit {
		t.Fatal("y after ctrl+c quits")
	}
}

// y only ever answers yes: on the secret screen it neither copies nor
// closes, so a y meant to copy cannot answer "Close without copying?".
func TestSecretScreenYIsNotCopy(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	h.keys("n")
	h.typeText("x")
	h.keys("enter")
	secret := secretOnScreen(t, h)
	h.keys("y")
	if len(h.copier.copied) != 0 {
		t.Fatalf("y copied: %d copies", len(h.copier.copied))
	}
	h.mustSee(secret, "c copies · enter closes")
	if strings.Contains(h.view(), "Close without copying") {
		t.Fatal("y asked to close")
	}
	h.keys("c")
	if len(h.copier.copied) != 1 {
		t.Fatalf("c copied %d times", len(h.copier.copied))
	}
	h.keys("enter")
	assertGone(t, h, secret)
}

func TestCopyFailureKeepsTheSecretOnScreen(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	h.copier.result = clipboard.CopyResult{Err: errString("no clipboard tool (install xclip, xsel or wl-clipboard), and no terminal to send OSC 52 to.")}
	h.keys("n")
	h.typeText("x")
	h.keys("enter", "c")
	secret := secretOnScreen(t, h)
	h.mustSee("Could not copy: no clipboard tool (install xclip, xsel or wl-clipboard), and no terminal to send OSC 52 to. Select", secret)
	h.keys("enter")
	h.mustSee("Close without copying?")
	h.copier.result = clipboard.CopyResult{Via: "osc52"}
	h.keys("n", "c")
	h.mustSee("Sent to your terminal's clipboard (OSC 52).")
	h.keys("enter")
	assertGone(t, h, secret)
}

type errString string

func (e errString) Error() string { return string(e) }

func TestPATFormValidation(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	h.keys("n", "enter")
	h.mustSee("A description is required.")
	h.typeText("   ")
	h.keys("enter")
	h.mustSee("A description is required.")
	h.typeText("ci deploy pipeline")
	h.keys("enter")
	h.mustSee("A token with that description already exists.")
	// A description the list does not know yet but the server does: its 409.
	if _, err := h.client.CreatePAT(context.Background(), api.CreatePAT{Description: "made elsewhere", ExpiresAt: testNow.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	for range "   ci deploy pipeline" {
		h.keys("backspace")
	}
	h.typeText("made elsewhere")
	h.keys("enter")
	h.mustSee("A token with that description already exists.")
	h.mustNotSee("Personal access token created")

	for range "made elsewhere" {
		h.keys("backspace")
	}
	h.typeText("custom one")
	h.keys("tab", "right", "right", "right")
	h.mustSee("[date]")
	h.keys("tab")
	h.typeText("2026-11-01")
	h.mustSee("2026-11-01 23:59 UTC is in the past; an expiry must be in the future")
	h.keys("enter")
	h.mustNotSee("Personal access token created")
	for range "2026-11-01" {
		h.keys("backspace")
	}
	h.typeText("2027-02-30")
	h.mustSee(`"2027-02-30" is not a real date and time`)
	for range "2027-02-30" {
		h.keys("backspace")
	}
	h.typeText("2027-01-31 18:00")
	h.mustSee("Expires on 2027-01-31 18:00 UTC, in 2mo.")
	h.keys("shift+tab", "right")
	h.mustSee("[never]", "Never expires. An expiry is recommended")
	h.mustNotSee("3026")
	h.keys("enter")
	h.mustSee("Personal access token created", "expires never (3026-11-23)")
	h.keys("c", "enter")
	h.mustSee("custom one", "no expiry")
	h.keys("n", "esc")
	h.mustSee("Cancelled: no token was created.")
}

func TestPATCap(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	h.keys("n")
	h.typeText("ninth")
	h.keys("enter", "c", "enter", "n")
	h.mustSee("This will be the last one: Unleash allows 10 per user.")
	h.typeText("tenth")
	h.keys("enter", "c", "enter", "n")
	h.mustSee("You already have 10 personal access tokens, the most Unleash allows. Delete one first: esc, then d.")
	h.typeText("eleventh")
	h.keys("enter")
	h.mustNotSee("Personal access token created")
	h.keys("esc")
	h.mustSee("(10)")
}

func TestDeletePAT(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	h.keys("j", "j", "j") // grafana dashboards
	h.keys("d")
	// The app signs in with one of this user's PATs and cannot know which.
	h.mustSee(`Delete PAT "grafana dashboards"? If this is the token this app signs in with, nothing loads after it until you`,
		"restart with another token. (y/N)", "Apps and scripts that use it lose access at once.")
	h.keys("enter")
	h.mustSee("Cancelled.", "grafana dashboards")
	h.keys("d", "y")
	h.mustSee(`Deleted PAT "grafana dashboards".`, "(7)")
	h.keys("r")
	h.mustNotSee("grafana dashboards") // the flash went with the key; so did the row
}

func TestDeleteThatTheServerIgnores(t *testing.T) {
	srv := inmem.New(inmem.WithClock(testClock))
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodDelete {
			w.WriteHeader(200) // as the real server does for ids it does not have
			return
		}
		srv.ServeHTTP(w, r)
	}))
	defer ts.Close()
	client, _ := api.New(ts.URL, inmem.AdminPAT, api.WithRetries(0))
	h := newHarnessWith(t, client, srv)
	h.keys("j", "d", "y")
	h.mustSee(`The server answered OK, but PAT "ci deploy pipeline" is still listed: it was not deleted.`, "(8)")
}

func TestDeleteRefusedKeepsTheRow(t *testing.T) {
	h := newHarness(t, inmem.EditorPAT)
	h.keys("4", "/")
	h.typeText("data-warehouse")
	h.keys("enter", "d")
	h.mustSee(`Delete API token "data-warehouse-sync"? (y/N)`)
	h.keys("y")
	h.mustSee("Not deleted, it is still there: delete an API token: You don't have the required permissions", "data-warehouse-sync")
}

func TestCreateTimeoutLooksInsteadOfRetrying(t *testing.T) {
	for _, created := range []bool{true, false} {
		srv := inmem.New(inmem.WithClock(testClock))
		var posts atomic.Int32
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost {
				posts.Add(1)
				if created {
					srv.ServeHTTP(httptest.NewRecorder(), r)
				}
				time.Sleep(300 * time.Millisecond)
				return
			}
			srv.ServeHTTP(w, r)
		}))
		client, _ := api.New(ts.URL, inmem.AdminPAT, api.WithRetries(0), api.WithTimeout(100*time.Millisecond))
		h := newHarnessWith(t, client, srv)
		h.keys("n")
		h.typeText("slow one")
		h.keys("enter")
		if n := posts.Load(); n != 1 {
			t.Fatalf("%d POSTs: a create must not be retried", n)
		}
		if created {
			h.mustSee(`No answer in time, but PAT "slow one" now exists. Its secret is lost: press d to delete it`, "(9)")
			if !strings.Contains(h.selectedLine(), "slow one") {
				t.Fatalf("the cursor goes to the orphan: %q", h.selectedLine())
			}
		} else {
			h.mustSee(`No answer in time, and no PAT "slow one" exists: nothing was created. Press n to try again.`, "(8)")
		}
		ts.Close()
	}
}

func TestProjectTokenCreateEditDelete(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	h.keys("3", "j", "j", "enter") // Payments
	h.mustSee("Project Payments · API tokens", "(2)")
	h.keys("n")
	h.mustSee("New API token for project Payments", "[backend]", "[development]", "[90 days]", "Expires on 2027-02-21 12:00 UTC, in 3mo.")
	h.keys("enter")
	h.mustSee("A name is required.")
	h.typeText("payments-web")
	h.keys("tab", "right", "tab", "right", "right", "tab")
	h.mustSee("[frontend]", "[production]")
	h.keys("right", "right") // never: the warning says why not
	h.mustRead("Never expires. An expiry is recommended")
	h.keys("left", "left")
	h.mustSee("Expires on 2027-02-21 12:00 UTC, in 3mo.")
	h.keys("enter")
	h.mustSee("Project API token created", `"payments-web" · frontend · production · project payments`, "Give it to a frontend SDK")
	if !strings.Contains(h.view(), "payments:production.") {
		t.Fatalf("the full secret is shown:\n%s", h.view())
	}
	h.keys("c", "enter")
	h.mustSee("(3)", "payments-web")
	h.mustNotSee("payments:production.")

	h.selectRow("payments-web")
	h.keys("e")
	h.mustSee("Change the expiry of payments-web", "now expires 2027-02-21 12:00:00 UTC (in 3mo)", "[90 days]")
	h.keys("right", "tab") // a date
	h.typeText("yesterday")
	h.keys("enter")
	h.mustSee(`"yesterday" is not an expiry`)
	for range "yesterday" {
		h.keys("backspace")
	}
	h.typeText("7d")
	h.keys("enter")
	h.mustSee("payments-web now expires 2026-11-30 12:00:00 UTC (in 7d).", "in 7d")
	h.keys("d", "y")
	h.mustSee(`Deleted API token "payments-web".`, "(2)")
}

func TestServiceAccountTokenCreate(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	h.keys("2", "j", "j", "enter") // Data export, no tokens
	h.mustSee("This service account has no tokens. Press n to create one.")
	h.keys("n")
	h.mustSee("New token for service account Data export", "0 of 10 allowed")
	h.typeText("nightly export")
	h.keys("enter")
	h.mustSee("Personal access token created", `"nightly export" for service account Data export`, "It acts as service account Data export")
	h.keys("c", "enter")
	h.mustSee("nightly export", "(1)")
}

func TestReadOnlyTurnsWritesOff(t *testing.T) {
	srv := inmem.New(inmem.WithClock(testClock))
	client, _ := api.New("https://unleash.example.com", inmem.AdminPAT, api.WithHTTPClient(srv.HTTPClient()))
	h := newHarnessWith(t, client, srv, func(o *Options) { o.ReadOnly = true })
	h.keys("n", "d")
	h.mustNotSee("New personal access token", "Delete PAT", "n new", "d delete")
	h.keys("3", "enter", "e")
	h.mustNotSee("Change the expiry", "e edit")
	h.keys("?")
	h.mustNotSee("new", "delete", "edit expiry")
}

func TestNoSecretLeaksAcrossWriteFlows(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	h.keys("n")
	h.typeText("leak check")
	h.keys("enter")
	secret := secretOnScreen(t, h)
	h.keys("c", "enter")
	shownAt := len(h.views)
	h.keys("2", "3", "enter", "4")
	h.typeText("e")
	h.keys("enter", "1", "?", "esc")
	for _, v := range h.views[shownAt:] {
		if strings.Contains(v, secret) || strings.Contains(v, secret[5:20]) {
			t.Fatalf("a view after close holds the secret:\n%s", v)
		}
	}
}

func TestServiceAccountTokenDelete(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	h.keys("2", "enter") // CI runner, three tokens
	h.mustSee("Service account CI runner (ci-runner) · tokens  (3)")
	h.selectRow("gitlab (old)")
	h.keys("d")
	h.mustSee(`Delete the token "gitlab (old)" of service account CI runner? (y/N)`)
	h.keys("n")
	h.mustSee("Cancelled.", "(3)")
	h.keys("d", "y")
	h.mustSee(`Deleted the token "gitlab (old)" of service account CI runner.`, "(2)")
	h.mustNotSee("gitlab (old)  ")
	h.keys("esc")
	h.mustSee("Service accounts  (3)", "2 tokens")
}

// Esc while a create is on its way does not pretend it was cancelled: the
// form says the request cannot be called back and waits, and the secret
// shows when the answer comes.
func TestEscWhileCreatingWaitsForTheAnswer(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	h.keys("n")
	h.typeText("slow one")
	_, create := h.m.Update(keyMsg("enter")) // held: the server has not answered yet
	h.keys("esc")
	h.mustSee("cannot be called back", "creating…")
	h.mustNotSee("Cancelled")
	h.keys("esc", "q", "tab")
	h.mustSee("New personal access token", "creating…")
	h.run(create) // the answer comes
	h.mustSee("Personal access token created", `"slow one"`)
	secretOnScreen(t, h)
}

// The same for an expiry change.
func TestEscWhileChangingExpiryWaits(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	h.keys("3", "j", "enter")
	h.selectRow("checkout-web")
	h.keys("e", "left", "left", "left") // 90, 60, 30, 7 days
	_, change := h.m.Update(keyMsg("enter"))
	h.keys("esc")
	h.mustSee("cannot be called back", "saving…")
	h.mustNotSee("Cancelled")
	h.run(change)
	h.mustSee("checkout-web now expires 2026-11-30 12:00:00 UTC (in 7d).")
}
