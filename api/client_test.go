package api_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/inmem"
)

var fixedNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

func clock() time.Time { return fixedNow }

// fake starts an in-memory Unleash and a client for it with the given token.
func fake(t *testing.T, token string, opts ...inmem.Option) (*api.Client, *inmem.Server) {
	t.Helper()
	srv, ts := inmem.NewTestServer(append([]inmem.Option{inmem.WithClock(clock)}, opts...)...)
	t.Cleanup(ts.Close)
	c, err := api.New(ts.URL, api.Secret(token), api.WithBackoff(func(int) time.Duration { return time.Millisecond }))
	if err != nil {
		t.Fatal(err)
	}
	return c, srv
}

func TestReadEndpointsOnSeedData(t *testing.T) {
	ctx := context.Background()
	c, _ := fake(t, inmem.AdminPAT)

	me, err := c.Me(ctx)
	if err != nil || me.Username != "admin" || me.DisplayName() != "Ada Admin" || len(me.Permissions) != 1 || me.Permissions[0] != "ADMIN" {
		t.Fatalf("Me = %+v, %v", me, err)
	}
	ed, err := c.Edition(ctx)
	if err != nil || !ed.Enterprise || ed.Version != inmem.Version {
		t.Fatalf("Edition = %+v, %v", ed, err)
	}
	pats, err := c.ListPATs(ctx)
	if err != nil || len(pats) != 8 {
		t.Fatalf("ListPATs = %d, %v", len(pats), err)
	}
	checkSeedPATs(t, pats)
	checkSeedServiceAccounts(t, c)
	projects, err := c.ListProjects(ctx)
	if err != nil || len(projects) != 6 || projects[0].ID != "default" {
		t.Fatalf("ListProjects = %+v, %v", projects, err)
	}
	envs, err := c.ListEnvironments(ctx)
	if err != nil || len(envs) != 3 {
		t.Fatalf("ListEnvironments = %+v, %v", envs, err)
	}
	checkout, err := c.ListProjectTokens(ctx, "checkout")
	if err != nil || len(checkout) != 4 { // three of its own and growth-edge, which spans two projects
		t.Fatalf("ListProjectTokens(checkout) = %d, %v", len(checkout), err)
	}
	all, err := c.ListAPITokens(ctx)
	if err != nil || len(all) != 16 {
		t.Fatalf("ListAPITokens = %d, %v", len(all), err)
	}
	checkSeedAPITokens(t, all)
	byName, err := c.APITokensByName(ctx, "checkout-api")
	if err != nil || len(byName) != 2 {
		t.Fatalf("APITokensByName = %d, %v", len(byName), err)
	}
	if none, err := c.APITokensByName(ctx, "Checkout-API"); err != nil || len(none) != 0 {
		t.Fatalf("by-name match is case-sensitive: got %d, %v", len(none), err)
	}
}

// checkSeedPATs: the seed's PATs, listed without their secrets, one never
// used.
func checkSeedPATs(t *testing.T, pats []api.PAT) {
	t.Helper()
	for _, p := range pats {
		if !p.Credential.IsZero() || p.ExpiresAt == nil || p.CreatedAt.IsZero() {
			t.Errorf("PAT %d: secret %v, expires %v, created %v", p.ID, p.Credential, p.ExpiresAt, p.CreatedAt)
		}
	}
	var neverUsed int
	for _, p := range pats {
		if p.SeenAt == nil {
			neverUsed++
		}
	}
	if neverUsed != 1 {
		t.Errorf("never-used PATs = %d, want 1", neverUsed)
	}
}

// checkSeedServiceAccounts: the seed's three service accounts, the first an
// Editor seen lately, with three tokens.
func checkSeedServiceAccounts(t *testing.T, c *api.Client) {
	t.Helper()
	ctx := context.Background()
	sa, err := c.ListServiceAccounts(ctx)
	if err != nil || len(sa.Accounts) != 3 || sa.RoleName(sa.Accounts[0].RootRole) != "Editor" {
		t.Fatalf("ListServiceAccounts = %+v, %v", sa, err)
	}
	if last := sa.Accounts[0].LastSeen(); last == nil || fixedNow.Sub(*last) > 3*time.Hour {
		t.Errorf("LastSeen = %v", last)
	}
	saTokens, err := c.ListServiceAccountTokens(ctx, sa.Accounts[0].ID)
	if err != nil || len(saTokens) != 3 {
		t.Fatalf("ListServiceAccountTokens = %d, %v", len(saTokens), err)
	}
}

// checkSeedAPITokens: each of a type, each listed with a usable secret (v1).
func checkSeedAPITokens(t *testing.T, all []api.APIToken) {
	t.Helper()
	for _, tok := range all {
		if tok.Type != api.TypeBackend && tok.Type != api.TypeFrontend && tok.Type != api.TypeAdmin {
			t.Errorf("%s: type %q", tok.Name, tok.Type)
		}
		if tok.Secret.IsZero() || !tok.CanCopy() {
			t.Errorf("%s: v1 list rows carry a usable secret", tok.Name)
		}
	}
}

func TestWriteEndpoints(t *testing.T) {
	ctx := context.Background()
	c, _ := fake(t, inmem.AdminPAT)
	expires := fixedNow.Add(30 * 24 * time.Hour)

	pat, err := c.CreatePAT(ctx, api.CreatePAT{Description: "new one", ExpiresAt: expires})
	if err != nil || pat.Credential.FormatKind() != api.FormatV1 || !pat.ExpiresAt.Equal(expires) {
		t.Fatalf("CreatePAT = %+v, %v", pat, err)
	}
	_, err = c.CreatePAT(ctx, api.CreatePAT{Description: "new one", ExpiresAt: expires})
	assertKind(t, err, api.KindConflict, 409, "PAT description already exists.")
	_, err = c.CreatePAT(ctx, api.CreatePAT{Description: "", ExpiresAt: expires})
	assertKind(t, err, api.KindBadRequest, 400, "PAT description cannot be empty.")
	_, err = c.CreatePAT(ctx, api.CreatePAT{Description: "past", ExpiresAt: fixedNow.Add(-time.Hour)})
	assertKind(t, err, api.KindBadRequest, 400, "The expiry date should be in future.")
	_, err = c.CreatePAT(ctx, api.CreatePAT{Description: "ten", ExpiresAt: expires})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CreatePAT(ctx, api.CreatePAT{Description: "eleven", ExpiresAt: expires})
	assertKind(t, err, api.KindLimitReached, 403, "Too many PATs (10)")
	if err := c.DeletePAT(ctx, pat.ID); err != nil {
		t.Fatal(err)
	}
	if err := c.DeletePAT(ctx, 9999); err != nil {
		t.Fatalf("deleting an unknown PAT is a silent 200 on the server: %v", err)
	}

	saTok, err := c.CreateServiceAccountToken(ctx, 4, api.CreatePAT{Description: "svc", ExpiresAt: expires})
	if err != nil || saTok.Credential.IsZero() {
		t.Fatalf("CreateServiceAccountToken = %+v, %v", saTok, err)
	}
	if err := c.DeleteServiceAccountToken(ctx, 4, saTok.ID); err != nil {
		t.Fatal(err)
	}
	_, err = c.ListServiceAccountTokens(ctx, 99)
	assertKind(t, err, api.KindNotFound, 404, "service account")

	ptok, err := c.CreateProjectToken(ctx, "payments", api.CreateProjectToken{Name: "p1", Type: api.TypeFrontend, Environment: "production"})
	if err != nil || ptok.Credential.Token().Masked() != "payments:pro… (76 chars)" || !ptok.Secret.IsZero() || ptok.Type != api.TypeFrontend {
		t.Fatalf("CreateProjectToken = %+v (%s), %v", ptok, ptok.Credential, err)
	}
	if err := c.DeleteProjectToken(ctx, "payments", ptok.Ref()); err != nil {
		t.Fatal(err)
	}
	err = c.DeleteProjectToken(ctx, "payments", ptok.Ref())
	assertKind(t, err, api.KindNotFound, 404, "not found")

	atok, err := c.CreateAPIToken(ctx, api.CreateAPIToken{Name: "global", Type: api.TypeBackend, Environment: "staging"})
	if err != nil || !atok.AllProjects() || atok.Type != api.TypeBackend {
		t.Fatalf("CreateAPIToken = %+v, %v", atok, err)
	}
	newExpiry := fixedNow.Add(-time.Hour) // a past expiry is accepted for API tokens
	if err := c.UpdateAPITokenExpiry(ctx, atok.Ref(), newExpiry); err != nil {
		t.Fatal(err)
	}
	got, _ := c.APITokensByName(ctx, "global")
	if len(got) != 1 || !got[0].ExpiresAt.Equal(newExpiry) {
		t.Fatalf("after update: %+v", got)
	}
	if err := c.DeleteAPIToken(ctx, atok.Ref()); err != nil {
		t.Fatal(err)
	}
	if got, _ := c.APITokensByName(ctx, "global"); len(got) != 0 {
		t.Fatalf("after delete: %+v", got)
	}
	_, err = c.CreateAPIToken(ctx, api.CreateAPIToken{Name: "x", Type: api.TypeAdmin})
	assertKind(t, err, api.KindBadRequest, 400, "must match pattern")
	_, err = c.CreateAPIToken(ctx, api.CreateAPIToken{Name: "x", Type: api.TypeBackend, Projects: []string{"nope"}})
	assertKind(t, err, api.KindBadRequest, 400, "Project=nope does not exist")
}

func TestErrorKinds(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		token   string
		opts    []inmem.Option
		call    func(c *api.Client) error
		kind    api.ErrorKind
		status  int
		message string
		perm    string
	}{
		{"no token", "", nil, func(c *api.Client) error { _, err := c.ListPATs(ctx); return err },
			api.KindUnauthenticated, 401, "You must log in", ""},
		{"wrong token", "user:nope", nil, func(c *api.Client) error { _, err := c.ListPATs(ctx); return err },
			api.KindUnauthenticated, 401, "You must log in to use Unleash.", ""},
		{"admin token has no PATs", inmem.AdminAPIToken, nil, func(c *api.Client) error { _, err := c.ListPATs(ctx); return err },
			api.KindForbidden, 403, "PATs require an authenticated user.", ""},
		{"viewer lists API tokens", inmem.ViewerPAT, nil, func(c *api.Client) error { _, err := c.ListAPITokens(ctx); return err },
			api.KindForbidden, 403, "You don't have the required permissions", "READ_CLIENT_API_TOKEN or READ_FRONTEND_API_TOKEN"},
		{"viewer lists project tokens", inmem.ViewerPAT, nil, func(c *api.Client) error { _, err := c.ListProjectTokens(ctx, "default"); return err },
			api.KindForbidden, 403, "READ_PROJECT_API_TOKEN", "READ_PROJECT_API_TOKEN"},
		{"backend token on admin API", inmem.BackendToken, nil, func(c *api.Client) error { _, err := c.ListAPITokens(ctx); return err },
			api.KindForbidden, 403, "invalid token: expected a different token type for this endpoint", ""},
		{"service accounts on open source", inmem.AdminPAT, []inmem.Option{inmem.OpenSource()},
			func(c *api.Client) error { _, err := c.ListServiceAccounts(ctx); return err },
			api.KindEnterpriseOnly, 404, "need Unleash Enterprise", ""},
		{"service-account tokens on open source", inmem.AdminPAT, []inmem.Option{inmem.OpenSource()},
			func(c *api.Client) error { _, err := c.ListServiceAccountTokens(ctx, 1); return err },
			api.KindEnterpriseOnly, 404, "need Unleash Enterprise", ""},
		{"unknown project with admin token", inmem.AdminAPIToken, nil, func(c *api.Client) error { _, err := c.ListProjectTokens(ctx, "nope"); return err },
			api.KindNotFound, 404, "No project found", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := fake(t, tt.token, tt.opts...)
			err := tt.call(c)
			assertKind(t, err, tt.kind, tt.status, tt.message)
			if e, _ := api.AsError(err); e.Permission != tt.perm {
				t.Errorf("Permission = %q, want %q", e.Permission, tt.perm)
			}
		})
	}
}

func assertKind(t *testing.T, err error, kind api.ErrorKind, status int, contains string) {
	t.Helper()
	e, ok := api.AsError(err)
	if !ok {
		t.Fatalf("want *api.Error of kind %v, got %v", kind, err)
	}
	if e.Kind != kind || e.Status != status || !strings.Contains(err.Error(), contains) {
		t.Fatalf("got kind %v status %d %q; want kind %v status %d containing %q", e.Kind, e.Status, err, kind, status, contains)
	}
}

// scripted serves the given answers in turn and counts requests.
type scripted struct {
	answers []func(w http.ResponseWriter, r *http.Request)
	calls   atomic.Int32
}

func (s *scripted) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	i := int(s.calls.Add(1)) - 1
	if i >= len(s.answers) {
		i = len(s.answers) - 1
	}
	s.answers[i](w, r)
}

func status(code int, contentType, body string, headers ...string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		w.WriteHeader(code)
		_, _ = w.Write([]byte(body))
	}
}

var okPATs = status(200, "application/json", `{"pats":[]}`)

func TestRetriesAndBodies(t *testing.T) {
	tests := []struct {
		name    string
		answers []func(http.ResponseWriter, *http.Request)
		post    bool
		calls   int32
		kind    api.ErrorKind
		message string
	}{
		{"503 then ok", []func(http.ResponseWriter, *http.Request){status(503, "text/plain", "down"), okPATs}, false, 2, api.KindUnknown, ""},
		{"429 with Retry-After then ok", []func(http.ResponseWriter, *http.Request){
			status(429, "text/plain", "Too many requests, please try again later.", "Retry-After", "0"), okPATs}, false, 2, api.KindUnknown, ""},
		{"429 always: text/plain message kept", []func(http.ResponseWriter, *http.Request){
			status(429, "text/plain", "Too many requests, please try again later.", "Retry-After", "0")}, false, 4, api.KindRateLimited, "Too many requests, please try again later. (HTTP 429)"},
		{"429 asking for a long wait is not retried", []func(http.ResponseWriter, *http.Request){
			status(429, "text/plain", "slow down", "Retry-After", "59")}, false, 1, api.KindRateLimited, "slow down"},
		{"500 is not retried", []func(http.ResponseWriter, *http.Request){status(500, "application/json", `{"name":"InternalError","message":"boom"}`)}, false, 1, api.KindServer, "boom (HTTP 500 InternalError)"},
		{"POST is never retried", []func(http.ResponseWriter, *http.Request){status(503, "", "")}, true, 1, api.KindServer, "unavailable (HTTP 503)"},
		{"HTML 400 from Express", []func(http.ResponseWriter, *http.Request){status(400, "text/html", "<!DOCTYPE html><html><body><pre>SyntaxError</pre></body></html>")}, false, 1, api.KindBadRequest, "the server rejected the request (HTTP 400)"},
		{"empty 404", []func(http.ResponseWriter, *http.Request){status(404, "", "")}, false, 1, api.KindNotFound, "not found (HTTP 404)"},
		{"HTML 200 from a wrong URL", []func(http.ResponseWriter, *http.Request){status(200, "text/html", "<!doctype html><title>Unleash</title>")}, false, 1, api.KindBadResponse, "answered 200 with an HTML page"},
		{"malformed JSON", []func(http.ResponseWriter, *http.Request){status(200, "application/json", `{"pats":[{"id":1,"createdAt":"yesterday"}]}`)}, false, 1, api.KindBadResponse, "JSON that does not match Unleash's"},
		{"malformed date", []func(http.ResponseWriter, *http.Request){status(200, "application/json", `{"pats":[{"id":1,"createdAt":"2026-02-30T00:00:00Z"}]}`)}, false, 1, api.KindBadResponse, "parsing time"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := &scripted{answers: tt.answers}
			ts := httptest.NewServer(h)
			defer ts.Close()
			c, _ := api.New(ts.URL, "user:secret-token-value", api.WithBackoff(func(int) time.Duration { return time.Millisecond }))
			var err error
			if tt.post {
				_, err = c.CreatePAT(context.Background(), api.CreatePAT{Description: "d", ExpiresAt: fixedNow})
			} else {
				_, err = c.ListPATs(context.Background())
			}
			if got := h.calls.Load(); got != tt.calls {
				t.Errorf("requests = %d, want %d", got, tt.calls)
			}
			if tt.kind == api.KindUnknown {
				if err != nil {
					t.Fatalf("want success, got %v", err)
				}
				return
			}
			if api.KindOf(err) != tt.kind || !strings.Contains(fmt.Sprint(err), tt.message) {
				t.Fatalf("got %v (%v), want kind %v containing %q", err, api.KindOf(err), tt.kind, tt.message)
			}
		})
	}
}

func TestBodyCap(t *testing.T) {
	big := `{"pats":[` + strings.Repeat(`{"id":1,"description":"xxxxxxxxxxxxxxxx","createdAt":"2026-01-01T00:00:00Z","expiresAt":"2027-01-01T00:00:00Z"},`, 20000) + `{"id":1}]}`
	ts := httptest.NewServer(http.HandlerFunc(status(200, "application/json", big)))
	defer ts.Close()
	c, _ := api.New(ts.URL, "t", api.WithMaxBodyBytes(1<<20))
	_, err := c.ListPATs(context.Background())
	if api.KindOf(err) != api.KindBadResponse || !strings.Contains(err.Error(), "larger than 1 MiB") {
		t.Fatalf("got %v", err)
	}
}

func TestTimeoutAndUnreachable(t *testing.T) {
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	defer hang.Close()
	c, _ := api.New(hang.URL, "t", api.WithTimeout(100*time.Millisecond))
	start := time.Now()
	_, err := c.ListPATs(context.Background())
	if api.KindOf(err) != api.KindTimeout || !strings.Contains(err.Error(), "no answer from 127.0.0.1") {
		t.Fatalf("got %v", err)
	}
	if time.Since(start) > 2*time.Second {
		t.Errorf("timeout took %v", time.Since(start))
	}

	closed := httptest.NewServer(http.NotFoundHandler())
	url := closed.URL
	closed.Close()
	c, _ = api.New(url, "t", api.WithRetries(2), api.WithBackoff(func(int) time.Duration { return time.Millisecond }))
	_, err = c.ListPATs(context.Background())
	if api.KindOf(err) != api.KindUnreachable || !strings.Contains(err.Error(), "cannot reach 127.0.0.1") || !strings.Contains(err.Error(), "connection refused") {
		t.Fatalf("got %v", err)
	}
	e, _ := api.AsError(err)
	if e.Hint() == "" {
		t.Error("an unreachable server gets a hint")
	}
}

func TestPathPrefixEscapingAndHeaders(t *testing.T) {
	var gotPath, gotAuth, gotCT string
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotPath, gotAuth, gotCT = r.URL.EscapedPath(), r.Header.Get("Authorization"), r.Header.Get("Content-Type")
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"tokens":[]}`))
	}))
	defer ts.Close()
	c, err := api.New(ts.URL+"/ushosted/", "user:abc")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.APITokensByName(context.Background(), "a name/with?odd#chars"); err != nil {
		t.Fatal(err)
	}
	if gotPath != "/ushosted/api/admin/api-tokens/a%20name%2Fwith%3Fodd%23chars" || gotAuth != "user:abc" {
		t.Fatalf("path %q auth %q", gotPath, gotAuth)
	}
	if err := c.UpdateAPITokenExpiry(context.Background(), "*:development.abc", fixedNow); err != nil {
		t.Fatal(err)
	}
	if gotPath != "/ushosted/api/admin/api-tokens/%2A:development.abc" || gotCT != "application/json" {
		t.Fatalf("path %q content type %q", gotPath, gotCT)
	}
}

func TestParseBaseURL(t *testing.T) {
	tests := []struct{ in, want, err string }{
		{"https://unleash.example.com/", "https://unleash.example.com", ""},
		{"  https://us.app.unleash-hosted.com/ushosted/ ", "https://us.app.unleash-hosted.com/ushosted", ""},
		{"http://127.0.0.1:4242?x=1#f", "http://127.0.0.1:4242", ""},
		{"https://user:pw@host/", "https://host", ""},
		{"unleash.example.com", "", `the Unleash URL "unleash.example.com" needs a scheme and a host, e.g. https://unleash.example.com`},
		{"", "", "no Unleash URL given"},
		{"ftp://host", "", "needs a scheme and a host"},
		{"https://user:pw@ho st/", "", `the Unleash URL "https://redacted@ho st/" is not a valid URL`},
	}
	for _, tt := range tests {
		u, err := api.ParseBaseURL(tt.in)
		switch {
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("%q: err %v, want %q", tt.in, err, tt.err)
		case tt.err == "" && (err != nil || u.String() != tt.want):
			t.Errorf("%q: got %v, %v; want %q", tt.in, u, err, tt.want)
		}
	}
}

// TestNoSecretInErrors drives every failure path with a token that appears in
// the path too and checks that neither shows up in any error text.
func TestNoSecretInErrors(t *testing.T) {
	const token = "user:0123456789abcdef0123456789abcdef0123456789abcdef01234567"
	const pathSecret = "*:production.feedfacefeedfacefeedfacefeedfacefeedfacefeedfaceabcd"
	echo := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(400)
		fmt.Fprintf(w, `{"name":"BadDataError","message":"bad token %s at %s"}`, r.Header.Get("Authorization"), r.URL.Path)
	}
	ts := httptest.NewServer(http.HandlerFunc(echo))
	defer ts.Close()
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	for _, base := range []string{ts.URL, closed.URL} {
		c, _ := api.New(base, token, api.WithRetries(0))
		for _, err := range []error{
			c.DeleteAPIToken(context.Background(), pathSecret),
			c.UpdateAPITokenExpiry(context.Background(), pathSecret, fixedNow),
			c.DeleteProjectToken(context.Background(), "default", pathSecret),
		} {
			text := fmt.Sprintf("%v %+v %#v %s", err, err, err, errors.Unwrap(err))
			for _, s := range []string{token, pathSecret, "feedface", "0123456789abcdef"} {
				if strings.Contains(text, s) {
					t.Fatalf("error text leaks %q: %s", s, text)
				}
			}
		}
	}
}

func TestSecretNeverPrints(t *testing.T) {
	s := api.Secret("default:development.4fa1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7")
	tok := api.APIToken{Name: "n", Secret: s}
	for _, out := range []string{fmt.Sprint(s), fmt.Sprintf("%s|%v|%q|%+v|%#v|%x", s, s, s, tok, tok, s)} {
		if strings.Contains(out, "4fa1c2") {
			t.Fatalf("printed secret: %s", out)
		}
	}
	if s.Masked() != "default:deve… (76 chars)" {
		t.Errorf("Masked = %q", s.Masked())
	}
	if s.Reveal() != string(s) {
		t.Error("Reveal must return the credential")
	}
}

func TestSecretFormats(t *testing.T) {
	tests := []struct {
		in   string
		want api.SecretFormat
	}{
		{"user:0a1d0e2a3d4b5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3", api.FormatV1},
		{"default:development.0a1d0e2a3d4b5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3", api.FormatV1},
		{"user:v2_AbCdEfGhIjKlMnOpQrStUv_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ", api.FormatV2},
		{"*:production.v2_AbCdEfGhIjKlMnOpQrStUv_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ", api.FormatV2},
		// Selector and secret are base64url, so "_" may appear inside either (seen on 8.2.0).
		{"user:v2_Ab_dEfGhIjKlMnOpQrSt_v_a_cdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP_", api.FormatV2},
		{"default:development.v2__bCdEfGhIjKlMnOpQrStU__abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ", api.FormatV2},
		{"user:v2_short_abc", api.FormatUnknown},
		{"user:v2_AbCdEfGhIjKlMnOpQrStUv-abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ", api.FormatUnknown},
		{"AbCdEfGhIjKlMnOpQrStUv", api.FormatV2Selector},
		{"Ab_dEfGhIjKlMnOpQrSt-v", api.FormatV2Selector},
		{"nonsense", api.FormatUnknown},
		{"a:b", api.FormatUnknown},
	}
	for _, tt := range tests {
		if got := api.Secret(tt.in).FormatKind(); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.in, got, tt.want)
		}
	}
	v2row := api.APIToken{Secret: "AbCdEfGhIjKlMnOpQrStUv", Secure: true}
	if v2row.CanCopy() {
		t.Error("a v2 selector cannot be copied as a credential")
	}
}

func TestTokenTypeNormalised(t *testing.T) {
	for in, want := range map[string]api.TokenType{"client": api.TypeBackend, "BACKEND": api.TypeBackend, "Frontend": api.TypeFrontend, "admin": api.TypeAdmin} {
		got, err := api.ParseTokenType(in)
		if err != nil || got != want {
			t.Errorf("%s: %v %v", in, got, err)
		}
	}
	if _, err := api.ParseTokenType("edge"); err == nil {
		t.Error("edge is not a type")
	}
}
