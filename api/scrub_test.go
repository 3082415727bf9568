package api_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/internal/redact"
)

// TestScrubPartialSecrets: a server that echoes the token, or the secret a
// path carries, whole, in part, in upper case or split by control bytes,
// shows none of it in the error; names and text that only look like a token
// stay.
func TestScrubPartialSecrets(t *testing.T) {
	redact.Forget() // what other tests of this package taught it would redact more
	const token = "user:0123456789abcdef0123456789abcdef0123456789abcdef01234567"
	const ref = "default:development.feedface0badc0de77aa55ee99cc33bb11dd22ff4466880a1b2c3d"
	tests := []struct {
		name        string
		status      int
		contentType string
		body        string
		want        string // the whole error text
	}{
		{"the fuzzer's find: 25 characters of the token", 500, "application/json", `{"message":"000000123456789abcdef012345678"}`,
			"delete an API token: 00000[redacted] (HTTP 500)"},
		{"eight characters", 400, "application/json", `{"message":"token 89abcdef is wrong"}`,
			"delete an API token: token [redacted] is wrong (HTTP 400)"},
		{"seven characters are not a secret", 400, "application/json", `{"message":"token 89abcde is wrong"}`,
			"delete an API token: token 89abcde is wrong (HTTP 400)"},
		{"upper case", 400, "application/json", `{"message":"TOKEN USER:0123456789ABCDEF0123 IS WRONG"}`,
			"delete an API token: TOKEN USER:[redacted] IS WRONG (HTTP 400)"},
		{"split by control bytes", 400, "application/json", `{"message":"0123\u0000456789ab\u001b[0mcdef"}`,
			"delete an API token: [redacted] (HTTP 400)"},
		{"the whole path secret", 404, "application/json", `{"message":"no token ` + ref + `"}`,
			"delete an API token: no token [redacted] (HTTP 404)"},
		{"part of the path secret", 404, "application/json", `{"message":"no token FEEDFACE0BADC0DE"}`,
			"delete an API token: no token [redacted] (HTTP 404)"},
		{"the environment is not a secret", 404, "application/json", `{"message":"environment development does not exist"}`,
			"delete an API token: environment development does not exist (HTTP 404)"},
		{"in the error's name", 500, "application/json", `{"name":"` + token[5:40] + `","message":"boom"}`,
			"delete an API token: boom (HTTP 500 [redacted])"},
		{"in a plain-text answer", 400, "text/plain", "bad 0123456789abcdef0123",
			"delete an API token: bad [redacted] (HTTP 400)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := httptest.NewServer(http.HandlerFunc(status(tt.status, tt.contentType, tt.body)))
			defer ts.Close()
			c, _ := api.New(ts.URL, token, api.WithRetries(0))
			err := c.DeleteAPIToken(context.Background(), ref)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("got  %q\nwant %q", err, tt.want)
			}
		})
	}

	t.Run("a 2xx answer in plain text", func(t *testing.T) {
		ts := httptest.NewServer(http.HandlerFunc(status(200, "text/plain", "hello "+token)))
		defer ts.Close()
		c, _ := api.New(ts.URL, token, api.WithRetries(0))
		_, err := c.ListPATs(context.Background())
		if err == nil || strings.Contains(err.Error(), "0123456789") {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("in a permission", func(t *testing.T) {
		ts := httptest.NewServer(http.HandlerFunc(status(403, "application/json",
			`{"name":"PermissionError","message":"no","permissions":["`+token[5:30]+`"]}`)))
		defer ts.Close()
		c, _ := api.New(ts.URL, token, api.WithRetries(0))
		_, err := c.ListPATs(context.Background())
		e, _ := api.AsError(err)
		if e == nil || strings.Contains(e.Hint(), "0123456789") || strings.Contains(e.Permission, "0123456789") {
			t.Fatalf("got %v: %s", err, e.Hint())
		}
	})
}
