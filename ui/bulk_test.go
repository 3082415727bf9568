package ui

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/inmem"
	"github.com/unleash-tokens/unleash-tokens/tokenref"
)

// makeExpired makes n API tokens named old-00… that expired a day ago.
func makeExpired(t *testing.T, c *api.Client, n int) []api.APIToken {
	t.Helper()
	past := testNow.Add(-24 * time.Hour)
	var out []api.APIToken
	for i := range n {
		tok, err := c.CreateAPIToken(context.Background(), api.CreateAPIToken{Name: fmt.Sprintf("old-%02d", i), Type: api.TypeBackend,
			Environment: "development", Projects: []string{"checkout"}, ExpiresAt: &past})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, tok)
	}
	return out
}

// TestBulkDelete50ExpiredOneFails marks 50 expired API tokens after a
// filter, deletes them with one question while the server refuses one
// delete: the result says 49 deleted and 1 failed and why, the server
// agrees, the failed one stays marked, and the audit counts follow.
func TestBulkDelete50ExpiredOneFails(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	toks := makeExpired(t, h.client, 50)
	h.srv.FailWrite("DELETE", "/api/admin/api-tokens/"+toks[31].Ref().Reveal(), 500, 1)
	h.keys("5", "r")
	h.mustSee("[expired 55]")
	h.keys("4", "/")
	h.typeText("old-")
	h.keys("enter", "a")
	h.mustSee("50 of 66 match · 50 marked", "d delete 50 marked", "u unmark all")
	h.keys("d")
	// The question names them (the first few), and nothing of how the
	// writes are sent (issue 22: "8 at a time").
	h.mustRead("Delete 50 API tokens? (y/N)", "This cannot be undone.", `They are API token "old-00" (backend, development, project checkout), API token "old-01"`, "and 47 more.")
	h.mustNotSee("at a time")
	h.keys("y")
	h.mustSee("Result · 49 deleted, 1 failed", "Failed (1):", "Deleted (49):")
	h.mustRead(`API token "old-31" (backend, development, project checkout): delete an API token: injected failure (HTTP 500): nothing was changed`)
	h.keys("enter")
	h.mustSee("49 deleted, 1 failed.", "1 of 17 match · 1 marked", "old-31", "Audit: 6 expired")
	left := 0
	for _, tok := range toks {
		if _, found, _ := tokenref.Reread(context.Background(), h.client, []tokenref.Token{tokenref.FromAPIToken(tok, "")}).Find(tokenref.FromAPIToken(tok, "")); found {
			left++
		}
	}
	if left != 1 || !h.srv.Has("old-31") {
		t.Fatalf("%d of the 50 left on the server", left)
	}
}

// TestMarks: space marks and moves on, a marks every row shown, u clears;
// the count shows in the title and the footer; marks survive a reload by
// key and go with rows that are gone; a question counts the marked rows a
// filter hides.
func TestMarks(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	h.keys("4", "esc", "space")
	h.mustSee("All API tokens  (16) · 1 marked", "d delete 1 marked", "u unmark all")
	h.keys("space")
	h.mustSee("· 2 marked", " *growth-web", " *backend-all")
	h.keys("up")
	h.mustSee(">*backend-all")
	h.keys("space")
	h.mustSee("· 1 marked", "  backend-all")
	h.keys("u")
	h.mustNotSee("marked")

	h.keys("/")
	h.typeText("expired")
	h.keys("enter", "a")
	h.mustSee("2 of 16 match · 2 marked")
	h.keys("esc")
	h.mustSee("(16) · 2 marked")
	h.keys("/")
	h.typeText("data-ware")
	h.keys("enter", "d")
	h.mustRead("Delete 2 API tokens? (y/N)", "1 of them is hidden by the filter.")
	h.keys("n")
	h.mustSee("Cancelled.", "· 2 marked")

	// A reload keeps the marks of the rows still there.
	h.keys("esc")
	old := findAPIToken(t, h.client, "payments-worker", "production", "")
	if err := h.client.DeleteAPIToken(context.Background(), old.API.Ref()); err != nil {
		t.Fatal(err)
	}
	h.keys("r")
	h.mustSee("(15) · 1 marked")
	h.mustSee("*data-warehouse-") // the name is cut at 120 columns

	// Another project's tokens start with no marks.
	h.keys("3", "j", "enter", "a")
	h.mustSee("Project Checkout · API tokens  (4) · 4 marked")
	h.keys("esc", "j", "enter")
	h.mustNotSee("marked")
}

func TestNoMarksReadOnly(t *testing.T) {
	srv := inmem.New(inmem.WithClock(testClock))
	client, _ := api.New("https://unleash.example.com", inmem.AdminPAT, api.WithHTTPClient(srv.HTTPClient()))
	h := newHarnessWith(t, client, srv, func(o *Options) { o.ReadOnly = true })
	h.keys("4", "esc", "space", "a", "R")
	h.mustNotSee("marked", "Rotate")
	h.mustSee("Read-only")
}

// TestBulkExpiry gives the marked API tokens a new expiry after one
// question, and says which marked tokens it leaves (PATs and service-account
// tokens have no update).
func TestBulkExpiry(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	h.keys("5")
	h.mustSee("[expired 5]")
	h.keys("a", "e")
	h.mustSee("Change the expiry of 2 API tokens")
	h.mustRead("The 1 PAT and 2 service-account tokens marked are left as they are: Unleash cannot change the expiry of a PAT or a service-account token.")
	h.mustSee("[90 days]", "Expires on 2027-02-21 12:00 UTC, in 3mo.") // 90 days unless chosen
	h.keys("left", "left")
	h.mustSee("Expires on 2026-12-23 12:00 UTC, in 30d.")
	h.keys("enter")
	h.mustRead("Set 2 API tokens to expire 2026-12-23 12:00:00 UTC (in 30d)? (y/N)")
	h.keys("n")
	h.mustSee("Change the expiry of 2 API tokens") // back to the field, nothing written
	h.keys("enter", "y")
	h.mustSee("Result · 2 changed", "Changed (2):", `API token "payments-worker"`, `API token "data-warehouse-sync"`)
	h.keys("enter")
	h.mustSee("2 changed.", "[expired 3]")
	h.mustNotSee("marked") // a write that fully succeeded clears the marks
	for _, name := range []string{"payments-worker", "data-warehouse-sync"} {
		tok := findAPIToken(t, h.client, name, "production", "")
		if !tokenref.ExpiryIs(tok, testNow.Add(30*24*time.Hour)) {
			t.Fatalf("%s expires %v", name, tok.ExpiresAt())
		}
	}
	h.keys("right", "a", "space", "e")
	h.mustSee("None of the marked is an API token")
}

// TestBulkDeleteFromTheAudit deletes every kind of token from the Audit
// tab; a row deleted meanwhile is skipped and said so.
func TestBulkDeleteFromTheAudit(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	h.keys("5", "a", "d")
	h.mustRead("Delete 2 API tokens, 1 PAT and 2 service-account tokens? (y/N)")
	gone := findPAT(t, h.client, "laptop terraform")
	if err := h.client.DeletePAT(context.Background(), gone.PAT.ID); err != nil {
		t.Fatal(err)
	}
	h.keys("y")
	h.mustSee("Result · 4 deleted, 1 skipped", "Skipped, not found in their lists (1):", "Deleted (4):")
	h.mustRead(`PAT "laptop terraform" (my PATs): it is no longer listed`)
	h.keys("enter")
	h.mustSee("[expired 0]")
}
