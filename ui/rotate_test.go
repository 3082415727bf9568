package ui

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/inmem"
	"github.com/unleash-tokens/unleash-tokens/tokenref"
)

// rotateSelected presses R on the selected row, chooses what becomes of
// the old token, rotates, copies the new secret and closes its screen and
// the form; it returns the secret.
func (h *harness) rotateSelected(choice string) string {
	h.t.Helper()
	h.keys("R")
	h.mustSee("Rotate the ", "enter rotate")
	h.keys("tab")
	for range 6 {
		if strings.Contains(h.view(), "["+choice+"]") {
			break
		}
		h.keys("right")
	}
	h.mustSee("[" + choice + "]")
	h.keys("enter")
	h.mustSee("Rotated: the new", "The new secret works")
	h.keys("c")
	secret := h.copier.copied[len(h.copier.copied)-1]
	h.keys("enter")
	h.mustSee("Rotated: the new secret was shown once", "create done", "prove done", "retire done")
	h.mustNotSee(secret)
	h.keys("enter")
	return secret
}

// rotateKind is one kind of token row: how to get to it, the token it is,
// and how its new secret is proven on the server.
type rotateKind struct {
	name    string
	path    []string
	row     string
	old     func(t *testing.T, c *api.Client) tokenref.Token
	choices []string
}

func findPAT(t *testing.T, c *api.Client, desc string) tokenref.Token {
	t.Helper()
	pats, err := c.ListPATs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pats {
		if p.Description == desc {
			return tokenref.FromPAT(p)
		}
	}
	t.Fatalf("no PAT %q", desc)
	return tokenref.Token{}
}

func findAccountToken(t *testing.T, c *api.Client, account, desc string) tokenref.Token {
	t.Helper()
	list, err := c.ListServiceAccounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range list.Accounts {
		for _, p := range a.Tokens {
			if a.Name == account && p.Description == desc {
				return tokenref.FromServiceAccountToken(a.ID, a.Name, p)
			}
		}
	}
	t.Fatalf("no token %q of %s", desc, account)
	return tokenref.Token{}
}

func findAPIToken(t *testing.T, c *api.Client, name, env, project string) tokenref.Token {
	t.Helper()
	list, err := c.APITokensByName(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	for _, tok := range list {
		if tok.Environment == env {
			return tokenref.FromAPIToken(tok, project)
		}
	}
	t.Fatalf("no API token %q in %s", name, env)
	return tokenref.Token{}
}

var (
	patChoices = []string{"delete now", "keep"}
	apiChoices = []string{"delete now", "expire in 1h", "expire in 24h", "expire in 7d", "keep"}
)

func rotateKinds() []rotateKind {
	return []rotateKind{
		{"my PAT", []string{"1"}, "grafana dashboards",
			func(t *testing.T, c *api.Client) tokenref.Token { return findPAT(t, c, "grafana dashboards") }, patChoices},
		{"service-account token", []string{"2", "enter"}, "github actions",
			func(t *testing.T, c *api.Client) tokenref.Token {
				return findAccountToken(t, c, "CI runner", "github actions")
			}, patChoices},
		{"project token", []string{"3", "j", "enter"}, "checkout-web",
			func(t *testing.T, c *api.Client) tokenref.Token {
				return findAPIToken(t, c, "checkout-web", "production", "checkout")
			}, apiChoices},
		{"API token in Search", []string{"4", "esc"}, "growth-edge",
			func(t *testing.T, c *api.Client) tokenref.Token {
				return findAPIToken(t, c, "growth-edge", "production", "")
			}, apiChoices},
		{"API finding in Audit", []string{"5", "left"}, "edge-proxy",
			func(t *testing.T, c *api.Client) tokenref.Token {
				return findAPIToken(t, c, "edge-proxy", "production", "")
			}, apiChoices},
		{"PAT finding in Audit", []string{"5", "right"}, "ci deploy pipeline",
			func(t *testing.T, c *api.Client) tokenref.Token { return findPAT(t, c, "ci deploy pipeline") }, patChoices},
	}
}

// proveWorks checks on the server that a new secret authenticates as its
// kind of token does.
func proveWorks(t *testing.T, c *api.Client, old tokenref.Token, secret string) {
	t.Helper()
	as := c.WithToken(api.Secret(secret))
	var err error
	switch {
	case old.Kind != tokenref.APIToken:
		_, err = as.Me(context.Background())
	case old.API.Type == api.TypeFrontend:
		_, err = as.FrontendFeatures(context.Background())
	default:
		_, err = as.ClientFeatures(context.Background())
	}
	if err != nil {
		t.Fatalf("the new secret does not work: %v", err)
	}
}

// checkOld checks what became of the old token on the server.
func checkOld(t *testing.T, c *api.Client, old tokenref.Token, choice string, now time.Time) {
	t.Helper()
	found, listed, err := tokenref.Reread(context.Background(), c, []tokenref.Token{old}).Find(old)
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case choice == "delete now":
		if listed {
			t.Fatal("the old token is still listed")
		}
	case strings.HasPrefix(choice, "expire in "):
		grace := map[string]time.Duration{"1h": time.Hour, "24h": 24 * time.Hour, "7d": 7 * 24 * time.Hour}[strings.TrimPrefix(choice, "expire in ")]
		if e := old.ExpiresAt(); e != nil && e.Before(now.Add(grace)) {
			checkOld(t, c, old, "keep", now) // it stops sooner anyway: left as it is
			return
		}
		if !listed || !tokenref.ExpiryIs(found, now.Add(grace)) {
			t.Fatalf("the old token: listed %v, expires %v, want %v", listed, found.ExpiresAt(), now.Add(grace))
		}
	case choice == "keep":
		was, is := old.ExpiresAt(), found.ExpiresAt()
		if !listed || (was == nil) != (is == nil) || was != nil && !was.Equal(*is) {
			t.Fatalf("the old token changed: listed %v, expires %v, was %v", listed, is, was)
		}
	}
}

// TestRotateEachKindEachChoice rotates, through R, a token of every kind of
// row (my PATs, a service account's, a project's, Search, and findings in
// the Audit tab) with every choice for the old one, and checks on the
// in-memory server: the new secret works, and the old token is gone,
// expires at the end of the grace period, or is as it was.
func TestRotateEachKindEachChoice(t *testing.T) {
	for _, k := range rotateKinds() {
		for _, choice := range k.choices {
			t.Run(k.name+"/"+choice, func(t *testing.T) {
				h := newHarness(t, inmem.AdminPAT)
				old := k.old(t, h.client)
				h.keys(k.path...)
				h.selectRow(k.row)
				secret := h.rotateSelected(choice)
				proveWorks(t, h.client, old, secret)
				checkOld(t, h.client, old, choice, testNow)
				h.mustSee("Rotated: the new secret was shown once")
				if old.Kind != tokenref.APIToken && k.path[0] != "5" {
					h.mustSee(old.PAT.Description + " (rotated 2026-11-23)")
				}
			})
		}
	}
}

// The audit counts follow a rotation made in the Audit tab.
func TestRotateFromTheAuditUpdatesTheCounts(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	h.keys("5")
	h.mustSee("[expired 5]")
	h.selectRow("laptop terraform")
	h.rotateSelected("delete now")
	h.mustSee("[expired 4]")
	h.mustNotSee("laptop terraform  ")
}

// A secret the server refuses stops the rotation before the old token is
// touched, and is never shown.
func TestRotateStopsWhenTheProofFails(t *testing.T) {
	srv := inmem.New(inmem.WithClock(testClock))
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/client/features" {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"message":"This endpoint requires an API token."}`)
			return
		}
		srv.ServeHTTP(w, r)
	}))
	defer ts.Close()
	client, _ := api.New(ts.URL, inmem.AdminPAT, api.WithRetries(0))
	h := newHarnessWith(t, client, srv)
	old := findAPIToken(t, client, "growth-edge", "production", "")
	h.keys("4", "esc")
	h.selectRow("growth-edge")
	h.keys("R", "tab", "left", "left") // delete now
	h.mustSee("[delete now]")
	h.keys("enter")
	h.mustRead("create done", "prove failed", "The server refused the new secret", "The old token is kept, untouched.",
		"Stopped: the new token's secret did not work, so it was not shown, and the old token was not touched. Delete the new one")
	h.mustNotSee("retire")
	if h.m.overlay != nil {
		t.Fatal("a secret screen is open")
	}
	for _, v := range h.views {
		if strings.Contains(v, "Rotated: the new") {
			t.Fatal("the refused secret was shown")
		}
	}
	if _, listed, _ := tokenref.Reread(context.Background(), client, []tokenref.Token{old}).Find(old); !listed {
		t.Fatal("the old token is gone")
	}
	h.keys("enter")
	h.mustSee("All API tokens  (17)") // the new one is listed, for the user to delete
}

// losePosts loses the answers to POSTs after the server acted on them, as a
// timeout does, and records every write sent.
type losePosts struct {
	next   http.RoundTripper
	mu     sync.Mutex
	writes []string
}

func (l *losePosts) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method == http.MethodGet {
		return l.next.RoundTrip(r)
	}
	l.mu.Lock()
	l.writes = append(l.writes, r.Method)
	l.mu.Unlock()
	resp, err := l.next.RoundTrip(r)
	if err != nil || r.Method != http.MethodPost {
		return resp, err
	}
	resp.Body.Close()
	return nil, fmt.Errorf("read: %w", context.DeadlineExceeded)
}

// A create whose answer is lost is not retried and nothing is deleted; the
// form says that the new token appeared, its secret lost.
func TestRotateLostCreateDeletesNothing(t *testing.T) {
	srv := inmem.New(inmem.WithClock(testClock))
	lose := &losePosts{next: srv.HTTPClient().Transport}
	client, _ := api.New("https://unleash.example.com", inmem.AdminPAT, api.WithHTTPClient(&http.Client{Transport: lose}), api.WithRetries(0))
	h := newHarnessWith(t, client, srv)
	old := findPAT(t, client, "grafana dashboards")
	h.selectRow("grafana dashboards")
	h.keys("R", "tab", "left") // delete now
	h.mustSee("[delete now]")
	h.keys("enter")
	h.mustRead("create failed", "The create's answer was lost", "now exists. Its secret is lost", "Nothing was deleted: the old token is kept.",
		"Stopped: no new token to use, and nothing was deleted after the create.")
	if fmt.Sprint(lose.writes) != "[POST]" {
		t.Fatalf("writes %v: one create, nothing else", lose.writes)
	}
	if _, listed, _ := tokenref.Reread(context.Background(), client, []tokenref.Token{old}).Find(old); !listed {
		t.Fatal("the old token is gone")
	}
	if h.m.overlay != nil {
		t.Fatal("a secret screen is open")
	}
}

// At Unleash's cap of 10 PATs the form says so before anything is made,
// and offers only deleting the old one first, with the warning.
func TestRotateAtTheCap(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	for _, d := range []string{"ninth", "tenth"} {
		if _, err := h.client.CreatePAT(context.Background(), api.CreatePAT{Description: d, ExpiresAt: testNow.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	h.keys("r")
	h.mustSee("(10)")
	old := findPAT(t, h.client, "grafana dashboards")
	h.selectRow("grafana dashboards")
	h.keys("R")
	h.mustRead("You have 10 PATs, Unleash's cap: no new one can be made while the old one exists.", "delete it first",
		"Enter deletes the old token BEFORE the new one is created.", "enter delete the old one, then create")
	h.keys("esc")
	h.mustSee("Cancelled: nothing was rotated.", "(10)")
	h.keys("R", "enter")
	h.mustSee("Rotated: the new PAT")
	h.keys("c")
	secret := h.copier.copied[len(h.copier.copied)-1]
	h.keys("enter")
	h.mustSee("delete first done", "create done", "prove done")
	h.mustRead("Rotated: the new secret was shown once; the old token was deleted first.")
	proveWorks(t, h.client, old, secret)
	checkOld(t, h.client, old, "delete now", testNow)
	h.keys("enter")
	h.mustSee("(10)", "grafana dashboards (rotated 2026-11-23)")
}

// Rotating the PAT the app signs in with and deleting it: the form says
// plainly that the app must be started again with the new secret.
func TestRotateTheAppsOwnPAT(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	h.selectRow("unleash-tokens on my laptop")
	h.keys("R", "tab", "left")
	h.mustSee("[delete now]")
	h.keys("enter", "c", "enter")
	h.mustRead("retire done", "It was the token this session signed in with",
		"This app signed in with the PAT that was just deleted: when you close this, it goes on with the new one.")
	h.keys("enter")
	h.mustSee("The app now signs in with the new PAT.", "Ada Admin (admin)", "at most 10 per user  (8)", "(rotated 2026-11-23)")
	h.mustNotSee("401", "not signed in")
}

// A retire the server answers OK to but does not do: the new token is
// there and shown, and the form says the old one was not retired.
func TestRotateRetireThatTheServerIgnores(t *testing.T) {
	srv := inmem.New(inmem.WithClock(testClock))
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodDelete {
			w.WriteHeader(http.StatusOK) // as the real server does for tokens it does not have
			return
		}
		srv.ServeHTTP(w, r)
	}))
	defer ts.Close()
	client, _ := api.New(ts.URL, inmem.AdminPAT, api.WithRetries(0))
	h := newHarnessWith(t, client, srv)
	h.selectRow("grafana dashboards")
	h.keys("R", "tab", "left", "enter", "c", "enter")
	h.mustRead("create done", "prove done", "retire failed", `is still listed: it was not deleted. Both tokens work.`,
		"The new token works and its secret was shown once, but the old token was not retired as asked (see retire above)")
}

// The form says before enter what the rotation will do with an old token
// that already expires before the grace period would end: leave it.
func TestRotatePreviewLeavesAnEarlierExpiry(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	h.keys("4", "esc")
	h.selectRow("mobile-android") // expires in 2 days
	h.keys("R", "tab")
	for range 6 {
		if strings.Contains(h.view(), "[expire in 7d]") {
			break
		}
		h.keys("right")
	}
	h.mustRead("Left as it is: it already expires", "before this grace period would end.")
	h.mustNotSee("Set to expire")
	h.keys("left") // a day: before its expiry, so it is set
	h.mustRead("Set to expire", "once the new secret is proven")
}
