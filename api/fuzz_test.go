package api_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/unleash-tokens/unleash-tokens/api"
)

// cannedTransport answers every request with the same status and body.
type cannedTransport struct {
	status      int
	contentType string
	body        []byte
}

func (c cannedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	h := http.Header{}
	if c.contentType != "" {
		h.Set("Content-Type", c.contentType)
	}
	return &http.Response{StatusCode: c.status, Header: h, Body: io.NopCloser(bytes.NewReader(c.body)), Request: r}, nil
}

const fuzzToken = "user:0123456789abcdef0123456789abcdef0123456789abcdef01234567"

// FuzzDecodeResponses feeds any body, with any status, to every list call:
// no panic, only *api.Error, and no run of api.MinSecretRun characters of
// the token in its text or hint, in any case.
func FuzzDecodeResponses(f *testing.F) {
	for _, seed := range []struct {
		status int
		ct     string
		body   string
	}{
		{200, "application/json", `{"pats":[{"id":1,"description":"x","createdAt":"2026-01-01T00:00:00.000Z","expiresAt":null,"seenAt":null}]}`},
		{200, "application/json", `{"tokens":[{"tokenName":"a","type":"client","projects":["*"],"createdAt":"2026-01-01T00:00:00Z","secret":"*:*.abc"}]}`},
		{200, "application/json", `{"serviceAccounts":[{"id":1,"name":"n","username":"u","rootRole":1,"createdAt":"2026-01-01T00:00:00Z","tokens":[]}],"rootRoles":[]}`},
		{200, "application/json", `{"projects":[{"id":"default","name":"Default"}]}`},
		{200, "application/json", `{"version":"8.2.0","environment":"Open Source"}`},
		{200, "text/html", "<html><body>502 Bad Gateway</body></html>"},
		{200, "application/json", ""},
		{200, "application/json", `{"pats":[{"id":"x"}]}`},
		{200, "application/json", `{"tokens":[{"createdAt":"not a date"}]}`},
		{401, "application/json", `{"name":"AuthenticationRequired","message":"You must log in to use Unleash."}`},
		{403, "application/json", `{"name":"PermissionError","message":"you need the \"ADMIN\" permission","permissions":["ADMIN"]}`},
		{404, "", ""},
		{429, "text/plain", "Too many requests, please try again later."},
		{500, "application/json", `{"message":"` + fuzzToken + `"}`},
		{200, "application/json", `{"tokens":[{"tokenName":"\u001b]52;c;aGk=\u0007","type":"client","projects":["*"],"createdAt":"2026-01-01T00:00:00Z"}]}`},
	} {
		f.Add(seed.status, seed.ct, []byte(seed.body))
	}
	f.Fuzz(func(t *testing.T, status int, contentType string, body []byte) {
		if status < 100 || status > 599 {
			status = 200 + (status%400+400)%400
		}
		c, err := api.New("https://unleash.example.com", fuzzToken, api.WithRetries(0),
			api.WithHTTPClient(&http.Client{Transport: cannedTransport{status, contentType, body}}))
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		calls := []func() error{
			func() error { _, err := c.ListPATs(ctx); return err },
			func() error { _, err := c.ListAPITokens(ctx); return err },
			func() error { _, err := c.ListServiceAccounts(ctx); return err },
			func() error { _, err := c.ListProjects(ctx); return err },
			func() error { _, err := c.Me(ctx); return err },
			func() error { _, err := c.Edition(ctx); return err },
		}
		for _, call := range calls {
			err := call()
			if err == nil {
				continue
			}
			if _, ok := api.AsError(err); !ok {
				t.Fatalf("not an *api.Error: %T %v", err, err)
			}
			e, _ := api.AsError(err)
			if run := secretRun(err.Error()+" "+e.Hint(), fuzzToken); run != "" {
				t.Fatalf("%d characters of the token (%q) are in the error: %v", len(run), run, err)
			}
		}
	})
}

// secretRun is the first run of api.MinSecretRun or more characters of the
// token's secret part in text, ignoring case, or "".
func secretRun(text, token string) string {
	body := strings.ToLower(strings.TrimPrefix(token, "user:"))
	text = strings.ToLower(text)
	for i := 0; i+api.MinSecretRun <= len(body); i++ {
		if strings.Contains(text, body[i:i+api.MinSecretRun]) {
			return body[i : i+api.MinSecretRun]
		}
	}
	return ""
}

// FuzzClean: whatever a server sends, the cleaned text holds no control
// character, no escape sequence and no bidi override, and cleaning twice
// changes nothing.
func FuzzClean(f *testing.F) {
	for _, s := range []string{
		"plain", "\x1b]52;c;aGVsbG8=\x07", "\x1b[2J\x1b[H", "\x1b]8;;https://evil\x1b\\link\x1b]8;;\x1b\\",
		"\u202egnp.exe", "tab\there", "日本語のトークン", "emoji 🎉 token", "\x9b31m", "\x90qpayload\x9c", "bad \xff utf8",
		"\x1bP1$r\x1b\\", "\x1b", "a\rb\nc", "\u2066isolate\u2069", "zero\u200bwidth",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := api.Clean(s)
		for _, r := range out {
			if r == 0x1b || r == 0x9b || r == 0x9d || r == 0x90 || r == 0x07 || unicode.IsControl(r) {
				t.Fatalf("control character %U left in %q (from %q)", r, out, s)
			}
			if (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
				t.Fatalf("bidi control %U left in %q", r, out)
			}
		}
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 out: %q", out)
		}
		if again := api.Clean(out); again != out {
			t.Fatalf("not idempotent: %q then %q", out, again)
		}
	})
}
