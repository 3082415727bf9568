package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/unleash-tokens/unleash-tokens/api"
)

func TestParseVersion(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"8.2.0", "8.2.0", true},
		{"v7.6.5", "7.6.5", true},
		{"5.12.8-beta.1", "5.12.8", true},
		{"6.10", "6.10.0", true},
		{" 4.22.3+enterprise ", "4.22.3", true},
		{"", "0.0.0", false},
		{"eight", "0.0.0", false},
		{"8", "0.0.0", false},
		{"8.-1.0", "0.0.0", false},
	}
	for _, tt := range tests {
		v, ok := api.ParseVersion(tt.in)
		if v.String() != tt.want || ok != tt.ok {
			t.Errorf("ParseVersion(%q) = %s, %v; want %s, %v", tt.in, v, ok, tt.want, tt.ok)
		}
	}
	v, _ := api.ParseVersion("7.1.1")
	for _, tt := range []struct {
		major, minor, patch int
		want                bool
	}{{7, 1, 1, true}, {7, 1, 0, true}, {7, 1, 2, false}, {6, 99, 99, true}, {7, 2, 0, false}, {8, 0, 0, false}} {
		if got := v.AtLeast(tt.major, tt.minor, tt.patch); got != tt.want {
			t.Errorf("7.1.1 AtLeast(%d.%d.%d) = %v", tt.major, tt.minor, tt.patch, got)
		}
	}
}

func TestEditionSupport(t *testing.T) {
	for _, tt := range []struct {
		version   string
		supported bool
	}{{"8.2.0", true}, {"5.0.0", true}, {"4.22.3", false}, {"3.17.0", false}, {"not a version", true}} {
		e := api.Edition{Version: tt.version}
		e.Parsed, e.Known = api.ParseVersion(tt.version)
		if e.Supported() != tt.supported || (e.Unsupported() == "") != tt.supported {
			t.Errorf("%s: Supported %v, Unsupported %q", tt.version, e.Supported(), e.Unsupported())
		}
	}
	e := api.Edition{Version: "4.22.3"}
	e.Parsed, e.Known = api.ParseVersion(e.Version)
	if want := "Unleash 4.22.3 is not supported (5.0.0 or later is): its token lists may still load, but creating tokens is refused"; !strings.HasPrefix(e.Unsupported(), want) {
		t.Errorf("Unsupported() = %q", e.Unsupported())
	}
}

// dialectServer answers as an Unleash of one version would: ui-config, and
// creates that echo what they were sent (or, with scopeOverride, a different
// scope), recording each request.
type dialectServer struct {
	version       string
	scopeOverride map[string]any // fields of the answer replaced, as a server that ignored what it was sent
	deleteStatus  int
	mu            sync.Mutex
	requests      []string // "METHOD path body"
}

func (d *dialectServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	d.mu.Lock()
	d.requests = append(d.requests, strings.TrimSpace(r.Method+" "+r.URL.EscapedPath()+" "+string(body)))
	d.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	switch {
	case r.URL.Path == "/api/admin/ui-config":
		fmt.Fprintf(w, `{"version":%q,"environment":"Open Source","versionInfo":{"current":{"oss":%q,"enterprise":""}}}`, d.version, d.version)
	case r.Method == http.MethodPost:
		var in map[string]any
		_ = json.Unmarshal(body, &in)
		out := map[string]any{"environment": "development", "projects": []string{"*"}, "createdAt": "2026-11-23T12:00:00.000Z",
			"secret": "*:development.0a1d0e2a3d4b5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3"}
		for k, v := range in {
			out[k] = v
		}
		if name, ok := in["username"]; ok { // 5.0 answers both names
			out["tokenName"] = name
		}
		for k, v := range d.scopeOverride {
			out[k] = v
		}
		w.WriteHeader(http.StatusCreated)
		_ = json.NewEncoder(w).Encode(out)
	case r.Method == http.MethodGet && r.URL.Path == "/api/admin/api-tokens":
		fmt.Fprint(w, `{"tokens":[{"username":"legacy","type":"client","project":"default","environment":"development","createdAt":"2026-11-23T12:00:00.000Z"},`+
			`{"tokenName":"other","type":"frontend","projects":["*"],"environment":"production","createdAt":"2026-11-23T12:00:00.000Z"}]}`)
	case r.Method == http.MethodDelete && d.deleteStatus != 0:
		w.WriteHeader(d.deleteStatus)
		fmt.Fprint(w, `{"name":"InternalError","message":"the database is down"}`)
	default:
		fmt.Fprint(w, `{"tokens":[]}`)
	}
}

func (d *dialectServer) client(t *testing.T) *api.Client {
	t.Helper()
	ts := httptest.NewServer(d)
	t.Cleanup(ts.Close)
	c, err := api.New(ts.URL, api.Secret("user:test"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (d *dialectServer) sent() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.requests...)
}

// TestCreateDialects: what each version is sent, as found on the real servers
// (the e2e tests run the same calls on 5.12.8, 6.10.1, 7.6.5 and 8.2.0).
func TestCreateDialects(t *testing.T) {
	tests := []struct {
		version     string
		apiToken    string // body of POST /api/admin/api-tokens
		projectTok  string // body of POST /api/admin/projects/default/api-tokens
		byNameRoute bool
	}{
		{"5.0.2", `{"environment":"development","projects":["default"],"type":"client","username":"n"}`,
			`{"environment":"production","projects":["default"],"type":"client","username":"n"}`, false},
		{"5.3.9", `{"environment":"development","projects":["default"],"tokenName":"n","type":"client"}`,
			`{"environment":"production","projects":["default"],"tokenName":"n","type":"client"}`, false},
		{"5.12.8", `{"environment":"development","projects":["default"],"tokenName":"n","type":"client"}`,
			`{"environment":"production","projects":["default"],"tokenName":"n","type":"client"}`, true},
		{"6.10.1", `{"environment":"development","projects":["default"],"tokenName":"n","type":"client"}`,
			`{"environment":"production","projects":["default"],"tokenName":"n","type":"client"}`, true},
		{"7.1.0", `{"environment":"development","projects":["default"],"tokenName":"n","type":"client"}`,
			`{"environment":"production","projects":["default"],"tokenName":"n","type":"client"}`, true},
		{"7.6.5", `{"environment":"development","projects":["default"],"tokenName":"n","type":"backend"}`,
			`{"environment":"production","projects":["default"],"tokenName":"n","type":"backend"}`, true},
		{"8.2.0", `{"environment":"development","projects":["default"],"tokenName":"n","type":"backend"}`,
			`{"environment":"production","projects":["default"],"tokenName":"n","type":"backend"}`, true},
		{"not-a-version", `{"environment":"development","projects":["default"],"tokenName":"n","type":"backend"}`,
			`{"environment":"production","projects":["default"],"tokenName":"n","type":"backend"}`, true},
	}
	ctx := context.Background()
	for _, tt := range tests {
		t.Run(tt.version, func(t *testing.T) {
			d := &dialectServer{version: tt.version, scopeOverride: map[string]any{}}
			c := d.client(t)
			d.scopeOverride["projects"] = []string{"default"}
			tok, err := c.CreateAPIToken(ctx, api.CreateAPIToken{Name: "n", Type: api.TypeBackend, Environment: "development", Projects: []string{"default"}})
			if err != nil || tok.Name != "n" || tok.Type != api.TypeBackend {
				t.Fatalf("CreateAPIToken = %+v, %v", tok, err)
			}
			d.scopeOverride["environment"] = "production"
			if _, err := c.CreateProjectToken(ctx, "default", api.CreateProjectToken{Name: "n", Type: api.TypeBackend, Environment: "production"}); err != nil {
				t.Fatal(err)
			}
			named, err := c.APITokensByName(ctx, "legacy")
			if err != nil {
				t.Fatal(err)
			}
			sent := d.sent()
			want := []string{
				"GET /api/admin/ui-config",
				"POST /api/admin/api-tokens " + tt.apiToken,
				"POST /api/admin/projects/default/api-tokens " + tt.projectTok,
			}
			if tt.byNameRoute {
				want = append(want, "GET /api/admin/api-tokens/legacy")
			} else { // before 5.4.0: the whole list, filtered here
				want = append(want, "GET /api/admin/api-tokens")
				if len(named) != 1 || named[0].Name != "legacy" || fmt.Sprint(named[0].Projects) != "[default]" || named[0].Type != api.TypeBackend {
					t.Errorf("by name from the list = %+v", named)
				}
			}
			if strings.Join(sent, "\n") != strings.Join(want, "\n") {
				t.Errorf("requests:\n%s\nwant:\n%s", strings.Join(sent, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

func TestUnsupportedVersionRefusesCreates(t *testing.T) {
	d := &dialectServer{version: "4.22.3"}
	c := d.client(t)
	ctx := context.Background()
	_, err := c.CreateAPIToken(ctx, api.CreateAPIToken{Name: "n", Type: api.TypeFrontend, Environment: "production"})
	assertKind(t, err, api.KindUnsupported, 0, "Unleash 4.22.3 is not supported (5.0.0 or later is)")
	_, err = c.CreateProjectToken(ctx, "default", api.CreateProjectToken{Name: "n", Type: api.TypeFrontend})
	assertKind(t, err, api.KindUnsupported, 0, "creating tokens is refused")
	if _, err := c.ListAPITokens(ctx); err != nil {
		t.Fatalf("lists still load: %v", err)
	}
	for _, r := range d.sent() {
		if strings.HasPrefix(r, "POST") {
			t.Errorf("sent a create to an unsupported server: %s", r)
		}
	}
}

// TestWrongScopeIsDeleted: a server that makes another token than the one
// asked for (Unleash 7+ turns an unknown `project` into all projects) gets its
// token deleted again, and the create fails saying what was made.
func TestWrongScopeIsDeleted(t *testing.T) {
	const secret = "*:development.0a1d0e2a3d4b5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3"
	tests := []struct {
		name         string
		override     map[string]any
		deleteStatus int
		message      string
	}{
		{"all projects instead of one", map[string]any{"projects": []string{"*"}}, 0,
			`create an API token: the server made a token for all projects, not project "default"; it was deleted again`},
		{"another environment", map[string]any{"environment": "default"}, 0,
			`for environment "default", not "development"; it was deleted again`},
		{"another type", map[string]any{"type": "frontend"}, 0, "of type frontend, not backend; it was deleted again"},
		{"another name", map[string]any{"tokenName": "m"}, 0, `named "m", not "n"; it was deleted again`},
		{"several at once", map[string]any{"projects": []string{"a", "b"}, "type": "admin"}, 0,
			`of type admin, not backend, for projects "a", "b", not project "default"`},
		{"the delete fails too", map[string]any{"projects": []string{"*"}}, 500,
			`for all projects, not project "default"; deleting it again failed (delete an API token: the database is down (HTTP 500 InternalError)): delete the token named "n" yourself`},
		{"no secret to delete it by", map[string]any{"projects": []string{"*"}, "secret": nil}, 0,
			`its answer named no secret to delete it by: delete the token named "n" yourself`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &dialectServer{version: "7.6.5", scopeOverride: tt.override, deleteStatus: tt.deleteStatus}
			c := d.client(t)
			tok, err := c.CreateAPIToken(context.Background(), api.CreateAPIToken{Name: "n", Type: api.TypeBackend, Environment: "development", Projects: []string{"default"}})
			assertKind(t, err, api.KindWrongScope, 0, tt.message)
			if !tok.Secret.IsZero() || !tok.Credential.IsZero() || strings.Contains(err.Error(), secret) {
				t.Fatalf("the wrong token's secret leaked: %+v, %v", tok, err)
			}
			sent := d.sent()
			deleted := strings.HasPrefix(sent[len(sent)-1], "DELETE /api/admin/api-tokens/%2A:development.")
			if _, noSecret := tt.override["secret"]; deleted == noSecret {
				t.Errorf("deleted %v; requests: %v", deleted, sent)
			}
		})
	}
}
