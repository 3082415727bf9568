package ui

import (
	"context"
	"testing"

	"github.com/unleash-tokens/unleash-tokens/inmem"
)

// TestAPITokenExpiryPresets (issue 19 item 8a): every form that gives an API
// token its expiry — a new project token, e on one token, e on marked ones —
// offers the PAT form's presets (one implementation, form.Expiry), starts on
// 90 days, and says never's warning; a new token left on "never" is made
// without an expiry.
func TestAPITokenExpiryPresets(t *testing.T) {
	for _, tc := range []struct {
		name string
		open []string // keys that open the form
		seen string   // the form's title
	}{
		{"new project token", []string{"3", "j", "j", "enter", "n"}, "New API token for project Payments"},
		{"e on one token", []string{"3", "j", "j", "enter", "e"}, "Change the expiry of"},
		{"e on marked tokens", []string{"4", "esc", "space", "j", "space", "e"}, "Change the expiry of 2 API tokens"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, inmem.AdminPAT)
			h.keys(tc.open...)
			h.mustSee(tc.seen, " 7 days ", " 30 days ", " 60 days ", "[90 days]", " date ", " never ", "Expires on 2027-02-21 12:00 UTC, in 3mo.")
			if tc.name == "new project token" {
				h.keys("tab", "tab", "tab") // to the expiry
			}
			h.keys("right", "right")
			h.mustSee("[never]")
			h.mustRead("Never expires. An expiry is recommended: a leaked token stays valid until it is deleted.")
			h.keys("left")
			h.mustSee("[date]", "Date")
			h.keys("tab")
			h.typeText("2027-01-31")
			h.mustSee("Expires on 2027-01-31 23:59 UTC")
		})
	}

	t.Run("never makes a token without expiry", func(t *testing.T) {
		h := newHarness(t, inmem.AdminPAT)
		h.keys("3", "j", "j", "enter", "n")
		h.typeText("forever-token")
		h.keys("tab", "tab", "tab", "right", "right", "enter")
		h.mustSee("Project API token created")
		toks, err := h.client.ListAPITokens(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, tok := range toks {
			if tok.Name == "forever-token" && tok.ExpiresAt != nil {
				t.Fatalf("made with expiry %v", tok.ExpiresAt)
			}
		}
	})
}
