package main

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/internal/realserver"
)

// TestE2EPATCommands runs pat create, list and delete on the real Unleash:
// the secret printed works, the duplicate is refused with the server's 409.
func TestE2EPATCommands(t *testing.T) {
	creds := realserver.Get(t)
	useServer(t, creds.URL, api.Secret(creds.AdminPAT))
	desc := fmt.Sprintf("cli e2e %d", time.Now().UnixNano())

	r := runCommand("pat", "create", "--description", desc, "--expires", "7d")
	r.expect(t, exitOK, fmt.Sprintf("Created PAT %q (id ", desc), "(in 7d)")
	if !patSecretLine.MatchString(r.stdout) {
		t.Fatalf("stdout must be the secret alone, got %q", r.stdout)
	}
	secret := strings.TrimSpace(r.stdout)
	self, _ := api.New(creds.URL, api.Secret(secret))
	t.Cleanup(func() { deletePATsDescribed(creds, desc) })
	if me, err := self.Me(context.Background()); err != nil || me.Username != "admin" {
		t.Fatalf("the printed secret does not work: %+v %v", me, err)
	}

	runCommand("pat", "create", "--description", desc).expect(t, exitError,
		fmt.Sprintf("you already have a PAT described %q: choose another description", desc))

	list := runCommand("pat", "list")
	list.expect(t, exitOK)
	m := regexp.MustCompile(`(?m)^(\d+)\s+` + regexp.QuoteMeta(desc) + `\s+\d{4}-\d\d-\d\d\s+(just now|never used)\s+in 7d\s+expires soon(, never used)?$`).FindStringSubmatch(list.stdout)
	if m == nil {
		t.Fatalf("pat list lacks %q:\n%s", desc, list.stdout)
	}
	if strings.Contains(list.stdout, secret) {
		t.Fatal("pat list prints a secret")
	}

	runCommand("pat", "delete", m[1]).expect(t, exitOK, fmt.Sprintf("Deleted PAT %s %q.", m[1], desc))
	if strings.Contains(runCommand("pat", "list").stdout, desc) {
		t.Fatal("the deleted PAT is still listed")
	}
	if _, err := self.Me(context.Background()); api.KindOf(err) != api.KindUnauthenticated {
		t.Fatalf("the deleted secret still works: %v", err)
	}
	runCommand("pat", "delete", m[1]).expect(t, exitError, "you have no PAT with id "+m[1]+": nothing was deleted")
}

// TestE2EPATCapCommand fills the editor's PATs to Unleash's cap of 10.
func TestE2EPATCapCommand(t *testing.T) {
	creds := realserver.Get(t)
	useServer(t, creds.URL, api.Secret(creds.EditorPAT))
	editor, _ := api.New(creds.URL, api.Secret(creds.EditorPAT))
	pats, err := editor.ListPATs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	before := map[int]bool{}
	for _, p := range pats {
		before[p.ID] = true
	}
	t.Cleanup(func() {
		now, _ := editor.ListPATs(context.Background())
		for _, p := range now {
			if !before[p.ID] {
				_ = editor.DeletePAT(context.Background(), p.ID)
			}
		}
	})
	for i := len(pats); i < 10; i++ {
		runCommand("pat", "create", "--description", fmt.Sprintf("cap %d", i+1), "--expires", "1h").expect(t, exitOK)
	}
	r := runCommand("pat", "create", "--description", "eleventh", "--expires", "1h")
	r.expect(t, exitError, "Too many PATs (10) already exist for this user. (HTTP 403 OperationDeniedError)",
		"Unleash allows 10 PATs per user: delete one first")
}

// deletePATsDescribed removes what a failed run left behind.
func deletePATsDescribed(creds realserver.Credentials, desc string) {
	admin, _ := api.New(creds.URL, api.Secret(creds.AdminPAT))
	pats, _ := admin.ListPATs(context.Background())
	for _, p := range pats {
		if p.Description == desc {
			_ = admin.DeletePAT(context.Background(), p.ID)
		}
	}
}
