package api_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
)

// TestFailedDecodeCarriesNoData: an answer that does not decode whole gives
// an error and no data, not the rows decoded before the fault (whose dates
// are zero).
func TestFailedDecodeCarriesNoData(t *testing.T) {
	const good = `{"id":1,"description":"fine","createdAt":"2026-01-01T00:00:00.000Z","expiresAt":"2027-01-01T00:00:00.000Z","seenAt":null}`
	const numeric = `{"id":2,"description":"bad","createdAt":"2026-01-01T00:00:00.000Z","expiresAt":1767225600000,"seenAt":null}`
	const goodAPI = `{"tokenName":"a","type":"client","projects":["*"],"createdAt":"2026-01-01T00:00:00Z","secret":"*:*.abc"}`
	const numericAPI = `{"tokenName":"b","type":"client","projects":["*"],"createdAt":"2026-01-01T00:00:00Z","expiresAt":1767225600000,"secret":"*:*.def"}`
	tests := []struct {
		name string
		body string
		call func(*api.Client) (int, error)
	}{
		{"PATs", `{"pats":[` + good + `,` + numeric + `,` + good + `]}`, func(c *api.Client) (int, error) {
			l, err := c.ListPATs(context.Background())
			return len(l), err
		}},
		{"PATs: a wrong type in a row", `{"pats":[` + good + `,{"id":"three"}]}`, func(c *api.Client) (int, error) {
			l, err := c.ListPATs(context.Background())
			return len(l), err
		}},
		{"API tokens", `{"tokens":[` + goodAPI + `,` + numericAPI + `]}`, func(c *api.Client) (int, error) {
			l, err := c.ListAPITokens(context.Background())
			return len(l), err
		}},
		{"project tokens", `{"tokens":[` + goodAPI + `,` + numericAPI + `]}`, func(c *api.Client) (int, error) {
			l, err := c.ListProjectTokens(context.Background(), "default")
			return len(l), err
		}},
		{"service accounts", `{"serviceAccounts":[{"id":1,"name":"n","tokens":[` + good + `,` + numeric + `]}],"rootRoles":[]}`, func(c *api.Client) (int, error) {
			l, err := c.ListServiceAccounts(context.Background())
			return len(l.Accounts), err
		}},
		{"a service account's tokens", `{"pats":[` + good + `,` + numeric + `]}`, func(c *api.Client) (int, error) {
			l, err := c.ListServiceAccountTokens(context.Background(), 1)
			return len(l), err
		}},
		{"who you are", `{"user":{"id":1,"name":"Ada","createdAt":12},"permissions":[{"permission":"ADMIN"}],"extra":[1,}`, func(c *api.Client) (int, error) {
			u, err := c.Me(context.Background())
			return len(u.Name) + len(u.Permissions), err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := httptest.NewServer(http.HandlerFunc(status(200, "application/json", tt.body)))
			defer ts.Close()
			c, _ := api.New(ts.URL, "user:x", api.WithRetries(0))
			n, err := tt.call(c)
			if api.KindOf(err) != api.KindBadResponse {
				t.Fatalf("got %v, want an unexpected-response error", err)
			}
			if n != 0 {
				t.Fatalf("an error carries %d rows", n)
			}
		})
	}
}

// TestBodyTimeout: an answer whose body stops coming times out as such, with
// the timeout's hint, not as a broken answer with a hint about the URL.
func TestBodyTimeout(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"pats":[`))
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}))
	defer ts.Close()
	c, _ := api.New(ts.URL, "user:x", api.WithTimeout(200*time.Millisecond), api.WithRetries(0))
	_, err := c.ListPATs(context.Background())
	e, ok := api.AsError(err)
	if !ok || e.Kind != api.KindTimeout || !strings.Contains(err.Error(), "the answer from 127.0.0.1") ||
		!strings.HasSuffix(err.Error(), "did not finish within 200ms") || e.Hint() != "The server did not answer in time; try again." {
		t.Fatalf("got %v (%v): %s", err, api.KindOf(err), e.Hint())
	}
	if !api.OutcomeUnknown(err) {
		t.Error("a write whose answer timed out may have happened")
	}
	if api.KindTimeout.String() != "timed out" {
		t.Errorf("the kind reads %q", api.KindTimeout)
	}

	ctx, cancel := context.WithCancel(context.Background())
	c, _ = api.New(ts.URL, "user:x", api.WithRetries(0))
	go func() { time.Sleep(100 * time.Millisecond); cancel() }()
	if _, err := c.ListPATs(ctx); api.KindOf(err) != api.KindTimeout || !strings.HasSuffix(err.Error(), "cancelled") {
		t.Fatalf("cancelled: got %v", err)
	}
}

// TestEmptyPathParameterNotSent: a call whose path parameter is empty (a
// list row whose secret is null) is refused before any request: DELETE
// /api/admin/api-tokens/ would name the whole collection.
func TestEmptyPathParameterNotSent(t *testing.T) {
	var requests atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.WriteHeader(200)
	}))
	defer ts.Close()
	c, _ := api.New(ts.URL, "user:x")
	ctx := context.Background()
	tests := []struct {
		name string
		call func() error
		want string
	}{
		{"delete an API token", func() error { return c.DeleteAPIToken(ctx, "") }, "delete an API token: not sent: {token} is empty"},
		{"change an expiry", func() error { return c.UpdateAPITokenExpiry(ctx, "", fixedNow) }, "change an API token's expiry: not sent: {token} is empty"},
		{"delete a project token", func() error { return c.DeleteProjectToken(ctx, "default", "") }, "delete a project token: not sent: {token} is empty"},
		{"delete a token of no project", func() error { return c.DeleteProjectToken(ctx, "", "*:*.abc") }, "delete a project token: not sent: {projectId} is empty"},
		{"list no project's tokens", func() error { _, err := c.ListProjectTokens(ctx, ""); return err }, "list the project's tokens: not sent: {projectId} is empty"},
		{"create in no project", func() error {
			_, err := c.CreateProjectToken(ctx, "", api.CreateProjectToken{Name: "n", Type: api.TypeBackend})
			return err
		}, "create a project token: not sent: {projectId} is empty"},
		{"find by an empty name", func() error { _, err := c.APITokensByName(ctx, ""); return err }, "find API tokens by name: not sent: {name} is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			if api.KindOf(err) != api.KindNotSent || err.Error() != tt.want {
				t.Fatalf("got %v (%v), want %q", err, api.KindOf(err), tt.want)
			}
			if api.OutcomeUnknown(err) {
				t.Error("nothing was sent: the outcome is known")
			}
		})
	}
	if n := requests.Load(); n != 0 {
		t.Fatalf("%d requests went out", n)
	}
}

// TestURLPasswordNeverPrinted: a user and password in the URL never reach a
// message, even when the password holds /, ? or # and the URL does not parse.
func TestURLPasswordNeverPrinted(t *testing.T) {
	for _, raw := range []string{
		"http://user:Secret@host",
		"https://user:Se#cret@host/",
		"https://user:Se/cret@host/ushosted",
		"https://user:Se?cret@host",
		"https://user:12/Secret@host",
		"https://user:Se cret@host",
		"https://user:Se%zzcret@host",
		"user:Secret@host",
		"https://user:S@cr@t#@host",
	} {
		t.Run(raw, func(t *testing.T) {
			if got := api.RedactURL(raw); strings.Contains(got, "cret") || strings.Contains(got, "cr@t") || !strings.Contains(got, "redacted@") {
				t.Errorf("RedactURL = %q", got)
			}
			u, err := api.ParseBaseURL(raw)
			switch {
			case err != nil && strings.Contains(err.Error(), "cret"):
				t.Errorf("error shows the password: %v", err)
			case err == nil && strings.Contains(u.String(), "cret"):
				t.Errorf("URL keeps the password: %s", u)
			}
		})
	}
	if got := api.RedactURL("https://unleash.example.com/ushosted"); got != "https://unleash.example.com/ushosted" {
		t.Errorf("a URL without a password changed: %q", got)
	}
}
