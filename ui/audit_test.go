package ui

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/inmem"
	"github.com/unleash-tokens/unleash-tokens/status"
	"github.com/unleash-tokens/unleash-tokens/ui/core"
)

func TestAuditSummaryOnEveryTab(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	for _, k := range []string{"1", "2", "3", "4"} {
		h.keys(k)
		h.mustSee("Audit: 5 expired · 2 expiring ≤3d · 4 expiring ≤14d · 9 stale · 4 never used · 10 no expiry")
	}
	// On the Audit tab the pills have the counts, once; the line above has
	// the totals (issue 22: the counts were there twice, in two orders).
	h.keys("tab") // from Search's search line: tab still switches tabs
	h.mustSee("Audit: 29 tokens from 13 lists · 15 findings · r runs it again",
		"[expired 5]  expiring ≤3d 2   expiring ≤14d 4 incl. ≤3d   stale 9   never used 4   no expiry 10")
	h.mustNotSee("5 expired")
}

func TestAuditCategories(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	h.keys("5")
	h.mustSee("[expired 5]", "Expired · its expiry has passed  (5)", "data-warehouse-sync", "SA token", "service account Terraform", "laptop terraform")
	h.keys("left")
	h.mustSee("[no expiry 10]", "No expiry · no expiry date  (10)", "edge-proxy")
	h.keys("right", "right")
	h.mustSee("[expiring ≤3d 2]", "mobile-android", "ci deploy pipeline")
	h.mustNotSee("laptop terraform")
	h.keys("l")
	h.mustSee("[expiring ≤14d 4 incl. ≤3d]", "expires within 14d")
	h.keys("/")
	h.typeText("PAT")
	h.keys("enter")
	h.mustSee("1 of 4 match", "ci deploy pipeline")
	h.keys("esc")
	h.mustSee("(4)")
	h.keys("s")
	h.mustSee("Expires ↑", "sorted by expiry")
	if got := h.selectedLine(); got == "" {
		t.Fatal("no selection after sorting")
	}
}

func TestAuditFollowsWrites(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	h.mustSee("5 expired")
	h.selectRow("laptop terraform") // expired 12 days ago
	h.keys("d", "y")
	h.mustSee(`Deleted PAT "laptop terraform".`, "Audit: 4 expired")
	h.keys("n")
	h.typeText("fresh")
	h.keys("enter", "c", "enter")
	h.mustSee("Audit: 4 expired · 2 expiring ≤3d · 4 expiring ≤14d · 9 stale · 5 never used")
}

func TestAuditSkipsAndFailures(t *testing.T) {
	h := newHarness(t, inmem.AdminAPIToken, inmem.OpenSource())
	h.keys("5")
	h.mustSee("Skipped my PATs, service accounts (see the tabs).")
	h.mustNotSee("incomplete", "could not read")

	srv := inmem.New(inmem.WithClock(testClock))
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/admin/projects/payments/api-tokens" {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusForbidden)
			_, _ = w.Write([]byte(`{"name":"PermissionError","message":"You don't have the required permissions"}`))
			return
		}
		srv.ServeHTTP(w, r)
	}))
	defer ts.Close()
	client, _ := api.New(ts.URL, inmem.AdminPAT, api.WithRetries(0))
	h = newHarnessWith(t, client, srv)
	h.mustSee("(incomplete)")
	h.keys("5")
	h.mustSee("Could not read project payments (not permitted): r retries.", "[expired 5]", "data-warehouse-sync")
}

func TestAuditThresholds(t *testing.T) {
	srv := inmem.New(inmem.WithClock(testClock))
	client, _ := api.New("https://unleash.example.com", inmem.AdminPAT, api.WithHTTPClient(srv.HTTPClient()))
	th := status.Thresholds{Soon: 3 * status.Day, Within: 60 * status.Day, Stale: 30 * status.Day}
	h := newHarnessWith(t, client, srv, func(o *Options) { o.Thresholds = th })
	h.mustSee("2 expiring ≤3d", "8 expiring ≤60d", "11 stale")
}

// An older audit that finishes after a newer one does not overwrite it.
func TestAuditDropsStaleAnswers(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	h.mustSee("Audit: 5 expired")
	first, second := h.m.audit.Start(), h.m.audit.Start()
	older := first()                                                    // the server still has 5 expired tokens
	if err := h.client.DeletePAT(context.Background(), 5); err != nil { // laptop terraform, expired
		t.Fatal(err)
	}
	h.send(core.ToTab{Tab: core.TabAudit, Msg: second()})
	h.mustSee("Audit: 4 expired")
	h.send(core.ToTab{Tab: core.TabAudit, Msg: older})
	h.mustSee("Audit: 4 expired")
}

func TestAuditEnterShowsWhereATokenLives(t *testing.T) {
	tests := []struct {
		row    string
		active core.TabID
		see    string
		line   string
	}{
		{"laptop terraform", core.TabPATs, "Personal access tokens", "laptop terraform"},
		{"terraform local state", core.TabAccounts, "Service account Terraform (terraform) · tokens", "terraform local state"},
		{"payments-worker", core.TabProjects, "Project Payments · API tokens", "production"},
		{"data-warehouse-sync", core.TabSearch, "All API tokens", "production"},
	}
	for _, tt := range tests {
		t.Run(tt.row, func(t *testing.T) {
			h := newHarness(t, inmem.AdminPAT)
			h.keys("5")
			h.selectRow(tt.row)
			h.keys("enter")
			if h.m.active != tt.active {
				t.Fatalf("tab %d, want %d", h.m.active, tt.active)
			}
			h.mustSee(tt.see, fmt.Sprintf("%q", tt.row)) // the detail names the selected token in full
			if l := h.selectedLine(); !strings.Contains(l, tt.row[:12]) || !strings.Contains(l, tt.line) {
				t.Fatalf("selected %q:\n%s", l, h.view())
			}
		})
	}
}

func TestAuditEnterOnATokenDeletedSince(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	h.keys("5")
	h.selectRow("laptop terraform")
	if err := h.client.DeletePAT(context.Background(), 5); err != nil {
		t.Fatal(err)
	}
	h.keys("enter")
	h.mustSee("That token is no longer there: it was deleted since the audit.")
}

// While an audit runs, the summary and the tab count its requests.
func TestAuditShowsProgressWhileRunning(t *testing.T) {
	srv := inmem.New(inmem.WithClock(testClock))
	release := make(chan struct{})
	var releaseOnce sync.Once
	let := func() { releaseOnce.Do(func() { close(release) }) }
	var hold atomic.Bool // from the second run on
	arrived := make(chan struct{}, 1)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/admin/projects/payments/api-tokens" && hold.Load() {
			arrived <- struct{}{}
			<-release
		}
		srv.ServeHTTP(w, r)
	}))
	defer ts.Close()
	defer let() // before ts.Close waits for the held request, even when the test fails
	client, _ := api.New(ts.URL, inmem.AdminPAT, api.WithRetries(0))
	h := newHarnessWith(t, client, srv)
	h.mustSee("Audit: 5 expired")

	hold.Store(true)
	h.keys("5")
	run := core.Route(core.TabAudit, h.m.audit.Start()) // a reload: the first report stays on screen
	done := make(chan tea.Msg, 1)
	go func() { done <- run() }()
	select {
	case <-arrived:
	case <-time.After(5 * time.Second):
		t.Fatal("the held request never came")
	}
	progress := regexp.MustCompile(`refreshing · (\d+) of (\d+) requests`)
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		if m := progress.FindStringSubmatch(h.view()); m != nil {
			if d, _ := strconv.Atoi(m[1]); m[2] == strconv.Itoa(d+1) {
				break // every request answered but the held one
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the audit did not get to its last request:\n%s", h.view())
		}
	}
	h.mustSee("[expired 5]")

	let()
	h.send(<-done)
	h.mustSee("[expired 5]", "tokens from 13 lists")
	h.mustNotSee("requests")
}

// Risks beside expiry: the summary counts the tokens at risk, the Audit tab
// lists each risk's tokens after the categories, and the detail gives the
// reason and who made the token.
func TestAuditRisks(t *testing.T) {
	srv := inmem.New(inmem.WithClock(testClock), inmem.Risky())
	client, _ := api.New("https://unleash.example.com", inmem.AdminPAT, api.WithHTTPClient(srv.HTTPClient()), api.WithRetries(0))
	h := newHarnessWith(t, client, srv, func(o *Options) { o.Checks = audit.AllChecks })
	h.mustSee("at risk")
	h.keys("5")
	h.mustSee("│ at risk:", "orphaned")
	for range len(status.Categories) { // past the categories, to the first risk
		h.keys("right")
	}
	h.mustSee("[orphaned", "At risk: orphaned · every project it was for is gone")
	h.keys("right")
	h.mustSee("[all projects", "a backend token for every project")
	h.mustSee("at risk: all projects:", "made by")

	// Without the checks, nothing of the risks shows.
	h = newHarnessWith(t, client, srv)
	h.keys("5")
	h.mustNotSee("at risk", "orphaned")
}

// On a server that stores every API token in clear, the stored-in-clear
// risk lists none and says why, as the audit command's note does.
func TestAuditSaysWhyNoneIsStoredInClear(t *testing.T) {
	srv := inmem.New(inmem.WithClock(testClock))
	client, _ := api.New("https://unleash.example.com", inmem.AdminPAT, api.WithHTTPClient(srv.HTTPClient()), api.WithRetries(0))
	h := newHarnessWith(t, client, srv, func(o *Options) { o.Checks = audit.AllChecks })
	h.keys("5")
	for range 12 {
		if strings.Contains(h.view(), "[stored in clear") {
			break
		}
		h.keys("right")
	}
	h.mustRead("None as a risk of its own: this server (Unleash 8.2.0) stores every API token in clear")
}
