package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/internal/realserver"
)

// TestE2ERotateCommand on the real Unleash: a name that two tokens share is
// refused with both listed; narrowed, the token is rotated, the secret
// printed works, the old token is gone and its twin untouched. A PAT is
// rotated for a user of its own.
func TestE2ERotateCommand(t *testing.T) {
	creds := realserver.Get(t)
	ctx := context.Background()
	admin, _ := api.New(creds.URL, api.Secret(creds.AdminPAT))
	name := fmt.Sprintf("cli-rotate-e2e-%d", time.Now().UnixNano())
	for _, env := range []string{"development", "production"} {
		if _, err := admin.CreateAPIToken(ctx, api.CreateAPIToken{Name: name, Type: api.TypeBackend, Environment: env, Projects: []string{"*"}}); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		list, _ := admin.APITokensByName(context.Background(), name)
		for _, tok := range list {
			_ = admin.DeleteAPIToken(context.Background(), tok.Ref())
		}
	})
	useServer(t, creds.URL, api.Secret(creds.AdminPAT))

	r := runCommand("rotate", "api-token", name)
	r.expect(t, exitUsage, fmt.Sprintf("%q matches 2 API tokens; nothing was rotated.", name), "backend  development  all projects", "backend  production   all projects")

	r = runCommand("rotate", "api-token", name, "--environment", "production", "--retire", "delete")
	r.expect(t, exitOK, "prove:  The new secret works: it reads the flags as a backend SDK does", `retire: Deleted the old API token "`+name+`" (backend, production, all projects).`)
	if !apiSecretLine.MatchString(r.stdout) && !(creds.SecureTokens && apiSecretV2Line.MatchString(r.stdout)) {
		t.Fatalf("stdout is not one secret alone (%d bytes)", len(r.stdout)) // never print a secret, even a test one
	}
	fresh, _ := api.New(creds.URL, api.Secret(strings.TrimSpace(r.stdout)))
	if _, err := fresh.ClientFeatures(ctx); err != nil {
		t.Fatalf("the printed secret: %v", err)
	}
	list, _ := admin.APITokensByName(ctx, name)
	envs := map[string]int{}
	for _, tok := range list {
		envs[tok.Environment]++
	}
	if len(list) != 2 || envs["development"] != 1 || envs["production"] != 1 {
		t.Fatalf("after: %v", envs)
	}

	userPAT := realserver.NewUser(t, creds, 3)
	useServer(t, creds.URL, api.Secret(userPAT))
	r = runCommand("rotate", "pat", "e2e session", "--retire", "delete")
	r.expect(t, exitOK, `create: Created PAT `, `"e2e session (rotated `, "It was the token this session signed in with: use the new one from now on.")
	me, err := api.New(creds.URL, api.Secret(strings.TrimSpace(r.stdout)))
	if err == nil {
		_, err = me.Me(ctx)
	}
	if err != nil {
		t.Fatalf("the printed PAT: %v", err)
	}
	old, _ := api.New(creds.URL, api.Secret(userPAT))
	if _, err := old.Me(ctx); api.KindOf(err) != api.KindUnauthenticated {
		t.Fatalf("the old PAT still signs in: %v", err)
	}
}

// TestE2EPruneCommand: expired tokens (named for this test) are listed by
// a dry run, deleted with --yes, and one not yet expired is left.
func TestE2EPruneCommand(t *testing.T) {
	creds := realserver.Get(t)
	ctx := context.Background()
	admin, _ := api.New(creds.URL, api.Secret(creds.AdminPAT))
	prefix := fmt.Sprintf("cli-prune-e2e-%d-", time.Now().UnixNano())
	past, future := time.Now().Add(-time.Hour), time.Now().Add(time.Hour)
	for i, exp := range []*time.Time{&past, &past, &past, &future} {
		if _, err := admin.CreateAPIToken(ctx, api.CreateAPIToken{Name: fmt.Sprintf("%s%d", prefix, i), Type: api.TypeFrontend, Environment: "development", Projects: []string{"default"}, ExpiresAt: exp}); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		list, _ := admin.ListAPITokens(context.Background())
		for _, tok := range list {
			if strings.HasPrefix(tok.Name, prefix) {
				_ = admin.DeleteAPIToken(context.Background(), tok.Ref())
			}
		}
	})
	useServer(t, creds.URL, api.Secret(creds.AdminPAT))
	r := runCommand("prune", "--name", prefix+"*")
	r.expect(t, exitOK, fmt.Sprintf("3 expired API tokens named %q: 3 would delete. This was a dry run", prefix+"*"))
	r = runCommand("prune", "--name", prefix+"*", "--yes", "--format", "json")
	r.expect(t, exitOK, "3 deleted.")
	var out pruneJSON
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || out.Summary["deleted"] != 3 || len(out.Tokens) != 3 {
		t.Fatalf("%v %+v", err, out)
	}
	list, _ := admin.ListAPITokens(ctx)
	var left []string
	for _, tok := range list {
		if strings.HasPrefix(tok.Name, prefix) {
			left = append(left, tok.Name)
		}
	}
	if len(left) != 1 || left[0] != prefix+"3" {
		t.Fatalf("left %v", left)
	}
}
