package ui

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/inmem"
	"github.com/unleash-tokens/unleash-tokens/ui/core"
)

func TestStartShowsMyPATsAndWhoIAm(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	h.mustSee("Ada Admin (admin)", "Enterprise 8.2.0", "https://unleash.example.com",
		"Personal access tokens", "(8)", "ci deploy pipeline", "expired 12d ago", "never used", "expiring ≤3d")
	if !strings.Contains(h.selectedLine(), "unleash-tokens on my laptop") {
		t.Fatalf("first row selected, got %q", h.selectedLine())
	}
	h.mustSee(`PAT "unleash-tokens on my laptop"`, "expires 2027-11-23 12:00:00 UTC (in 1y)", "last seen 2026-11-23 12:00:00 UTC (just now)",
		"created 2026-11-22 12:00:00 UTC (24h ago)", "id 1")
}

func TestTabSwitching(t *testing.T) {
	tests := []struct {
		keys   []string
		active core.TabID
		see    string
	}{
		{[]string{"tab"}, core.TabAccounts, "CI runner"},
		{[]string{"tab", "tab"}, core.TabProjects, "Checkout"},
		{[]string{"shift+tab"}, core.TabAudit, "Expired · its expiry has passed"},
		{[]string{"shift+tab", "shift+tab"}, core.TabSearch, "All API tokens"},
		{[]string{"5"}, core.TabAudit, "[expired 5]"},
		{[]string{"3"}, core.TabProjects, "growth-experiments"},
		{[]string{"2", "1"}, core.TabPATs, "ci deploy pipeline"},
		{[]string{"4"}, core.TabSearch, "All API tokens  (16)"},
		{[]string{"tab", "tab", "tab", "tab", "tab"}, core.TabPATs, "ci deploy pipeline"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.keys, " "), func(t *testing.T) {
			h := newHarness(t, inmem.AdminPAT)
			h.keys(tt.keys...)
			if h.m.active != tt.active {
				t.Fatalf("active tab %d, want %d", h.m.active, tt.active)
			}
			h.mustSee(tt.see)
		})
	}
}

func TestMovingAndFiltering(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	h.keys("j", "j")
	if !strings.Contains(h.selectedLine(), "laptop terraform") {
		t.Fatalf("after j j: %q", h.selectedLine())
	}
	h.keys("G")
	if !strings.Contains(h.selectedLine(), "release bot") {
		t.Fatalf("after G: %q", h.selectedLine())
	}
	h.keys("k", "g")
	if !strings.Contains(h.selectedLine(), "unleash-tokens on my laptop") {
		t.Fatalf("after g: %q", h.selectedLine())
	}
	h.keys("/")
	h.typeText("TERRA")
	h.mustSee("1 of 8 match", "laptop terraform")
	h.mustNotSee("ci deploy pipeline")
	// While filtering, q and digits are text, not commands.
	h.typeText("q1")
	if h.quit || h.m.active != core.TabPATs {
		t.Fatal("q or 1 acted while the filter had the keyboard")
	}
	h.mustSee("0 of 8 match", "No rows match the filter.")
	h.keys("backspace", "backspace", "enter")
	h.mustSee("filter: TERRA · / to change, esc to clear", "laptop terraform")
	h.keys("esc")
	h.mustSee("(8)", "ci deploy pipeline")
	h.mustNotSee("filter:")
}

func TestDrillDownAndBack(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	h.keys("3", "j", "enter")
	h.mustSee("Project Checkout · API tokens", "(4)", "checkout-web", "growth-edge", "growth-experiments, checkout")
	h.mustSee("v1 token, secret []:productio… (", " chars), stored in clear by the server") // one pair of parentheses
	h.keys("esc")
	h.mustSee("Projects", "Growth experiments")
	if !strings.Contains(h.selectedLine(), "Checkout") {
		t.Fatalf("cursor stays on the opened project: %q", h.selectedLine())
	}
	h.keys("2", "enter")
	h.mustSee("Service account CI runner (ci-runner) · tokens", "github actions", "gitlab (old)", "nightly e2e")
	h.keys("esc")
	h.mustSee("Data export", "none")
}

func TestStaleAnswerIsDropped(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	h.keys("3")
	// Open Checkout but hold its answer back, go back, open Payments.
	h.keys("j")
	_, slow := h.m.Update(keyMsg("enter"))
	h.keys("esc", "j", "enter")
	h.mustSee("Project Payments", "payments-worker")
	h.run(slow) // Checkout's answer arrives late
	h.mustSee("Project Payments", "payments-worker")
	h.mustNotSee("checkout-web")
}

func TestReloadShowsServerChanges(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	pats, _ := h.client.ListPATs(context.Background())
	if err := h.client.DeletePAT(context.Background(), pats[1].ID); err != nil {
		t.Fatal(err)
	}
	h.mustSee("ci deploy pipeline")
	h.keys("r")
	h.mustSee("(7)")
	h.mustNotSee("ci deploy pipeline")
}

func TestHelpAndQuit(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	h.mustSee("? help", "q quit")
	h.keys("?")
	h.mustSee("Keys", "next tab", "stale          not used for 90d (or never, and made that long ago)")
	h.keys("esc")
	h.mustSee("ci deploy pipeline")
	h.keys("q")
	if !h.quit {
		t.Fatal("q quits")
	}
	h = newHarness(t, inmem.AdminPAT)
	h.keys("/", "ctrl+c")
	if !h.quit {
		t.Fatal("ctrl+c quits even while filtering")
	}
}

func TestExplanationsInsteadOfErrors(t *testing.T) {
	tests := []struct {
		name   string
		token  string
		opts   []inmem.Option
		keys   []string
		see    []string
		notSee []string
	}{
		{"service accounts on open source", inmem.AdminPAT, []inmem.Option{inmem.OpenSource()}, []string{"2"},
			[]string{"Service accounts need Unleash Enterprise.", "open-source edition", "open source 8.2.0"}, []string{"Could not load", "404"}},
		{"admin API token has no PATs", inmem.AdminAPIToken, nil, nil,
			[]string{"admin API token", "You are signed in with an admin API token.", "PATs require an authenticated user."}, []string{"Could not load"}},
		{"viewer lists project tokens", inmem.ViewerPAT, nil, []string{"3", "enter"},
			[]string{"Could not load the API tokens of project default:", "READ_PROJECT_API_TOKEN", "The token's user needs the READ_PROJECT_API_TOKEN permission.", "Press r to retry."}, nil},
		{"viewer searches", inmem.ViewerPAT, nil, []string{"4"},
			[]string{"This token may not list all API tokens", `"READ_FRONTEND_API_TOKEN"`, "Type a token's exact name"}, nil},
		{"wrong token", "user:wrong", nil, nil,
			[]string{"not signed in: not authenticated", "Could not load your personal access tokens:", "You must log in to use Unleash. (HTTP 401 UnauthorizedError)",
				"Check the token: it may be mistyped, expired or deleted.", "Press r to retry."}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, tt.token, tt.opts...)
			h.keys(tt.keys...)
			h.mustSee(tt.see...)
			h.mustNotSee(tt.notSee...)
		})
	}
}

func TestUnreachableServerAndRecovery(t *testing.T) {
	srv := inmem.New(inmem.WithClock(testClock))
	up := true
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !up {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(502)
			fmt.Fprint(w, "<html><body>Bad gateway</body></html>")
			return
		}
		srv.ServeHTTP(w, r)
	}))
	defer ts.Close()
	client, _ := api.New(ts.URL, inmem.AdminPAT, api.WithRetries(0))
	h := newHarnessWith(t, client, srv)
	h.mustSee("ci deploy pipeline")
	up = false
	h.keys("r")
	h.mustSee("Reload failed: list your PATs: the server (or a proxy in front of it) is unavailable (HTTP 502) · r to retry", "ci deploy pipeline")
	up = true
	h.keys("r")
	h.mustNotSee("Reload failed")

	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	client, _ = api.New(closed.URL, inmem.AdminPAT, api.WithRetries(0))
	h = newHarnessWith(t, client, srv)
	h.mustSee("not signed in: unreachable", "cannot reach 127.0.0.1", "connection refused", "Check the URL and that the server is running.")
}

func TestSearch(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	h.keys("4")
	h.mustSee("All API tokens  (16)", "backend-all", "edge-proxy")
	h.keys("/")
	h.typeText("CHECKOUT")
	h.mustSee("of 16 match", "checkout-api", "checkout-web", "growth-edge")
	h.mustNotSee("edge-proxy")
	h.keys("enter", "j")
	if !strings.Contains(h.selectedLine(), "checkout") && !strings.Contains(h.selectedLine(), "growth-edge") {
		t.Fatalf("results take the keys after a search: %q", h.selectedLine())
	}
	h.keys("esc")
	h.mustSee("All API tokens  (16)")
	h.keys("/")
	h.typeText("zzz")
	h.mustSee("0 of 16 match", "No rows match the filter.")
}

// A token that may not list all API tokens searches by exact name, through
// the server's by-name endpoint.
func TestSearchByExactName(t *testing.T) {
	h := newHarness(t, inmem.ViewerPAT)
	h.keys("4")
	h.mustSee("This token may not list all API tokens", "Name: ", "esc leave the field", "tab next tab")
	h.keys("/") // the field has the keys already: / on it types nothing
	h.typeText("checkout-api")
	h.keys("enter")
	h.mustSee(`API tokens named exactly "checkout-api"`)
}

func TestSecretsNeverShown(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	tokens, err := h.client.ListAPITokens(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var views []string
	collect := func() { views = append(views, h.view()) }
	collect()
	h.keys("3")
	for i := 0; i < 6; i++ {
		h.keys("enter")
		for j := 0; j < 5; j++ {
			collect()
			h.keys("j")
		}
		h.keys("esc", "j")
	}
	h.keys("4", "esc")
	for j := 0; j < 16; j++ {
		collect()
		h.keys("j")
	}
	for _, tok := range tokens {
		secret := tok.Secret.Reveal()
		body := secret[strings.Index(secret, ".")+1:]
		for _, v := range views {
			if strings.Contains(v, body[:8]) {
				t.Fatalf("a view shows the secret of %s:\n%s", tok.Name, v)
			}
		}
	}
	if len(views) < 40 {
		t.Fatalf("only %d views checked", len(views))
	}
}

func TestEveryTerminalSizeFits(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	screens := [][]string{nil, {"2"}, {"3", "enter"}, {"4"}, {"?"}}
	for _, keys := range screens {
		h.keys("esc", "esc", "1")
		h.keys(keys...)
		for _, size := range [][2]int{{1, 1}, {20, 6}, {39, 9}, {40, 10}, {60, 15}, {80, 24}, {120, 35}, {400, 120}} {
			h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			v := h.view()
			lines := strings.Split(v, "\n")
			if len(lines) > size[1] {
				t.Fatalf("%v at %dx%d: %d lines", keys, size[0], size[1], len(lines))
			}
			for _, l := range lines {
				if w := ansi.StringWidth(l); w > size[0] {
					t.Fatalf("%v at %dx%d: line of width %d: %q", keys, size[0], size[1], w, l)
				}
			}
		}
	}
	h.send(tea.WindowSizeMsg{Width: 39, Height: 9})
	h.mustSee("Terminal too small:", "39×9, needs 40×10.")
	h.send(tea.WindowSizeMsg{Width: 20, Height: 6})
	h.mustSee("Terminal too small:")
	h.keys("q")
	if !h.quit {
		t.Fatal("q quits a too-small terminal")
	}
}

func TestRowsAreMarkedWithoutColour(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	if h.selectedLine() == "" {
		t.Fatal("the selected row carries a > marker")
	}
	for _, words := range []string{"expired", "expiring ≤3d", "never used", "stale", "no expiry"} {
		h.mustSee(words)
	}
}

func TestHostileServerText(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	ctx := context.Background()
	for _, name := range []string{"\x1b]52;c;ZXZpbA==\x07evil", "\x1b[2Jclear", "rtl\u202eoverride"} {
		if _, err := h.client.CreateAPIToken(ctx, api.CreateAPIToken{Name: name, Type: api.TypeBackend, Projects: []string{"search"}}); err != nil {
			t.Fatal(err)
		}
	}
	h.keys("3")
	h.selectRow("Search")
	h.keys("enter")
	v := h.view()
	for _, bad := range []string{"\x1b]52", "\x1b[2J", "\u202e", "\x07"} {
		if strings.Contains(v, bad) {
			t.Fatalf("view carries %q", bad)
		}
	}
	h.mustSee("evil", "clear", "rtloverride")
}

// A server older than Unleash 5 is named as not supported: its lists load,
// creates are refused with the reason.
func TestUnsupportedServer(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT, inmem.WithVersion("4.22.0"))
	h.mustSee("Enterprise 4.22.0", "not supported: lists only", "Unleash 4.22.0 is not supported (5.0.0 or later is)", "ci deploy pipeline")
	h.keys("3", "j", "enter", "n")
	h.typeText("old-server")
	h.keys("enter")
	h.mustSee("is not supported")
	h.mustNotSee("Project API token created")
}
