package ui

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/inmem"
	"github.com/unleash-tokens/unleash-tokens/status"
)

// TestRotationOldTokenRetiring (issue 19 item 8b): after a rotation — a new
// token of the same name and scope made, the old one's expiry cut to a 24h
// grace period, as rotate does on any server — the old token is "retiring",
// not "expiring ≤3d": in the category rule, the audit (not a finding, in no
// summary count, "retiring" in JSON), and the screens' Status column.
func TestRotationOldTokenRetiring(t *testing.T) {
	srv := inmem.New(inmem.WithClock(testClock))
	client, err := api.New("https://unleash.example.com", inmem.AdminPAT, api.WithHTTPClient(srv.HTTPClient()), api.WithRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	toks, err := client.ListProjectTokens(ctx, "checkout")
	if err != nil {
		t.Fatal(err)
	}
	var old api.APIToken
	for _, tok := range toks {
		if tok.Name == "checkout-web" {
			old = tok
		}
	}
	in90 := testNow.Add(90 * 24 * time.Hour)
	if _, err := client.CreateProjectToken(ctx, "checkout", api.CreateProjectToken{Name: old.Name, Type: old.Type, Environment: old.Environment, ExpiresAt: &in90}); err != nil {
		t.Fatal(err)
	}
	if err := client.UpdateAPITokenExpiry(ctx, old.Ref(), testNow.Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}

	r := audit.Run(ctx, client, audit.Options{Now: testNow, Thresholds: status.Default})
	var oldCats, newCats status.Set
	for _, tok := range r.Tokens {
		if tok.RawName() == "checkout-web" && tok.ExpiresAt != nil {
			if tok.ExpiresAt.Before(testNow.Add(48 * time.Hour)) {
				oldCats = tok.Categories
			} else {
				newCats = tok.Categories
			}
		}
	}
	if !oldCats.Has(status.Retiring) || oldCats.Has(status.ExpiringSoon) || oldCats.Has(status.Expiring) || oldCats.Finding() {
		t.Errorf("the old token's categories: %q", oldCats.Keys())
	}
	if newCats.Has(status.Retiring) {
		t.Errorf("the new token's categories: %q", newCats.Keys())
	}
	if r.Counts()[status.ExpiringSoon] != 2 { // the seed's two, not the rotation's old token
		t.Errorf("expiring ≤3d counted %d", r.Counts()[status.ExpiringSoon])
	}
	var js bytes.Buffer
	if err := audit.WriteJSON(&js, r, audit.Output{All: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(js.String(), `"retiring"`) {
		t.Error(`the JSON has no "retiring" token`)
	}

	h := newHarnessWith(t, client, srv)
	h.keys("3", "j", "enter")
	h.mustSee("checkout-web", "retiring")
	h.selectRow("retiring")
	h.mustRead("status retiring")
}
