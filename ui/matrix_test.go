package ui

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/key"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/config"
	"github.com/unleash-tokens/unleash-tokens/inmem"
	"github.com/unleash-tokens/unleash-tokens/internal/realserver"
	"github.com/unleash-tokens/unleash-tokens/status"
)

// A screen of the matrix: how to get there from a fresh start, and what
// proves it is there.
type matrixScreen struct {
	name    string
	token   string
	server  []inmem.Option
	opts    []func(*Options)
	prepare func(t *testing.T, c *api.Client) // server data the screen needs, before the path (which then reloads)
	path    []string
	see     string
}

func matrixScreens() []matrixScreen {
	readOnly := func(o *Options) { o.ReadOnly = true }
	screens := []matrixScreen{
		{name: "my PATs", token: inmem.AdminPAT, see: "Personal access tokens"},
		{name: "my PATs, read-only", token: inmem.AdminPAT, opts: []func(*Options){readOnly}, see: "read-only"},
		{name: "my PATs, admin API token", token: inmem.AdminAPIToken, see: "You are signed in with an admin API token"},
		{name: "my PATs, filtered", token: inmem.AdminPAT, path: []string{"/", "e", "enter"}, see: "filter: e"},
		{name: "my PATs, typing a filter", token: inmem.AdminPAT, path: []string{"/", "e"}, see: "/e"},
		{name: "a new PAT", token: inmem.AdminPAT, path: []string{"n"}, see: "New personal access token"},
		{name: "service accounts", token: inmem.AdminPAT, path: []string{"2"}, see: "Service accounts  (3)"},
		{name: "an account's tokens", token: inmem.AdminPAT, path: []string{"2", "enter"}, see: "Service account CI runner (ci-runner) · tokens"},
		{name: "projects", token: inmem.AdminPAT, path: []string{"3"}, see: "Projects  (6)"},
		{name: "a project's tokens", token: inmem.AdminPAT, path: []string{"3", "j", "enter"}, see: "Project Checkout · API tokens"},
		{name: "a new project token", token: inmem.AdminPAT, path: []string{"3", "j", "enter", "n"}, see: "New API token for project Checkout"},
		{name: "an expiry change", token: inmem.AdminPAT, path: []string{"3", "j", "enter", "e"}, see: "Change the expiry of"},
		{name: "search, its search line focused", token: inmem.AdminPAT, path: []string{"4"}, see: "All API tokens  (16)"},
		{name: "search, keys back", token: inmem.AdminPAT, path: []string{"4", "esc"}, see: "All API tokens  (16)"},
		{name: "search, filtered", token: inmem.AdminPAT, path: []string{"4", "c", "h", "e", "c", "k", "enter"}, see: "filter: check"},
		{name: "search by exact name", token: inmem.ViewerPAT, path: []string{"4"}, see: "may not list all API tokens"},
		{name: "search by exact name, typing", token: inmem.ViewerPAT, path: []string{"4", "c"}, see: "Name: c"},
		{name: "search by exact name, keys back", token: inmem.ViewerPAT, path: []string{"4", "esc"}, see: "/ search by exact name"},
		{name: "help", token: inmem.AdminPAT, path: []string{"?"}, see: "closes this help"},
		{name: "my PATs, with profiles", token: inmem.AdminPAT, opts: []func(*Options){withProfiles}, see: "profile one"},
		{name: "the instance picker", token: inmem.AdminPAT, opts: []func(*Options){withProfiles}, path: []string{"P"}, see: "token resolves"},
		{name: "my PATs, signed out: the app's own PAT deleted", token: inmem.AdminPAT, opts: []func(*Options){withProfiles}, path: []string{"d", "y"},
			see: "This app's token is gone"},
		{name: "the instance picker, the app's own PAT deleted", token: inmem.AdminPAT, opts: []func(*Options){withProfiles}, path: []string{"d", "y", "P"},
			see: "token no longer valid"},
		{name: "audit, at risk: orphaned", token: inmem.AdminPAT, server: []inmem.Option{inmem.Risky()},
			opts: []func(*Options){func(o *Options) { o.Checks = audit.AllChecks }},
			path: []string{"5", "right", "right", "right", "right", "right", "right"}, see: "[orphaned"},
	}
	screens = append(screens, fixScreens()...)
	for i, c := range status.Categories {
		path := []string{"5"}
		for range i {
			path = append(path, "right")
		}
		screens = append(screens, matrixScreen{name: "audit, " + c.Label(status.Default), token: inmem.AdminPAT, path: path,
			see: "[" + c.Label(status.Default)})
	}
	return screens
}

// withProfiles offers two in-memory instances to switch to.
func withProfiles(o *Options) {
	o.Profile = "one"
	o.Profiles = []config.ProfileInfo{{Name: "one", URL: "https://one.example.com"}, {Name: "two", URL: "https://two.example.com"}}
	o.Open = func(_ context.Context, name string) (Instance, error) {
		srv := inmem.New(inmem.WithClock(testClock))
		c, _ := api.New("https://"+name+".example.com", inmem.AdminPAT, api.WithHTTPClient(srv.HTTPClient()), api.WithRetries(0))
		return Instance{Client: c, URL: c.BaseURL(), Profile: name}, nil
	}
}

// countingTransport counts the requests the app sends.
type countingTransport struct {
	n    atomic.Int64
	next http.RoundTripper
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.next.RoundTrip(r)
}

// offered is every key the footer and the overlay offer now.
func offered(h *harness) []key.Binding {
	m := h.m
	switch {
	case m.overlay != nil:
		return m.overlay.Keys()
	case m.showHelp:
		return append(m.helpScreenKeys(), m.ctx.Keys.Help, m.ctx.Keys.Back) // its scroll keys, and the footer's "?/esc close help"
	}
	cur := m.tabs[m.active]
	out := cur.Keys()
	if cur.Capturing() {
		return append(out, m.ctx.Keys.ForceQuit)
	}
	return append(out, m.globalKeys()...)
}

// TestEveryOfferedKeyActs presses, on every screen of the app, every key
// its footer offers, each from a fresh start: the app stays alive, the key
// changes what is shown (or quits, suspends, or asks the server again), and
// a question it opens is answered yes, with the server's state checked
// against what the app then says.
func TestEveryOfferedKeyActs(t *testing.T) {
	for _, sc := range matrixScreens() {
		runMatrix(t, sc, func(t *testing.T) (*harness, *countingTransport) {
			srv := inmem.New(append([]inmem.Option{inmem.WithClock(testClock)}, sc.server...)...)
			ct := &countingTransport{next: srv.HTTPClient().Transport}
			client, err := api.New("https://unleash.example.com", api.Secret(sc.token), api.WithHTTPClient(&http.Client{Transport: ct}), api.WithRetries(0))
			if err != nil {
				t.Fatal(err)
			}
			return newHarnessWith(t, client, srv, sc.opts...), ct
		}, true)
	}
}

// TestE2EEveryOfferedKeyActs does the same on the real server, answering no
// where a key asks (the server's tokens are other tests' too).
func TestE2EEveryOfferedKeyActs(t *testing.T) {
	creds := realserver.Get(t)
	screens := []matrixScreen{
		{name: "my PATs", see: "Personal access tokens"},
		{name: "my PATs, filtered", path: []string{"/", "e", "enter"}, see: "filter: e"},
		{name: "a new PAT", path: []string{"n"}, see: "New personal access token"},
		{name: "projects", path: []string{"3"}, see: "Projects  ("},
		{name: "a project's tokens", path: []string{"3", "enter"}, see: "Project Default · API tokens"},
		{name: "search", path: []string{"4"}, see: "All API tokens  ("},
		{name: "search, keys back", path: []string{"4", "esc"}, see: "All API tokens  ("},
		{name: "audit", path: []string{"5"}, see: "[expired"},
		{name: "help", path: []string{"?"}, see: "closes this help"},
	}
	for _, sc := range screens {
		runMatrix(t, sc, func(t *testing.T) (*harness, *countingTransport) {
			ct := &countingTransport{next: http.DefaultTransport}
			client, err := api.New(creds.URL, api.Secret(creds.AdminPAT), api.WithHTTPClient(&http.Client{Transport: ct}))
			if err != nil {
				t.Fatal(err)
			}
			return newHarnessWith(t, client, nil, func(o *Options) { o.Now = time.Now }), ct
		}, false)
	}
}

// runMatrix presses every key the screen offers, each from a fresh start.
func runMatrix(t *testing.T, sc matrixScreen, fresh func(*testing.T) (*harness, *countingTransport), yes bool) {
	start := func(t *testing.T) (*harness, *countingTransport) {
		h, ct := fresh(t)
		if sc.prepare != nil && h.srv != nil {
			admin, _ := api.New("https://unleash.example.com", inmem.AdminPAT, api.WithHTTPClient(h.srv.HTTPClient()))
			sc.prepare(t, admin)
		}
		h.keys(sc.path...)
		h.mustSee(sc.see)
		return h, ct
	}
	// The keys offered at the start, and on the second row (where up, g and
	// pgup act too).
	h, _ := start(t)
	keys := offered(h)
	if len(keys) == 0 {
		t.Fatalf("%s offers no key", sc.name)
	}
	moved := hasOffered(h, "j")
	if moved {
		h.keys("j")
		keys = append(keys, offered(h)...)
	}
	tried := map[string]bool{}
	for _, b := range keys {
		name := b.Keys()[0]
		if tried[name] {
			continue
		}
		tried[name] = true
		t.Run(sc.name+"/"+b.Help().Key+" "+b.Help().Desc, func(t *testing.T) {
			h, ct := start(t)
			if moved && name != "j" && name != "down" {
				h.keys("j") // the second row: up moves, and d does not delete the app's own PAT
				if !hasOffered(h, name) {
					h, ct = start(t) // a short list: down keys act only from the first row
				}
			}
			// A real server's lists change while other packages' tests run
			// on it (the audit's chosen category may be empty a moment): a
			// fresh start again, a few times, before calling it a fault.
			for try := 0; !hasOffered(h, name) && h.srv == nil && try < 5; try++ {
				time.Sleep(time.Duration(try+1) * 200 * time.Millisecond)
				h, ct = start(t)
				if moved && name != "j" && name != "down" {
					h.keys("j")
				}
			}
			if !hasOffered(h, name) {
				t.Fatalf("%q is not offered where it was:\n%s", name, h.view())
			}
			before, requests := h.view(), ct.n.Load()
			h.keys(name)
			acted := h.quit || h.suspended || h.view() != before || ct.n.Load() != requests
			if !acted {
				t.Fatalf("%q did nothing on %s:\n%s", name, sc.name, before)
			}
			if strings.Contains(h.view(), "(y/N)") {
				if yes {
					checkAnsweredYes(t, h)
				} else {
					h.keys("n")
					h.mustSee("Cancelled.")
				}
			}
		})
	}
}

func hasOffered(h *harness, k string) bool {
	for _, b := range offered(h) {
		for _, x := range b.Keys() {
			if x == k {
				return true
			}
		}
	}
	return false
}

// checkAnsweredYes answers a question yes and checks that the server agrees
// with what the app then says: a deleted token is no longer listed.
func checkAnsweredYes(t *testing.T, h *harness) {
	t.Helper()
	question := h.view()
	h.keys("y")
	v := h.view()
	switch {
	case strings.Contains(v, "Result · "):
		checkBulkResult(t, h, v)
		return
	case strings.Contains(question, "Close without copying?"):
		if !strings.Contains(v, "Closed without copying: that secret is gone.") {
			t.Fatalf("after y:\n%s", v)
		}
		return
	}
	if !strings.Contains(v, "Deleted ") && !strings.Contains(v, "Quit") {
		t.Fatalf("after y:\n%s\n(the question was:\n%s)", v, question)
	}
	i := strings.Index(v, "Deleted ")
	what := v[i+len("Deleted ") : i+strings.Index(v[i:], ".")]
	name := what[strings.Index(what, `"`)+1 : strings.LastIndex(what, `"`)]
	if strings.Contains(v[:i], name+" ") {
		t.Fatalf("%s still shown after its delete", what)
	}
	if h.srv != nil && h.srv.Has(name) {
		t.Fatalf("the app says %s is deleted, the server still has it", what)
	}
}

// fixScreens are the screens of rotation and of writes to many.
func fixScreens() []matrixScreen {
	expired := func(o []string) []string {
		return append([]string{"4", "e", "x", "p", "i", "r", "e", "d", "enter"}, o...)
	}
	atCap := func(t *testing.T, c *api.Client) {
		for _, d := range []string{"ninth", "tenth"} {
			if _, err := c.CreatePAT(context.Background(), api.CreatePAT{Description: d, ExpiresAt: testNow.Add(time.Hour)}); err != nil {
				t.Fatal(err)
			}
		}
	}
	fifty := func(t *testing.T, c *api.Client) { makeExpired(t, c, 50) }
	a := inmem.AdminPAT
	return []matrixScreen{
		{name: "my PATs, one marked", token: a, path: []string{"j", "space"}, see: "(8) · 1 marked"},
		{name: "an account's tokens, one marked", token: a, path: []string{"2", "enter", "space"}, see: "(3) · 1 marked"},
		{name: "a project's tokens, one marked", token: a, path: []string{"3", "j", "enter", "space"}, see: "(4) · 1 marked"},
		{name: "search, the expired marked", token: a, path: expired([]string{"a"}), see: "2 of 16 match · 2 marked"},
		{name: "audit, all marked", token: a, path: []string{"5", "a"}, see: "(5) · 5 marked"},
		{name: "a question for the marked", token: a, path: expired([]string{"a", "d"}), see: "Delete 2 API tokens? (y/N)"},
		{name: "the expiry of the marked", token: a, path: []string{"4", "esc", "a", "e"}, see: "Change the expiry of 16 API tokens"},
		{name: "the expiry of the marked, asked", token: a, path: []string{"5", "a", "e", "3", "0", "d", "enter"}, see: "Set 2 API tokens to expire"},
		{name: "a result of writes to many", token: a, path: expired([]string{"a", "d", "y"}), see: "Result · 2 deleted"},
		{name: "a long result", token: a, prepare: fifty, path: []string{"4", "esc", "r", "a", "d", "y"}, see: "Result · 66 deleted"},
		{name: "rotate a PAT", token: a, path: []string{"j", "R"}, see: "Rotate the PAT 4"},
		{name: "rotate a PAT, its old token", token: a, path: []string{"j", "R", "tab"}, see: "› Old token"},
		{name: "rotate a PAT, a date", token: a, path: []string{"j", "R", "left", "left", "tab"}, see: "› Date"},
		{name: "rotate a PAT at the cap", token: a, prepare: atCap, path: []string{"r", "j", "R"}, see: "delete it first"},
		{name: "rotate an account's token", token: a, path: []string{"2", "enter", "R"}, see: "Rotate the service-account token"},
		{name: "rotate a project's token", token: a, path: []string{"3", "j", "enter", "R"}, see: `Rotate the API token "growth-edge"`},
		{name: "rotate in search", token: a, path: []string{"4", "esc", "R"}, see: `Rotate the API token "growth-web"`},
		{name: "rotate a finding", token: a, path: []string{"5", "R"}, see: `Rotate the API token "data-warehouse-sync"`},
		{name: "rotated, the secret", token: a, path: []string{"j", "R", "enter"}, see: "Rotated: the new PAT"},
		{name: "rotated, the steps", token: a, path: []string{"4", "esc", "R", "enter", "c", "enter"}, see: "retire done"},
	}
}

// checkBulkResult checks that the server no longer has what the result of
// a bulk delete says it deleted.
func checkBulkResult(t *testing.T, h *harness, v string) {
	t.Helper()
	lines := strings.Split(v, "\n")
	in := false
	n := 0
	for _, l := range lines {
		switch {
		case strings.Contains(l, "Deleted ("):
			in = true
		case strings.Contains(l, "Changed ("):
			return
		case in && strings.Contains(l, "• "):
			name := l[strings.Index(l, `"`)+1:]
			scope := name[strings.Index(name, `"`)+1:]
			name = name[:strings.Index(name, `"`)]
			if stillThere(h, name, strings.Contains(l, "API token "), scope) {
				t.Fatalf("the result says %q is deleted, the server still has it", l)
			}
			n++
		case in && strings.TrimSpace(l) == "":
			in = false
		}
	}
	if n == 0 && !strings.Contains(v, "Result · 0 deleted") {
		t.Fatalf("no deleted token in the result:\n%s", v)
	}
}

// stillThere reports whether the server still has the token: a PAT by its
// description, an API token by its name, type and environment (the result
// says `API token "name" (type, environment, projects)`).
func stillThere(h *harness, name string, apiToken bool, scope string) bool {
	if !apiToken {
		return h.srv.Has(name)
	}
	parts := strings.Split(strings.Trim(strings.TrimSpace(scope), "()"), ", ")
	list, err := h.client.APITokensByName(context.Background(), name)
	if err != nil {
		h.t.Fatal(err)
	}
	for _, tok := range list {
		if len(parts) > 1 && string(tok.Type) == parts[0] && tok.Environment == parts[1] {
			return true
		}
	}
	return false
}
