// Package realserver gives tests the credentials of the real Unleash that
// scripts/unleash-server.sh started, or skips them when there is none.
package realserver

import (
	"os"
	"testing"

	"github.com/unleash-tokens/unleash-tokens/api"
)

// Credentials are what scripts/unleash-server.sh start exports.
type Credentials struct {
	Config        string // the line of testdata/unleash-server/configs, e.g. "8.2.0-secure"
	Version       string // the server's version, e.g. "7.6.5"
	SecureTokens  bool   // v2 API tokens: lists carry only a 22-character selector
	SecurePATs    bool   // v2 PATs: user:v2_<selector>_<secret>
	ExpiryWarning bool   // PAT rows carry expiryWarning
	URL           string
	AdminAPIToken string
	AdminPAT      string
	ViewerPAT     string
	EditorPAT     string // the editor's PATs are the app's to fill up to the cap
	ClientToken   string
}

// Get returns the credentials, or skips the test when no server is
// configured. With UNLEASH_E2E_REQUIRED=1 (scripts/test.sh sets it) a
// missing server fails the test instead.
func Get(t testing.TB) Credentials {
	t.Helper()
	c := Credentials{
		Config:        os.Getenv("UNLEASH_E2E_CONFIG"),
		Version:       os.Getenv("UNLEASH_E2E_VERSION"),
		SecureTokens:  os.Getenv("UNLEASH_E2E_SECURE_TOKENS") == "1",
		SecurePATs:    os.Getenv("UNLEASH_E2E_SECURE_PATS") == "1",
		ExpiryWarning: os.Getenv("UNLEASH_E2E_EXPIRY_WARNING") == "1",
		URL:           os.Getenv("UNLEASH_E2E_URL"),
		AdminAPIToken: os.Getenv("UNLEASH_E2E_ADMIN_API_TOKEN"),
		AdminPAT:      os.Getenv("UNLEASH_E2E_ADMIN_PAT"),
		ViewerPAT:     os.Getenv("UNLEASH_E2E_VIEWER_PAT"),
		EditorPAT:     os.Getenv("UNLEASH_E2E_EDITOR_PAT"),
		ClientToken:   os.Getenv("UNLEASH_E2E_CLIENT_TOKEN"),
	}
	if c.URL == "" {
		if os.Getenv("UNLEASH_E2E_REQUIRED") == "1" {
			t.Fatal("UNLEASH_E2E_REQUIRED=1 but UNLEASH_E2E_URL is not set: start the server with scripts/unleash-server.sh start")
		}
		t.Skip("no real Unleash: run scripts/test.sh, or scripts/unleash-server.sh start and eval \"$(scripts/unleash-server.sh env)\"")
	}
	return c
}

// AtLeast reports whether the server is the given version or later.
func (c Credentials) AtLeast(major, minor, patch int) bool {
	v, ok := api.ParseVersion(c.Version)
	return !ok || v.AtLeast(major, minor, patch)
}
