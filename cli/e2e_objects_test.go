package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/internal/realserver"
)

// TestE2ELoginAndAPITokens signs in to the real Unleash with login (the
// file fallback), then creates, lists, expires and deletes an API token
// through the saved profile, and lists service-account tokens and projects.
func TestE2ELoginAndAPITokens(t *testing.T) {
	creds := realserver.Get(t)
	cfg := filepath.Join(t.TempDir(), "config.json")
	t.Setenv("UNLEASH_TOKENS_CONFIG", cfg)
	t.Setenv("UNLEASH_URL", "")
	t.Setenv("UNLEASH_API_TOKEN", "")
	withStdin(t, creds.AdminPAT+"\n")
	runCommand("login", "--url", creds.URL, "--profile", "e2e", "--with-token", "--no-keyring").expect(t, exitOK,
		"Signed in to "+strings.TrimSuffix(creds.URL, "/")+", Unleash ", `Saved profile "e2e", the default`)
	if data, _ := os.ReadFile(cfg); strings.Contains(string(data), creds.AdminPAT) {
		t.Fatal("the config file holds the token")
	}

	name := fmt.Sprintf("cli-e2e-%d", time.Now().UnixNano())
	r := runCommand("api-token", "create", "--name", name, "--environment", "development", "--expires", "7d")
	r.expect(t, exitOK, fmt.Sprintf("Created API token %q (backend, development, all projects)", name))
	secret := strings.TrimSpace(r.stdout)
	if secret == "" || strings.Contains(secret, "\n") {
		t.Fatalf("stdout is not the secret alone: %q", r.stdout)
	}
	t.Cleanup(func() { runCommand("api-token", "delete", name) })

	r = runCommand("api-token", "list", "--format", "json")
	r.expect(t, exitOK)
	var rows []struct {
		Kind, Name, Environment string
		Categories              []string
	}
	if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	found := false
	for _, row := range rows {
		found = found || row.Name == name && row.Kind == "api_token" && row.Environment == "development"
	}
	if !found || strings.Contains(r.stdout, secret) {
		t.Fatalf("the list lacks %q (or shows its secret):\n%s", name, r.stdout)
	}
	runCommand("api-token", "expire", name, "--at", "24h").expect(t, exitOK, fmt.Sprintf("API token %q (backend, development, all projects) now expires", name))
	runCommand("api-token", "delete", name).expect(t, exitOK, fmt.Sprintf("Deleted API token %q", name))

	if r := runCommand("sa-token", "list", "--format", "json"); r.code == exitOK {
		var sa []map[string]any
		if err := json.Unmarshal([]byte(r.stdout), &sa); err != nil {
			t.Fatalf("%v\n%s", err, r.stdout)
		}
	} else if !strings.Contains(strings.ToLower(r.stderr), "enterprise") {
		t.Fatalf("sa-token list: exit %d\n%s", r.code, r.stderr)
	}
	runCommand("project", "list", "--format", "csv").expect(t, exitOK)
	runCommand("logout").expect(t, exitOK, `Removed profile "e2e"`)
}
