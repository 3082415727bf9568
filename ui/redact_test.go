package ui

import (
	"context"
	"strings"
	"testing"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/inmem"
)

// TestKnownSecretsRedactedEverywhere (the screens' part; the commands' is in
// cli): names holding the admin API token the server lists in full, the PAT
// the app signs in with, and part of another token's v1 secret show none of
// them, in the tables, the detail, the Audit tab or the summary.
func TestKnownSecretsRedactedEverywhere(t *testing.T) {
	srv := inmem.New(inmem.WithClock(testClock))
	client, err := api.New("https://unleash.example.com", inmem.AdminPAT, api.WithHTTPClient(srv.HTTPClient()), api.WithRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	victim, err := client.CreateAPIToken(ctx, api.CreateAPIToken{Name: "victim", Type: api.TypeBackend, Environment: "development", Projects: []string{"*"}})
	if err != nil {
		t.Fatal(err)
	}
	victimBody := api.SecretBody(string(victim.Credential.Bytes()))
	ownBody := api.SecretBody(inmem.AdminPAT)
	for _, n := range []string{"leak-admin " + inmem.AdminAPIToken, "own " + inmem.AdminPAT, "v1 part " + victimBody[5:30] + " end"} {
		if _, err := client.CreateAPIToken(ctx, api.CreateAPIToken{Name: n, Type: api.TypeBackend, Environment: "development", Projects: []string{"*"}}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := client.CreatePAT(ctx, api.CreatePAT{Description: "pat " + strings.ToUpper(ownBody[2:30]), ExpiresAt: testNow.Add(30 * 24 * 3600e9)}); err != nil {
		t.Fatal(err)
	}
	h := newHarnessWith(t, client, srv)
	h.mustSee("pat [redacted]")
	h.keys("4", "esc")
	for _, name := range []string{"leak-admin [redacted]", "own user:[redacted]", "v1 part [redacted] end"} {
		h.selectRow(name[:8])
		h.mustRead(`API token "` + name + `"`) // the detail: the whole name
	}
	h.keys("5")
	for range 6 {
		h.keys("right")
	}
	for i, v := range h.views {
		for what, body := range map[string]string{"the admin API token": "inmem-admin-api-token", "the app's own PAT": ownBody, "the victim's secret": victimBody} {
			lo := strings.ToLower(v)
			if strings.Contains(lo, body) {
				t.Fatalf("view %d holds %s:\n%s", i, what, v)
			}
			if !strings.Contains(body, "-") {
				for j := 0; j+8 <= len(body); j++ {
					if strings.Contains(lo, body[j:j+8]) {
						t.Fatalf("view %d holds %q of %s:\n%s", i, body[j:j+8], what, v)
					}
				}
			}
		}
	}
}
