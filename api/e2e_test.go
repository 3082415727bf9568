package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/internal/realserver"
)

type e2e struct{ realserver.Credentials }

func realServer(t *testing.T) e2e { return e2e{realserver.Get(t)} }

func (e e2e) client(t *testing.T, token string) *api.Client {
	t.Helper()
	c, err := api.New(e.URL, api.Secret(token))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func unique(prefix string) string { return fmt.Sprintf("%s %d", prefix, time.Now().UnixNano()) }

func TestE2EWhoAmIAndEdition(t *testing.T) {
	env := realServer(t)
	ctx := context.Background()
	me, err := env.client(t, env.AdminPAT).Me(ctx)
	if err != nil || me.Username != "admin" || me.ID != 1 || len(me.Permissions) == 0 || me.Permissions[0] != "ADMIN" {
		t.Fatalf("Me(admin PAT) = %+v, %v", me, err)
	}
	tokMe, err := env.client(t, env.AdminAPIToken).Me(ctx)
	if err != nil || tokMe.Username != "admin" {
		t.Fatalf("Me(admin API token) = %+v, %v", tokMe, err)
	}
	// The server echoes the admin token's secret in this answer; User must not keep it.
	out, _ := json.Marshal(tokMe)
	if strings.Contains(fmt.Sprintf("%+v %s", tokMe, out), env.AdminAPIToken) {
		t.Fatalf("User kept the echoed secret: %s", out)
	}
	ed, err := env.client(t, env.AdminPAT).Edition(ctx)
	if err != nil || ed.Enterprise || ed.Version != env.Version || !ed.Known || ed.Parsed.String() != env.Version ||
		!ed.Supported() || ed.Environment != "Open Source" {
		t.Fatalf("Edition = %+v, %v", ed, err)
	}
}

func TestE2EPATLifecycle(t *testing.T) {
	env := realServer(t)
	ctx := context.Background()
	admin := env.client(t, env.AdminPAT)
	desc := unique("e2e pat")
	expires := time.Now().Add(48 * time.Hour).Truncate(time.Millisecond)

	pat, err := admin.CreatePAT(ctx, api.CreatePAT{Description: desc, ExpiresAt: expires})
	if err != nil {
		t.Fatal(err)
	}
	format, length := api.FormatV1, 61
	if env.SecurePATs {
		format, length = api.FormatV2, 74
	}
	if pat.Credential.FormatKind() != format || len(pat.Credential.Bytes()) != length || !pat.ExpiresAt.Equal(expires) || pat.SeenAt != nil {
		t.Fatalf("created PAT = %+v (secret %s)", pat, pat.Credential)
	}
	if !listHasPAT(t, admin, pat.ID, desc) {
		t.Fatal("new PAT not in the list")
	}
	// Its secret works on its own.
	self := env.client(t, string(pat.Credential.Bytes()))
	if me, err := self.Me(ctx); err != nil || me.Username != "admin" {
		t.Fatalf("Me with the new PAT = %+v, %v", me, err)
	}
	_, err = admin.CreatePAT(ctx, api.CreatePAT{Description: desc, ExpiresAt: expires})
	assertKind(t, err, api.KindConflict, 409, "PAT description already exists.")
	_, err = admin.CreatePAT(ctx, api.CreatePAT{Description: "", ExpiresAt: expires})
	assertKind(t, err, api.KindBadRequest, 400, "PAT description cannot be empty.")
	_, err = admin.CreatePAT(ctx, api.CreatePAT{Description: unique("past"), ExpiresAt: time.Now().Add(-time.Hour)})
	assertKind(t, err, api.KindBadRequest, 400, "The expiry date should be in future.")

	if err := admin.DeletePAT(ctx, pat.ID); err != nil {
		t.Fatal(err)
	}
	if listHasPAT(t, admin, pat.ID, desc) {
		t.Fatal("deleted PAT still listed")
	}
	_, err = self.Me(ctx)
	assertKind(t, err, api.KindUnauthenticated, 401, "You must log in to use Unleash.")
	// Unleash 8 answers 200 for an id it does not have; 5 to 7 answer 404.
	err = admin.DeletePAT(ctx, pat.ID)
	if env.AtLeast(8, 0, 0) {
		if err != nil {
			t.Fatalf("second delete: %v", err)
		}
	} else {
		assertKind(t, err, api.KindNotFound, 404, "No PAT found.")
	}
}

func listHasPAT(t *testing.T, c *api.Client, id int, desc string) bool {
	t.Helper()
	pats, err := c.ListPATs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pats {
		if !p.Credential.IsZero() {
			t.Fatalf("a listed PAT carries a secret: %d", p.ID)
		}
		if p.ID == id && p.Description == desc {
			return true
		}
	}
	return false
}

func TestE2EPATCap(t *testing.T) {
	env := realServer(t)
	ctx := context.Background()
	viewer := env.client(t, env.ViewerPAT)
	pats, err := viewer.ListPATs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var made []int
	t.Cleanup(func() {
		for _, id := range made {
			_ = viewer.DeletePAT(context.Background(), id)
		}
	})
	for i := len(pats); i < 10; i++ {
		p, err := viewer.CreatePAT(ctx, api.CreatePAT{Description: unique("cap"), ExpiresAt: time.Now().Add(time.Hour)})
		if err != nil {
			t.Fatalf("PAT %d of 10: %v", i+1, err)
		}
		made = append(made, p.ID)
	}
	_, err = viewer.CreatePAT(ctx, api.CreatePAT{Description: unique("eleventh"), ExpiresAt: time.Now().Add(time.Hour)})
	assertKind(t, err, api.KindLimitReached, 403, "Too many PATs (10) already exist for this user.")
}

func TestE2EProjectsEnvironmentsAndProjectTokens(t *testing.T) {
	env := realServer(t)
	ctx := context.Background()
	admin := env.client(t, env.AdminPAT)
	projects, err := admin.ListProjects(ctx)
	if err != nil || len(projects) == 0 || projects[0].ID != "default" || projects[0].Name != "Default" {
		t.Fatalf("ListProjects = %+v, %v", projects, err)
	}
	envs, err := admin.ListEnvironments(ctx)
	names := make([]string, len(envs))
	for i, e := range envs {
		names[i] = fmt.Sprintf("%s enabled=%v", e.Name, e.Enabled)
	}
	// Unleash 5 and 6 also list their disabled "default" environment.
	want := "[development enabled=true production enabled=true]"
	if !env.AtLeast(7, 0, 0) {
		want = "[default enabled=false development enabled=true production enabled=true]"
	}
	if err != nil || fmt.Sprint(names) != want {
		t.Fatalf("ListEnvironments = %v, %v; want %s", names, err, want)
	}
	name := unique("e2e-project-token")
	expires := time.Now().Add(10 * 24 * time.Hour).Truncate(time.Millisecond)
	tok, err := admin.CreateProjectToken(ctx, "default", api.CreateProjectToken{Name: name, Type: api.TypeFrontend, Environment: "production", ExpiresAt: &expires})
	if err != nil {
		t.Fatal(err)
	}
	if tok.Type != api.TypeFrontend || tok.Environment != "production" || len(tok.Projects) != 1 || tok.Projects[0] != "default" ||
		!strings.HasPrefix(string(tok.Credential.Bytes()), "default:production.") || tok.ExpiresAt == nil || !tok.ExpiresAt.Equal(expires) {
		t.Fatalf("created = %+v", tok)
	}
	if !projectHas(t, admin, name) {
		t.Fatal("new project token not listed")
	}
	if err := admin.DeleteProjectToken(ctx, "default", tok.Ref()); err != nil {
		t.Fatal(err)
	}
	if projectHas(t, admin, name) {
		t.Fatal("deleted project token still listed")
	}
	err = admin.DeleteProjectToken(ctx, "default", tok.Ref())
	assertKind(t, err, api.KindNotFound, 404, "not found (HTTP 404)")

	_, err = admin.CreateProjectToken(ctx, "default", api.CreateProjectToken{Name: "x", Type: api.TypeAdmin})
	if env.AtLeast(7, 0, 0) {
		assertKind(t, err, api.KindBadRequest, 400, "must match pattern")
	} else { // 5 and 6 know admin tokens, but not for one project
		assertKind(t, err, api.KindBadRequest, 400, "Admin token cannot be scoped to single project")
	}
	_, err = env.client(t, env.AdminAPIToken).ListProjectTokens(ctx, "nope")
	assertKind(t, err, api.KindNotFound, 404, "No project found")
	_, err = admin.ListProjectTokens(ctx, "nope")
	if env.AtLeast(6, 0, 0) {
		assertKind(t, err, api.KindForbidden, 403, "READ_PROJECT_API_TOKEN")
	} else { // 5 looks the project up before the permission
		assertKind(t, err, api.KindNotFound, 404, "No project found")
	}
}

func projectHas(t *testing.T, c *api.Client, name string) bool {
	t.Helper()
	list, err := c.ListProjectTokens(context.Background(), "default")
	if err != nil {
		t.Fatal(err)
	}
	for _, tok := range list {
		if tok.Name == name {
			return true
		}
	}
	return false
}

func TestE2EAPITokens(t *testing.T) {
	env := realServer(t)
	ctx := context.Background()
	admin := env.client(t, env.AdminPAT)
	name := unique("e2e-api-token")
	past := time.Now().Add(-72 * time.Hour).Truncate(time.Millisecond)

	tok, err := admin.CreateAPIToken(ctx, api.CreateAPIToken{Name: name, Type: api.TypeBackend, Environment: "development", Projects: []string{"default"}, ExpiresAt: &past})
	if err != nil {
		t.Fatal(err)
	}
	if tok.Type != api.TypeBackend || tok.AllProjects() || !tok.ExpiresAt.Equal(past) {
		t.Fatalf("created = %+v", tok)
	}
	found, err := admin.APITokensByName(ctx, name)
	if err != nil || len(found) != 1 {
		t.Fatalf("by name: %d, %v", len(found), err)
	}
	// Listed as "client" on the wire, read as backend. With secure (v2) tokens
	// the list carries only the selector, which cannot be copied.
	checkListedAsCreated(t, env.SecureTokens, tok, found[0])
	if none, err := admin.APITokensByName(ctx, strings.ToUpper(name)); err != nil || len(none) != 0 {
		t.Fatalf("by-name is case-sensitive on the server: %d, %v", len(none), err)
	}
	all, err := admin.ListAPITokens(ctx)
	if err != nil || len(all) < 3 {
		t.Fatalf("ListAPITokens = %d, %v", len(all), err)
	}
	later := time.Now().Add(30 * 24 * time.Hour).Truncate(time.Millisecond)
	if err := admin.UpdateAPITokenExpiry(ctx, tok.Ref(), later); err != nil {
		t.Fatal(err)
	}
	if found, _ := admin.APITokensByName(ctx, name); len(found) != 1 || !found[0].ExpiresAt.Equal(later) {
		t.Fatalf("after update: %+v", found)
	}
	if err := admin.DeleteAPIToken(ctx, tok.Ref()); err != nil {
		t.Fatal(err)
	}
	if found, _ := admin.APITokensByName(ctx, name); len(found) != 0 {
		t.Fatalf("after delete: %+v", found)
	}

	// Name with characters that need escaping in the path.
	odd := unique("e2e odd/name?#")
	oddTok, err := admin.CreateAPIToken(ctx, api.CreateAPIToken{Name: odd, Type: api.TypeFrontend, Environment: "production"})
	if err != nil {
		t.Fatal(err)
	}
	if !oddTok.AllProjects() {
		t.Fatalf("no projects given means all: %+v", oddTok)
	}
	if found, err := admin.APITokensByName(ctx, odd); err != nil || len(found) != 1 {
		t.Fatalf("by odd name: %d, %v", len(found), err)
	}
	if err := admin.DeleteAPIToken(ctx, oddTok.Ref()); err != nil {
		t.Fatal(err)
	}
}

// checkListedAsCreated: the list shows the token created (a backend token
// of default in development, never seen): with secure (v2) tokens only its
// selector, which cannot be copied; else its whole v1 secret.
func checkListedAsCreated(t *testing.T, secure bool, tok, listed api.APIToken) {
	t.Helper()
	if secure {
		if tok.Credential.FormatKind() != api.FormatV2 || !listed.Secure || listed.Secret.FormatKind() != api.FormatV2Selector ||
			!strings.Contains(string(tok.Credential.Bytes()), "v2_"+listed.Secret.Reveal()+"_") || listed.Secret != tok.Ref() || listed.CanCopy() {
			t.Fatalf("listed = %+v, created %+v", listed, tok)
		}
	} else if listed.Secret.Reveal() != string(tok.Credential.Bytes()) || !listed.CanCopy() || listed.Secure {
		t.Fatalf("listed = %+v", listed)
	}
	if listed.Type != api.TypeBackend || listed.SeenAt != nil || listed.Environment != "development" || fmt.Sprint(listed.Projects) != "[default]" {
		t.Fatalf("listed = %+v", listed)
	}
}

func TestE2EErrors(t *testing.T) {
	env := realServer(t)
	ctx := context.Background()
	tests := []struct {
		name    string
		token   string
		call    func(c *api.Client) error
		kind    api.ErrorKind
		status  int
		message string
		perm    string
	}{
		{"bad token", "user:not-a-real-token", func(c *api.Client) error { _, err := c.ListPATs(ctx); return err },
			api.KindUnauthenticated, 401, "You must log in to use Unleash. (HTTP 401 UnauthorizedError)", ""},
		{"no token", "", func(c *api.Client) error { _, err := c.ListAPITokens(ctx); return err },
			api.KindUnauthenticated, 401, "Your request had no authorization header", ""},
		{"client token on the admin API", env.ClientToken, func(c *api.Client) error { _, err := c.ListAPITokens(ctx); return err },
			api.KindForbidden, 403, "invalid token: expected a different token type for this endpoint (HTTP 403)", ""},
		{"viewer lists API tokens", env.ViewerPAT, func(c *api.Client) error { _, err := c.ListAPITokens(ctx); return err },
			api.KindForbidden, 403, "(HTTP 403 PermissionError)", "READ_CLIENT_API_TOKEN or READ_FRONTEND_API_TOKEN"},
		{"viewer creates an API token", env.ViewerPAT, func(c *api.Client) error {
			_, err := c.CreateAPIToken(ctx, api.CreateAPIToken{Name: "x", Type: api.TypeBackend})
			return err
		}, api.KindForbidden, 403, "PermissionError", "CREATE_CLIENT_API_TOKEN or CREATE_FRONTEND_API_TOKEN"},
		{"admin API token lists PATs", env.AdminAPIToken, func(c *api.Client) error { _, err := c.ListPATs(ctx); return err },
			api.KindForbidden, 403, "PATs require an authenticated user. (HTTP 403 ForbiddenError)", ""},
		{"service accounts", env.AdminPAT, func(c *api.Client) error { _, err := c.ListServiceAccounts(ctx); return err },
			api.KindEnterpriseOnly, 404, "service accounts need Unleash Enterprise", ""},
		{"service-account tokens", env.AdminPAT, func(c *api.Client) error { _, err := c.ListServiceAccountTokens(ctx, 1); return err },
			api.KindEnterpriseOnly, 404, "service accounts need Unleash Enterprise", ""},
		{"create service-account token", env.AdminPAT, func(c *api.Client) error {
			_, err := c.CreateServiceAccountToken(ctx, 1, api.CreatePAT{Description: "x", ExpiresAt: time.Now().Add(time.Hour)})
			return err
		}, api.KindEnterpriseOnly, 404, "service accounts need Unleash Enterprise", ""},
		{"delete service-account token", env.AdminPAT, func(c *api.Client) error { return c.DeleteServiceAccountToken(ctx, 1, 1) },
			api.KindEnterpriseOnly, 404, "service accounts need Unleash Enterprise", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call(env.client(t, tt.token))
			assertKind(t, err, tt.kind, tt.status, tt.message)
			e, _ := api.AsError(err)
			if e.Permission != tt.perm {
				t.Errorf("Permission = %q, want %q", e.Permission, tt.perm)
			}
			if tt.token != "" && strings.Contains(err.Error(), tt.token) {
				t.Fatalf("error text holds the token: %v", err)
			}
		})
	}
}

// TestE2EServerDialect pins, with raw requests, what each Unleash major
// really does with the fields whose meaning changed, so a new server version
// that changes them again fails here first. The client never sends the
// dangerous forms (see TestCreateDialects).
func TestE2EServerDialect(t *testing.T) {
	env := realServer(t)
	v5or6 := !env.AtLeast(7, 0, 0)
	tests := []struct {
		name   string
		path   string
		body   string
		status int    // what this server answered
		want   string // a field of the answer, as "key=value", when it made a token
	}{
		{"username instead of tokenName", "/api/admin/api-tokens", `{"username":"%s","type":"client","environment":"development","projects":["default"]}`,
			pick(v5or6, 201, 400), pick(v5or6, "projects=[default]", "")},
		{"singular project", "/api/admin/api-tokens", `{"tokenName":"%s","type":"client","environment":"development","project":"default"}`,
			// 7+ drops the unknown field and makes an all-projects token.
			201, pick(v5or6, "projects=[default]", "projects=[*]")},
		{"type backend", "/api/admin/api-tokens", `{"tokenName":"%s","type":"backend","environment":"development","projects":["default"]}`,
			pick(env.AtLeast(7, 1, 1), 201, 400), pick(env.AtLeast(7, 1, 1), "type=backend", "")},
		{"type admin", "/api/admin/api-tokens", `{"tokenName":"%s","type":"admin"}`,
			pick(env.AtLeast(6, 0, 0), pick(v5or6, 403, 400), 201), pick(env.AtLeast(6, 0, 0), "", "environment=*")},
		{"no environment", "/api/admin/api-tokens", `{"tokenName":"%s","type":"frontend"}`,
			// 5 and 6 pick "default", an environment that is disabled.
			201, pick(v5or6, "environment=default", "environment=development")},
		{"project token without projects in the body", "/api/admin/projects/default/api-tokens", `{"tokenName":"%s","type":"client","environment":"production"}`,
			pick(v5or6, 500, 201), pick(v5or6, "", "projects=[default]")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := unique("dialect")
			status, answer := rawCall(t, env, http.MethodPost, tt.path, fmt.Sprintf(tt.body, name))
			if secret, ok := answer["secret"].(string); ok && status == 201 {
				t.Cleanup(func() { rawCall(t, env, http.MethodDelete, "/api/admin/api-tokens/"+url.PathEscape(secret), "") })
			}
			got := ""
			if key, _, ok := strings.Cut(tt.want, "="); ok {
				got = key + "=" + fmt.Sprint(answer[key])
			}
			if status != tt.status || got != tt.want {
				t.Fatalf("Unleash %s answered %d %v; want %d %s", env.Version, status, answer["message"], tt.status, tt.want)
			}
		})
	}
}

func pick[T any](cond bool, yes, no T) T {
	if cond {
		return yes
	}
	return no
}

// rawCall sends one request with the admin API token; the answer's JSON
// object, if any. A server that never answers (6.x's project route does so
// for some bodies) fails the test after 20 s.
func rawCall(t *testing.T, env e2e, method, path, body string) (int, map[string]any) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, env.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", env.AdminAPIToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	var answer map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&answer)
	return resp.StatusCode, answer
}
