package ui

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/inmem"
)

// step is a step towards a golden screen: text typed, keys sent, then a
// wait for text on the screen.
type step struct {
	keys []string
	text string
	wait string
}

// goldenScreen is a screen TestGoldenViews draws at every size (and
// TestThemesKeepTheLayout in both themes).
type goldenScreen struct {
	name    string
	token   string
	prepare func(*testing.T, *api.Client) // data besides richData's, before the start
	steps   []step
	server  []inmem.Option
}

// drive takes the program to the screen.
func (sc goldenScreen) drive(t *testing.T, tm *teatest.TestModel) {
	for _, s := range sc.steps {
		if s.text != "" {
			tm.Type(s.text)
		}
		for _, k := range s.keys {
			tm.Send(keyMsg(k))
		}
		if s.wait != "" {
			waitFor(t, tm, s.wait)
		}
	}
}

// goldenScreens are the screens drawn at every size.
func goldenScreens() []goldenScreen {
	return []goldenScreen{
		{"pats", inmem.AdminPAT, nil, []step{{wait: "(9)"}}, nil},
		{"accounts", inmem.AdminPAT, nil, []step{{keys: []string{"2"}, wait: "Service accounts  (3)"}}, nil},
		{"account-tokens", inmem.AdminPAT, nil, []step{{keys: []string{"2"}, wait: "Service accounts  (3)"}, {keys: []string{"enter"}, wait: "· tokens  (3)"}}, nil},
		{"projects", inmem.AdminPAT, nil, []step{{keys: []string{"3"}, wait: "Projects  (6)"}}, nil},
		{"project-tokens", inmem.AdminPAT, nil, []step{{keys: []string{"3"}, wait: "Projects  (6)"}, {keys: []string{"j", "enter"}, wait: "API tokens  (5)"}}, nil},
		{"search", inmem.AdminPAT, nil, []step{{keys: []string{"4"}, wait: "All API tokens  (17)"}}, nil},
		{"search-long-name", inmem.AdminPAT, nil, []step{{keys: []string{"4"}, wait: "All API tokens  (17)"}, {keys: []string{"/"}}, {text: "storefront", wait: "1 of 17"}}, nil},
		{"search-filtered", inmem.AdminPAT, nil, []step{{keys: []string{"4"}, wait: "All API tokens  (17)"}, {keys: []string{"/"}}, {text: "check", wait: "of 17 match"}, {keys: []string{"enter"}, wait: "filter: check"}}, nil},
		{"audit", inmem.AdminPAT, nil, []step{{wait: "(9)"}, {keys: []string{"5"}, wait: "[expired 5]"}}, nil},
		{"audit-risks", inmem.AdminPAT, nil, []step{{wait: "(9)"}, {keys: []string{"5"}, wait: "[expired 5]"}, {keys: []string{"left", "left", "left", "left"}, wait: "[all projects"}}, []inmem.Option{inmem.Risky(), inmem.SecureTokens()}},
		{"audit-stale-by-last-seen", inmem.AdminPAT, nil, []step{{wait: "(9)"}, {keys: []string{"5"}, wait: "[expired 5]"}, {keys: []string{"right", "right", "right"}, wait: "(9)"}, {keys: []string{"s", "s"}, wait: "Last seen ↑"}}, nil},
		{"pats-sorted-by-expiry", inmem.AdminPAT, nil, []step{{wait: "(9)"}, {keys: []string{"s"}, wait: "Expires ↑"}}, nil},
		{"new-pat", inmem.AdminPAT, nil, []step{{wait: "(9)"}, {keys: []string{"n"}, wait: "New personal access token"}, {text: "deploy bot", wait: "deploy bot"}}, nil},
		{"pat-secret", inmem.AdminPAT, nil, []step{{wait: "9 stale"}, {keys: []string{"n"}, wait: "New personal access token"}, {text: "deploy bot", keys: []string{"enter"}, wait: "you will not see it again"}}, nil},
		{"pat-secret-close-uncopied", inmem.AdminPAT, nil, []step{{wait: "9 stale"}, {keys: []string{"n"}, wait: "New personal access token"}, {text: "deploy bot", keys: []string{"enter"}, wait: "you will not see it again"}, {keys: []string{"enter"}, wait: "(y/N)"}}, nil},
		{"pat-delete-confirm", inmem.AdminPAT, nil, []step{{wait: "(9)"}, {keys: []string{"d"}, wait: "Delete PAT"}}, nil},
		{"pat-deleted-own", inmem.AdminPAT, nil, []step{{wait: "(9)"}, {keys: []string{"d"}, wait: "Delete PAT"}, {keys: []string{"y"}, wait: "signed out"}}, nil},
		{"new-project-token", inmem.AdminPAT, nil, []step{{keys: []string{"3"}, wait: "Projects  (6)"}, {keys: []string{"j", "enter"}, wait: "API tokens  (5)"}, {keys: []string{"n"}, wait: "[development]"}, {text: "checkout-web", keys: []string{"tab", "right"}, wait: "[frontend]"}}, nil},
		{"expiry-edit", inmem.AdminPAT, nil, []step{{keys: []string{"3"}, wait: "Projects  (6)"}, {keys: []string{"j", "enter"}, wait: "API tokens  (5)"}, {keys: []string{"e"}, wait: "Change the expiry"}, {keys: []string{"left"}, wait: "Expires on 2027-01-22"}}, nil},
		{"search-marked", inmem.AdminPAT, nil, []step{{keys: []string{"4"}, wait: "All API tokens  (17)"}, {keys: []string{"esc", "space", "space", "j", "space"}, wait: "3 marked"}}, nil},
		{"rotate-form", inmem.AdminPAT, nil, []step{{keys: []string{"4"}, wait: "All API tokens  (17)"}, {keys: []string{"/"}}, {text: "checkout-web", wait: "1 of 17"}, {keys: []string{"enter", "R"}, wait: "Old token"}}, nil},
		{"rotate-steps", inmem.AdminPAT, nil, []step{{keys: []string{"4"}, wait: "All API tokens  (17)"}, {keys: []string{"/"}}, {text: "checkout-web", wait: "1 of 17"}, {keys: []string{"enter", "R"}, wait: "Old token"}, {keys: []string{"enter"}, wait: "Copy it now"}, {keys: []string{"enter", "y"}, wait: "Closed without copying"}}, nil},
		{"rotate-pat-at-cap", inmem.AdminPAT, tenthPAT, []step{{wait: "(10)"}, {keys: []string{"j", "R"}, wait: "delete it first"}}, nil},
		{"bulk-result", inmem.AdminPAT, nil, []step{{keys: []string{"4"}, wait: "All API tokens  (17)"}, {keys: []string{"/"}}, {text: "expired", wait: "2 of 17"}, {keys: []string{"enter", "a", "d"}, wait: "(y/N)"}, {keys: []string{"y"}, wait: "Result ·"}}, nil},
	}
}

// TestGoldenViews runs the real program (teatest) on the in-memory server
// with a fixed clock and compares the final view with testdata/*.golden.
// Update with: go test ./ui -run TestGoldenViews -update
func TestGoldenViews(t *testing.T) {
	screens := goldenScreens()
	// Every screen at every size without colour (as NO_COLOR draws it, less
	// bold), and at 120×35 in the dark and the light theme's colours.
	type look struct {
		size  [2]int
		theme string // "": no colour
	}
	var looks []look
	for _, size := range sizes {
		looks = append(looks, look{size: size})
	}
	looks = append(looks, look{[2]int{120, 35}, "dark"}, look{[2]int{120, 35}, "light"})
	for _, sc := range screens {
		for _, lk := range looks {
			size := lk.size
			name := fmt.Sprintf("%s-%dx%d", sc.name, size[0], size[1])
			if lk.theme != "" {
				name += "-" + lk.theme
			}
			t.Run(name, func(t *testing.T) {
				if lk.theme != "" {
					lipgloss.SetColorProfile(termenv.TrueColor)
					lipgloss.SetHasDarkBackground(lk.theme == "dark")
					defer func() {
						lipgloss.SetColorProfile(termenv.Ascii)
						lipgloss.SetHasDarkBackground(true)
					}()
				}
				runGolden(t, sc.token, sc.server, size, func(tm *teatest.TestModel) { sc.drive(t, tm) }, sc.prepare)
			})
		}
	}
	others := []struct {
		name  string
		token string
		opts  []inmem.Option
		size  [2]int
		keys  []string
		wait  string
	}{
		{"help-120x35", inmem.AdminPAT, nil, [2]int{120, 35}, []string{"?"}, "closes this help"},
		{"help-60x20", inmem.AdminPAT, nil, [2]int{60, 20}, []string{"?"}, "closes this help"},
		{"open-source-accounts-120x35", inmem.AdminPAT, []inmem.Option{inmem.OpenSource()}, [2]int{120, 35}, []string{"2"}, "need Unleash Enterprise"},
		{"wrong-token-120x35", "user:wrong", nil, [2]int{120, 35}, nil, "Press r to retry"},
		{"admin-api-token-pats-80x24", inmem.AdminAPIToken, nil, [2]int{80, 24}, nil, "admin API token"},
		{"small-60x15", inmem.AdminPAT, nil, [2]int{60, 15}, nil, "(9)"},
		{"too-small-30x8", inmem.AdminPAT, nil, [2]int{30, 8}, nil, "too small"},
	}
	for _, o := range others {
		t.Run(o.name, func(t *testing.T) {
			runGolden(t, o.token, o.opts, o.size, func(tm *teatest.TestModel) {
				for _, k := range o.keys {
					tm.Send(keyMsg(k))
				}
				waitFor(t, tm, o.wait)
			})
		})
	}
}

// richData adds what the seed lacks: a token with a long name and many
// projects, and a PAT with a long description, so the goldens show how
// the scope and a long name are drawn at every size.
func richData(t *testing.T, c *api.Client) {
	t.Helper()
	ctx := context.Background()
	exp := testNow.Add(20 * 24 * time.Hour)
	if _, err := c.CreateAPIToken(ctx, api.CreateAPIToken{Name: "storefront-recommendations-service-eu-west-1-canary",
		Type: api.TypeBackend, Environment: "production", ExpiresAt: &exp,
		Projects: []string{"checkout", "payments", "search", "mobile-app", "growth-experiments"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreatePAT(ctx, api.CreatePAT{Description: "nightly export of every feature flag to the data warehouse (owner: data platform team)",
		ExpiresAt: testNow.Add(60 * 24 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
}

// runGolden runs the program on the rich data, and whatever prepare adds,
// and compares its settled view with the golden file.
func runGolden(t *testing.T, token string, opts []inmem.Option, size [2]int, drive func(*teatest.TestModel), prepare ...func(*testing.T, *api.Client)) {
	t.Helper()
	golden.RequireEqual(t, []byte(settledView(t, token, opts, size, drive, prepare...)))
}

// settledView runs the program as runGolden does and gives its view once
// every request it made has finished.
func settledView(t *testing.T, token string, opts []inmem.Option, size [2]int, drive func(*teatest.TestModel), prepare ...func(*testing.T, *api.Client)) string {
	t.Helper()
	srv := inmem.New(append([]inmem.Option{inmem.WithClock(testClock)}, opts...)...)
	client, err := api.New("https://unleash.example.com", api.Secret(token), api.WithHTTPClient(srv.HTTPClient()), api.WithRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	admin, _ := api.New("https://unleash.example.com", inmem.AdminPAT, api.WithHTTPClient(srv.HTTPClient()))
	richData(t, admin)
	for _, f := range prepare {
		if f != nil {
			f(t, admin)
		}
	}
	// The app knows which PAT it signs in with, as the demo does.
	p := &probe{Model: New(Options{Client: client, URL: client.BaseURL(), SignedInPAT: srv.PATID(token), Now: testClock, Checks: audit.AllChecks})}
	p.busy.Store(true)
	tm := teatest.NewTestModel(t, p, teatest.WithInitialTermSize(size[0], size[1]))
	drive(tm)
	// Let the last requests finish (a create also re-runs the audit), so the
	// view is the settled one.
	// Idle for 200 ms on end: keys still queued (the rest of a typed query
	// after the wait's text showed) start a filter again.
	deadline := time.Now().Add(30 * time.Second)
	var idleSince time.Time
	for ; time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		switch {
		case p.busy.Load():
			idleSince = time.Time{}
		case idleSince.IsZero():
			idleSince = time.Now()
		case time.Since(idleSince) >= 200*time.Millisecond:
			deadline = time.Time{}
		}
	}
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	final := tm.FinalModel(t, teatest.WithFinalTimeout(30*time.Second)).(*probe).Model
	if final.busy() {
		t.Fatal("still loading at the end")
	}
	view := final.View()
	recordView(t, final, view)
	return view
}

// probe records, after every message, whether the app still waits for a
// request: the test reads it while the program runs.
type probe struct {
	*Model
	busy atomic.Bool
}

func (p *probe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := p.Model.Update(msg)
	p.busy.Store(p.Model.busy())
	return p, cmd
}

func waitFor(t *testing.T, tm *teatest.TestModel, text string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return strings.Contains(ansi.Strip(string(b)), text) },
		teatest.WithDuration(30*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
}

var _ tea.Model = (*Model)(nil)

// tenthPAT makes the rich data's admin reach Unleash's cap of 10 PATs.
func tenthPAT(t *testing.T, c *api.Client) {
	t.Helper()
	if _, err := c.CreatePAT(context.Background(), api.CreatePAT{Description: "tenth", ExpiresAt: testNow.Add(30 * 24 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
}
