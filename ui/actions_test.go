package ui

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/inmem"
	"github.com/unleash-tokens/unleash-tokens/status"
	"github.com/unleash-tokens/unleash-tokens/theme"
	"github.com/unleash-tokens/unleash-tokens/ui/clipboard"
	"github.com/unleash-tokens/unleash-tokens/ui/core"
)

// TestKeysSayWhyNot: a key a screen takes but that cannot act where it is
// says why (issue 22: e on a PAT, c on a row, n in Search were silent).
func TestKeysSayWhyNot(t *testing.T) {
	for _, c := range []struct {
		name string
		path []string
		key  string
		says string
	}{
		{"e on a PAT", nil, "e", "Unleash cannot change the expiry of a PAT: R rotates it"},
		{"e on a service-account token", []string{"2", "enter"}, "e", "Unleash cannot change the expiry of a service-account token"},
		{"c on a row", nil, "c", "No secret to copy here: a token's secret is shown once"},
		{"c on a project's token", []string{"3", "j", "enter"}, "c", "No secret to copy here"},
		{"n in Search", []string{"4", "esc"}, "n", "A new API token belongs to a project: make it in the Projects tab (3)"},
		{"P without profiles", nil, "P", "No other instance to switch to"},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, inmem.AdminPAT)
			h.keys(c.path...)
			before := h.view()
			h.keys(c.key)
			h.mustRead(c.says)
			if top(h.view(), 8) != top(before, 8) { // the footer's words may take a line from the table's empty rows
				t.Fatalf("%s changed more than the footer:\n%s", c.key, h.view())
			}
		})
	}
}

// TestReadOnlyKeysSayWhy: in read-only mode every write key of the table
// says why, and none is offered.
func TestReadOnlyKeysSayWhy(t *testing.T) {
	h := withOpts(t, func(o *Options) { o.ReadOnly = true })
	for _, k := range []string{"n", "d", "R", " ", "a"} {
		if hasOffered(h, k) {
			t.Fatalf("%q offered in read-only mode", k)
		}
		h.keys(k)
		h.mustRead("Read-only: started with --read-only")
	}
}

// TestQClosesThePicker: q closes the instance picker as it closes help.
func TestQClosesThePicker(t *testing.T) {
	h := withOpts(t, withProfiles)
	h.keys("P")
	h.mustSee("Instances", "esc/q close")
	h.keys("q")
	if h.quit || h.m.overlay != nil {
		t.Fatalf("q did not close the picker (quit: %v)", h.quit)
	}
	h.keys("?")
	h.keys("q")
	if h.quit || h.m.showHelp {
		t.Fatal("q did not close help")
	}
}

// TestHelpListsEveryMove: help lists the moves on the first row too, and
// every key of each (h/l, home/end, ctrl+u/d).
func TestHelpListsEveryMove(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	h.keys("?")
	h.mustSee("↑/k", "pgup/ctrl+u", "g/home", "↓/j", "pgdn/ctrl+d", "G/end")
	h.keys("esc", "5", "?")
	h.mustSee("←/→", "h/l")
}

// TestEscReturnsFromAnAuditJump: enter on an Audit row shows the token in
// its tab; esc there comes back to the Audit tab, on the same category.
func TestEscReturnsFromAnAuditJump(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	h.keys("5", "right")
	h.mustSee("[expiring ≤3d")
	h.keys("enter")
	if h.m.active == core.TabAudit {
		t.Fatalf("enter did not jump:\n%s", h.view())
	}
	h.mustSee("esc back to Audit")
	h.keys("esc")
	if h.m.active != core.TabAudit {
		t.Fatalf("esc did not come back:\n%s", h.view())
	}
	h.mustSee("[expiring ≤3d")
	// Once back, or after another tab, esc is the tab's own again.
	h.keys("enter", "1")
	h.mustNotSee("esc back to Audit")
}

// TestAuditJumpOffersEscOnce: after a jump into an account's tokens (a
// drill with an esc of its own), the footer and the help name esc once,
// as what it does: back to Audit, not the drill's "back" as well.
func TestAuditJumpOffersEscOnce(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	h.send(tea.WindowSizeMsg{Width: 200, Height: 50})
	h.keys("5")
	h.mustSee("[expired")
	h.keys("j", "enter") // terraform local state, a service-account token
	if h.m.active != core.TabAccounts {
		t.Fatalf("enter did not jump to the account's tokens:\n%s", h.view())
	}
	if f := h.m.footer(); strings.Count(f, "esc") != 1 || !strings.Contains(f, "back to Audit") {
		t.Fatalf("footer names esc other than once, as back to Audit: %q", f)
	}
	h.keys("?")
	if v := h.view(); strings.Count(v, "esc back") != 0 || !strings.Contains(v, "back to Audit") {
		t.Fatalf("help names esc other than once, as back to Audit:\n%s", v)
	}
}

// opts is a harness on the default in-memory server with the options.
func withOpts(t *testing.T, opts ...func(*Options)) *harness {
	t.Helper()
	srv := inmem.New(inmem.WithClock(testClock))
	client, err := api.New("https://unleash.example.com", inmem.AdminPAT, api.WithHTTPClient(srv.HTTPClient()), api.WithRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	return newHarnessWith(t, client, srv, opts...)
}

// TestIncompleteAuditSaysUnknown (issue 19 item 3): an audit that could
// not read the PATs nor the API tokens does not say "No expired tokens.".
func TestIncompleteAuditSaysUnknown(t *testing.T) {
	srv := inmem.New(inmem.WithClock(testClock))
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/admin/user/tokens" || strings.HasSuffix(r.URL.Path, "/api-tokens") {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = w.Write([]byte(`{"name":"InternalError","message":"down"}`))
			return
		}
		srv.ServeHTTP(w, r)
	}))
	defer ts.Close()
	client, _ := api.New(ts.URL, inmem.AdminPAT, api.WithRetries(0))
	h := newHarnessWith(t, client, srv)
	h.keys("5")
	h.mustSee("(incomplete)")
	empty := 0
	for _, c := range status.Categories {
		label := c.Label(h.m.ctx.Thresholds)
		h.mustSee("[" + label)
		h.mustNotSee("No " + label + " tokens.")
		if strings.Contains(h.view(), "["+label+" 0]") {
			empty++
			h.mustRead("None found in the lists that could be read", "could not be: there may be "+label+" tokens there.")
		}
		h.keys("right")
	}
	if empty == 0 {
		t.Fatal("no empty category to test")
	}
}

// TestSummaryColoursEveryCategory (issue 19 item 11): the summary draws
// each count in its category's colour, as the table does (≤3d was grey).
func TestSummaryColoursEveryCategory(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	st := h.m.ctx.Styles
	lipgloss.SetColorProfile(termenv.TrueColor)
	defer lipgloss.SetColorProfile(termenv.Ascii)
	h.m.audit.Summary(10, true) // forget the line drawn without colour
	for _, c := range status.Categories {
		if h.m.audit.Counts()[c] == 0 {
			continue
		}
		want := st.Category.Of(c).Render(fmt.Sprintf("%d %s", h.m.audit.Counts()[c], c.Label(h.m.ctx.Thresholds)))
		if !strings.Contains(h.m.audit.Summary(200, false), want) {
			t.Errorf("%s: not in its colour in %q", c.Label(h.m.ctx.Thresholds), h.m.audit.Summary(200, false))
		}
	}
}

// top is the view's first n lines.
func top(v string, n int) string {
	lines := strings.Split(v, "\n")
	return strings.Join(lines[:min(n, len(lines))], "\n")
}

// TestAuditPillsShowTheChosen: the Audit tab's pills are one line, and the
// chosen one shows at every width (at 80 columns a risk's pill was off
// screen).
func TestAuditPillsShowTheChosen(t *testing.T) {
	for _, w := range []int{60, 80, 120} {
		srv := inmem.New(inmem.WithClock(testClock), inmem.Risky())
		client, _ := api.New("https://unleash.example.com", inmem.AdminPAT, api.WithHTTPClient(srv.HTTPClient()), api.WithRetries(0))
		h := newHarnessWith(t, client, srv, func(o *Options) { o.Checks = audit.AllChecks })
		h.send(tea.WindowSizeMsg{Width: w, Height: 24})
		h.keys("5")
		for i := range h.m.audit.NumChoices() {
			pills := strings.Split(h.view(), "\n")[3]
			if !strings.Contains(pills, "[") || !strings.Contains(pills, "]") {
				t.Fatalf("%d columns, choice %d: the chosen pill is not shown:\n%s", w, i, h.view())
			}
			h.keys("right")
		}
	}
}

// TestYCopiesAnIDAndONamesThePage: y copies the selected token's id (never
// its secret), o names its page in the Unleash web UI.
func TestYCopiesAnIDAndONamesThePage(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	var copied []string // not the harness's copier: it takes what it copies for secrets, and an id is none
	h.m.ctx.Copy = func(s string) clipboard.CopyResult {
		copied = append(copied, s)
		return clipboard.CopyResult{Via: "clipboard"}
	}
	h.keys("j", "y")
	h.mustRead("Copied the id 4 to the system clipboard.")
	if len(copied) != 1 || copied[0] != "4" {
		t.Fatalf("copied %q", copied)
	}
	h.keys("o")
	h.mustRead("Its page in the Unleash web UI: https://unleash.example.com/profile/personal-api-tokens")
	h.keys("3", "j", "enter", "o")
	h.mustRead("Its page in the Unleash web UI: https://unleash.example.com/projects/checkout/settings/api-access")
	h.keys("y")
	for _, c := range copied[1:] {
		if strings.Contains(c, ":") && !strings.HasPrefix(c, "sha256:") {
			t.Fatalf("y copied what looks like a secret: %q", c)
		}
	}
}

// TestSortIsNamedWithItsArrow: the title names the sort with its arrow, so
// a sort by a column the width hides still shows.
func TestSortIsNamedWithItsArrow(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	h.send(tea.WindowSizeMsg{Width: 60, Height: 20})
	h.keys("s", "s")
	h.mustRead("sorted by last seen ↑")
	h.mustNotSee("Last seen") // the column is hidden at 60 columns
}

// TestFooterInTheAppsTheme: the footer's keys and descriptions are drawn
// in the app's theme, not bubbles' greys (#626262 keys, #4A4A4A
// descriptions on dark: about 2:1); keys are bold.
func TestFooterInTheAppsTheme(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	lipgloss.SetColorProfile(termenv.TrueColor)
	defer lipgloss.SetColorProfile(termenv.Ascii)
	h.m.keyLine = drawnKeys{}
	footer := h.m.footer()
	for _, grey := range []string{"98;98;98", "74;74;74", "60;60;60", "144;144;144", "178;178;178", "221;218;218"} {
		if strings.Contains(footer, grey) {
			t.Fatalf("bubbles' grey %s in the footer: %q", grey, footer)
		}
	}
	if !strings.Contains(footer, "\x1b[1m") {
		t.Fatalf("keys not bold: %q", footer)
	}
}

// TestNoColorKeepsBold: with NO_COLOR the app draws no colour, and keeps
// bold (the title, the selected row, the footer's keys) and underline.
func TestNoColorKeepsBold(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	defer lipgloss.SetColorProfile(termenv.Ascii)
	defer theme.WithoutColour()() // New empties the palette again: this puts it back after
	h := newHarness(t, inmem.AdminPAT)
	v := h.view()
	if !strings.Contains(v, "\x1b[1m") && !strings.Contains(v, "\x1b[1;") {
		t.Fatalf("no bold under NO_COLOR: %q", v[:200])
	}
	if strings.Contains(v, "38;") || strings.Contains(v, "48;") || regexp.MustCompile(`\x1b\[(3|4|9|10)[0-7]m`).MatchString(v) {
		t.Fatalf("a colour under NO_COLOR: %q", v)
	}
}

// TestRisksInEveryTabsDetail: a token at risk says so in its own tab's
// detail, as in the Audit tab's (the summary counted them, only the Audit
// tab named them).
func TestRisksInEveryTabsDetail(t *testing.T) {
	srv := inmem.New(inmem.WithClock(testClock), inmem.Risky())
	client, _ := api.New("https://unleash.example.com", inmem.AdminPAT, api.WithHTTPClient(srv.HTTPClient()), api.WithRetries(0))
	h := newHarnessWith(t, client, srv, func(o *Options) { o.Checks = audit.AllChecks })
	h.keys("4", "esc", "G") // the admin token
	h.mustRead(`API token "admin"`, "at risk: no expiry in production: never expires")
	h.keys("1", "j")
	h.mustNotSee("at risk:") // a PAT at no risk says nothing of it
}

// TestHelpKeepsEveryKeyBeforeTheStatusWords: in a terminal too small for
// the keys in short columns beside the status words, help gives the keys
// the room (it cut them off the right, "…", and y, o, q went unseen); a
// status word's meaning wraps in its column.
func TestHelpKeepsEveryKeyBeforeTheStatusWords(t *testing.T) {
	for _, size := range []tea.WindowSizeMsg{{Width: 70, Height: 24}, {Width: 60, Height: 30}} {
		h := newHarness(t, inmem.AdminPAT)
		h.send(size)
		h.keys("?")
		h.mustSee("copy id", "its page", "quit", "suspend", "go to a tab")
		h.mustNotSee("…")
	}
	// At 80x24 the Audit tab's keys and the status words both fit once
	// the tip under the status words gives way.
	h := newHarness(t, inmem.AdminPAT)
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.keys("5", "?")
	h.mustSee("go to a tab", "its page", "no expiry date")
	h.mustNotSee("…")
	h = newHarness(t, inmem.AdminPAT)
	h.send(tea.WindowSizeMsg{Width: 60, Height: 20})
	h.keys("?", "G") // the status words are under the keys: the help scrolls
	h.mustSee("  expiring ≤3d   expires within 3d and is past half its\n                 lifetime")
}

// TestParentListsSayWhyTokenKeysWait: on the list of service accounts or
// of projects, n, d, e and R did nothing, silently; they say that they act
// on a parent's tokens, which enter opens.
func TestParentListsSayWhyTokenKeysWait(t *testing.T) {
	for _, tc := range []struct{ tab, key, want string }{
		{"2", "n", "n, d and R act on a service account's tokens: enter opens the service account first."},
		{"2", "d", "n, d and R act on a service account's tokens: enter opens the service account first."},
		{"3", "e", "n, d, e and R act on a project's API tokens: enter opens the project first."},
		{"3", "R", "n, d, e and R act on a project's API tokens: enter opens the project first."},
	} {
		h := newHarness(t, inmem.AdminPAT)
		h.keys(tc.tab, tc.key)
		h.mustRead(tc.want)
	}
}

// TestAuditThatReadNothingWraps: at 80 columns the summary of an audit
// that could read no list was cut ("r on tab 5 (Audit) runs it…"); it wraps.
func TestAuditThatReadNothingWraps(t *testing.T) {
	srv := inmem.New(inmem.WithClock(testClock))
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer ts.Close()
	client, _ := api.New(ts.URL, inmem.AdminPAT, api.WithRetries(0))
	h := newHarnessWith(t, client, srv)
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.mustSee("Audit: could not read any token list")
	h.mustRead("r on tab 5 (Audit) runs it again")
}
