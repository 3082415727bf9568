package ui

import (
	"testing"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/internal/realserver"
)

// TestE2ETabsOnRealServer loads every tab from the real open-source Unleash.
func TestE2ETabsOnRealServer(t *testing.T) {
	creds := realserver.Get(t)
	client, err := api.New(creds.URL, api.Secret(creds.AdminPAT))
	if err != nil {
		t.Fatal(err)
	}
	h := newHarnessWith(t, client, nil)
	h.mustSee("admin", "open source 8.2.0", "e2e admin", "Personal access tokens")
	h.keys("2")
	h.mustSee("Service accounts need Unleash Enterprise.", "open-source edition")
	h.mustNotSee("Could not load")
	h.keys("3")
	h.mustSee("Projects  (1)", "Default")
	h.keys("enter")
	h.mustSee("Project Default · API tokens")
	h.mustNotSee("Could not load")
	h.keys("4")
	h.typeText("E2E-BACK")
	h.keys("enter")
	h.mustSee("Search results  (1)", "e2e-backend", "backend", "development", "all")
	h.mustNotSee(creds.ClientToken[len(creds.ClientToken)-20:])

	viewer, _ := api.New(creds.URL, api.Secret(creds.ViewerPAT))
	h = newHarnessWith(t, viewer, nil)
	h.mustSee("E2E Viewer (viewer)", "e2e viewer")
	h.keys("4")
	h.typeText("e2e")
	h.keys("enter")
	h.mustSee("READ_CLIENT_API_TOKEN or READ_FRONTEND_API_TOKEN", "Press r to retry.")

	token, _ := api.New(creds.URL, api.Secret(creds.AdminAPIToken))
	h = newHarnessWith(t, token, nil)
	h.mustSee("admin API token", "You are signed in with an admin API token.")
	h.mustNotSee(creds.AdminAPIToken)
}
