package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/internal/realserver"
)

// TestE2ERotateAndBulkDeleteOnRealServer rotates an API token with R on
// the real Unleash (delete the old one), uses the new secret, then marks
// three expired tokens after a filter and deletes them with one question.
func TestE2ERotateAndBulkDeleteOnRealServer(t *testing.T) {
	creds := realserver.Get(t)
	ctx := context.Background()
	admin, err := api.New(creds.URL, api.Secret(creds.AdminPAT))
	if err != nil {
		t.Fatal(err)
	}
	stamp := time.Now().UnixNano()
	name := fmt.Sprintf("ui-rotate-e2e-%d", stamp)
	prefix := fmt.Sprintf("ui-bulk-e2e-%d-", stamp)
	t.Cleanup(func() {
		list, _ := admin.ListAPITokens(context.Background())
		for _, tok := range list {
			if tok.Name == name || strings.HasPrefix(tok.Name, prefix) {
				_ = admin.DeleteAPIToken(context.Background(), tok.Ref())
			}
		}
	})
	week := time.Now().Add(7 * 24 * time.Hour)
	if _, err := admin.CreateAPIToken(ctx, api.CreateAPIToken{Name: name, Type: api.TypeBackend, Environment: "development",
		Projects: []string{"*"}, ExpiresAt: &week}); err != nil {
		t.Fatal(err)
	}
	before, err := admin.APITokensByName(ctx, name)
	if err != nil || len(before) != 1 {
		t.Fatalf("%d listed, %v", len(before), err)
	}

	h := newHarnessWith(t, admin, nil, func(o *Options) { o.Now = time.Now })
	h.keys("4", "/")
	h.typeText(name)
	h.keys("enter")
	h.mustSee("1 of ")
	secret := h.rotateSelected("delete now")
	if _, err := admin.WithToken(api.Secret(secret)).ClientFeatures(ctx); err != nil {
		t.Fatalf("the new secret does not work: %v", err)
	}
	after, err := admin.APITokensByName(ctx, name)
	if err != nil || len(after) != 1 || after[0].CreatedAt.Equal(before[0].CreatedAt) {
		t.Fatalf("after the rotation: %d named %q (%v); want only the new one", len(after), name, err)
	}

	past := time.Now().Add(-24 * time.Hour)
	for i := range 3 {
		if _, err := admin.CreateAPIToken(ctx, api.CreateAPIToken{Name: fmt.Sprintf("%s%d", prefix, i), Type: api.TypeBackend,
			Environment: "development", Projects: []string{"*"}, ExpiresAt: &past}); err != nil {
			t.Fatal(err)
		}
	}
	h.keys("esc", "r", "/")
	h.typeText(prefix)
	h.keys("enter", "a")
	h.mustSee("3 of ", "· 3 marked")
	h.keys("d")
	h.mustRead("Delete 3 API tokens? (y/N)")
	h.keys("y")
	h.mustSee("Result · 3 deleted", "Deleted (3):")
	h.keys("enter")
	h.mustSee("0 of ")
	list, err := admin.ListAPITokens(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, tok := range list {
		if strings.HasPrefix(tok.Name, prefix) {
			t.Fatalf("%q is still on the server", tok.Name)
		}
	}
	for _, v := range h.views {
		if strings.Contains(v, secret) && !strings.Contains(v, "Rotated: the new") {
			t.Fatalf("the new secret outside its screen:\n%s", v)
		}
	}
}
