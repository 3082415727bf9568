package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/config"
	"github.com/unleash-tokens/unleash-tokens/inmem"
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
	h.mustSee("admin", "open source "+creds.Version, "e2e admin", "Personal access tokens")
	h.keys("2")
	h.mustSee("Service accounts need Unleash Enterprise.", "open-source edition")
	h.mustNotSee("Could not load")
	h.keys("3")
	h.mustSee("Projects  (1)", "Default")
	h.keys("enter")
	h.mustSee("Project Default · API tokens")
	h.mustNotSee("Could not load")
	h.keys("4", "/")
	h.typeText("E2E-BACK")
	h.keys("enter")
	h.mustSee("All API tokens", "filter: E2E-BACK", "e2e-backend", "backend", "development", "all")
	h.mustNotSee(creds.ClientToken[len(creds.ClientToken)-20:])

	viewer, _ := api.New(creds.URL, api.Secret(creds.ViewerPAT))
	h = newHarnessWith(t, viewer, nil)
	h.mustSee("E2E Viewer (viewer)", "e2e viewer")
	h.keys("4") // the by-name field has the keys at once
	h.mustSee("This token may not list all API tokens", "READ_FRONTEND_API_TOKEN", "Name: ", "esc leave the field")
	h.keys("esc")
	h.mustSee("/ search by exact name")

	token, _ := api.New(creds.URL, api.Secret(creds.AdminAPIToken))
	h = newHarnessWith(t, token, nil)
	h.mustSee("admin API token", "You are signed in with an admin API token.")
	h.mustNotSee(creds.AdminAPIToken)
}

// TestE2EWriteFlowsOnRealServer creates a PAT and a project token through
// the app on the real Unleash, uses the copied secret, deletes both, and
// checks that nothing on screen holds a secret afterwards.
func TestE2EWriteFlowsOnRealServer(t *testing.T) {
	creds := realserver.Get(t)
	client, err := api.New(creds.URL, api.Secret(creds.AdminPAT))
	if err != nil {
		t.Fatal(err)
	}
	h := newHarnessWith(t, client, nil, func(o *Options) { o.Now = time.Now })
	desc := fmt.Sprintf("ui e2e %d", time.Now().UnixNano())

	h.mustSee("Personal access tokens")
	h.keys("n")
	h.mustSee("New personal access token", "of 10 allowed")
	h.typeText(desc)
	h.keys("enter")
	h.mustSee("Personal access token created", "you will not see it again")
	h.keys("c")
	h.mustSee("Copied to the system clipboard.")
	secret := h.copier.copied[len(h.copier.copied)-1]
	h.keys("enter")
	h.mustSee(desc, "in 30d")
	h.mustNotSee(secret)
	if !strings.Contains(h.selectedLine(), desc) {
		t.Fatalf("the cursor is not on the new PAT: %q", h.selectedLine())
	}
	self, _ := api.New(creds.URL, api.Secret(secret))
	if me, err := self.Me(context.Background()); err != nil || me.Username != "admin" {
		t.Fatalf("the copied secret does not work: %+v %v", me, err)
	}

	h.keys("d")
	h.mustSee(fmt.Sprintf("Delete PAT %q? (y/N)", desc))
	h.keys("y")
	h.mustSee(fmt.Sprintf("Deleted PAT %q.", desc))
	h.mustNotSee(desc + " ")
	if _, err := self.Me(context.Background()); api.KindOf(err) != api.KindUnauthenticated {
		t.Fatalf("the deleted PAT still works: %v", err)
	}

	name := fmt.Sprintf("ui-e2e-%d", time.Now().UnixNano()%1e6)
	h.keys("3", "enter")
	h.mustSee("Project Default · API tokens")
	h.keys("n")
	h.mustSee("New API token for project Default", "[development]")
	h.typeText(name)
	h.keys("enter")
	h.mustSee("Project API token created", "default:development.")
	h.keys("c")
	token := h.copier.copied[len(h.copier.copied)-1]
	h.keys("enter")
	h.mustSee(name, "never used")
	h.mustNotSee(token)
	h.selectRow(name)
	h.keys("d", "y")
	h.mustSee(fmt.Sprintf("Deleted API token %q.", name))
	h.mustNotSee(name + " ")

	for _, v := range h.views {
		if strings.Contains(v, secret) && !strings.Contains(v, "Personal access token created") ||
			strings.Contains(v, token) && !strings.Contains(v, "Project API token created") {
			t.Fatalf("a secret outside its screen:\n%s", v)
		}
	}
}

// TestE2ESwitchInstances: two in-memory instances and the real server as
// three profiles; P switches among them, each tab loads from the one chosen.
func TestE2ESwitchInstances(t *testing.T) {
	creds := realserver.Get(t)
	real, err := api.New(creds.URL, api.Secret(creds.AdminPAT))
	if err != nil {
		t.Fatal(err)
	}
	open := func(ctx context.Context, name string) (Instance, error) {
		if name == "real" {
			return Instance{Client: real, URL: real.BaseURL(), Profile: name}, nil
		}
		srv := inmem.New(inmem.WithClock(testClock))
		c, _ := api.New("https://"+name+".example.com", inmem.AdminPAT, api.WithHTTPClient(srv.HTTPClient()))
		return Instance{Client: c, URL: c.BaseURL(), Profile: name}, nil
	}
	first, _ := open(context.Background(), "mem-a")
	h := newHarnessWith(t, first.Client, nil, func(o *Options) {
		o.Profile, o.Open = "mem-a", open
		o.Profiles = []config.ProfileInfo{{Name: "mem-a", URL: "https://mem-a.example.com"}, {Name: "mem-b", URL: "https://mem-b.example.com"}, {Name: "real", URL: creds.URL}}
	})
	h.mustSee("profile mem-a", "Enterprise 8.2.0")
	h.keys("P")
	h.mustSee("mem-b", "real", "token resolves · open source")
	h.keys("down", "down", "enter")
	h.mustSee("Switched to profile real.", "profile real", "e2e admin")
	h.keys("2")
	h.mustSee("Service accounts need Unleash Enterprise.")
	h.keys("P", "up", "enter")
	h.mustSee("profile mem-b", "Ada Admin (admin)")
	h.mustNotSee("e2e admin")
}
