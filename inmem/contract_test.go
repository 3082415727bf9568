package inmem_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/inmem"
)

// exchange is one request the in-memory server answered.
type exchange struct {
	req    *http.Request
	body   []byte
	status int
	header http.Header
	resp   []byte
}

type recorder struct {
	h         http.Handler
	mu        sync.Mutex
	exchanges []exchange
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	req.Body = io.NopCloser(bytes.NewReader(body))
	rec := httptest.NewRecorder()
	r.h.ServeHTTP(rec, req)
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
	clone := req.Clone(context.Background())
	r.mu.Lock()
	r.exchanges = append(r.exchanges, exchange{clone, body, rec.Code, rec.Header().Clone(), rec.Body.Bytes()})
	r.mu.Unlock()
}

// loadSpec reads the real server's OpenAPI document and merges in the
// Enterprise service-account routes it leaves out.
func loadSpec(t *testing.T) (*openapi3.T, routers.Router) {
	t.Helper()
	var doc, extra map[string]any
	for path, v := range map[string]*map[string]any{"testdata/openapi.json": &doc, "testdata/enterprise-service-accounts.json": &extra} {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, v); err != nil {
			t.Fatal(err)
		}
	}
	paths := doc["paths"].(map[string]any)
	for k, v := range extra["paths"].(map[string]any) {
		paths[k] = v
	}
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	for k, v := range extra["schemas"].(map[string]any) {
		schemas[k] = v
	}
	merged, _ := json.Marshal(doc)
	spec, err := openapi3.NewLoader().LoadFromData(merged)
	if err != nil {
		t.Fatal(err)
	}
	// spec.Validate is not called: the real document itself fails it, for
	// declaring /api-tokens/{name} (GET) beside /api-tokens/{token} (PUT, DELETE).
	spec.Servers = openapi3.Servers{{URL: "/"}}
	router, err := gorillamux.NewRouter(spec)
	if err != nil {
		t.Fatal(err)
	}
	return spec, router
}

// undocumented lists the answers the real server gives that its own document
// does not declare (observed on 8.2.0, see SERVER.md). The in-memory server
// may give these and no other undocumented ones; their bodies are checked
// against the shape the real server uses.
var undocumented = map[string]string{
	"POST /api/admin/user/tokens 400":                               "json",
	"POST /api/admin/user/tokens 409":                               "json",
	"POST /api/admin/user/tokens 415":                               "json",
	"DELETE /api/admin/user/tokens/{id} 400":                        "json",
	"POST /api/admin/api-tokens 400":                                "json or html",
	"PUT /api/admin/api-tokens/{token} 400":                         "json",
	"DELETE /api/admin/projects/{projectId}/api-tokens/{token} 404": "empty",
	"GET /api/admin/api-tokens 401":                                 "json",
	"GET /api/admin/service-account 404":                            "json", // the open-source server
	"GET /api/client/features 401":                                  "message",
	"GET /api/client/features 403":                                  "message",
	"GET /api/frontend 403":                                         "message",
}

// emptyDespiteDocument are declared answers whose body the real server sends
// empty, with no content type, although the document declares JSON.
var emptyDespiteDocument = map[string]bool{
	"DELETE /api/admin/projects/{projectId}/api-tokens/{token} 404": true,
}

// knownDeviations are answers the real server gives that break its own
// schema; the in-memory server copies them on purpose.
var knownDeviations = map[string]string{
	"GET /api/admin/user as admin API token": "the real server echoes the admin token's own fields (type, secret …) into userSchema, which forbids them",
}

func TestContractAgainstRealOpenAPIDocument(t *testing.T) {
	spec, router := loadSpec(t)
	now := time.Now()
	ent := &recorder{h: inmem.New()}
	oss := &recorder{h: inmem.New(inmem.OpenSource())}
	sec := &recorder{h: inmem.New(inmem.SecureTokens(), inmem.Risky())}
	entTS, ossTS, secTS := httptest.NewServer(ent), httptest.NewServer(oss), httptest.NewServer(sec)
	defer entTS.Close()
	defer ossTS.Close()
	defer secTS.Close()

	ctx := context.Background()
	client := func(base, token string) *api.Client {
		c, err := api.New(base, api.Secret(token), api.WithRetries(0))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	admin := client(entTS.URL, inmem.AdminPAT)
	adminTok := client(entTS.URL, inmem.AdminAPIToken)
	viewer := client(entTS.URL, inmem.ViewerPAT)
	editor := client(entTS.URL, inmem.EditorPAT)
	backend := client(entTS.URL, inmem.BackendToken)
	anon := client(entTS.URL, "")
	wrong := client(entTS.URL, "user:wrong")
	ossAdmin := client(ossTS.URL, inmem.AdminPAT)
	secAdmin := client(secTS.URL, inmem.AdminPAT)
	week := now.Add(7 * 24 * time.Hour)

	// Successes, every endpoint.
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err := admin.Me(ctx)
	must(err)
	_, err = editor.Me(ctx)
	must(err)
	_, err = viewer.Me(ctx)
	must(err)
	_, err = adminTok.Me(ctx)
	must(err)
	_, err = admin.Edition(ctx)
	must(err)
	_, err = ossAdmin.Edition(ctx)
	must(err)
	_, err = admin.ListPATs(ctx)
	must(err)
	pat, err := admin.CreatePAT(ctx, api.CreatePAT{Description: "contract", ExpiresAt: week})
	must(err)
	must(admin.DeletePAT(ctx, pat.ID))
	accounts, err := admin.ListServiceAccounts(ctx)
	must(err)
	_, err = admin.ListServiceAccountTokens(ctx, accounts.Accounts[0].ID)
	must(err)
	saTok, err := admin.CreateServiceAccountToken(ctx, accounts.Accounts[0].ID, api.CreatePAT{Description: "contract", ExpiresAt: week})
	must(err)
	must(admin.DeleteServiceAccountToken(ctx, accounts.Accounts[0].ID, saTok.ID))
	_, err = admin.ListProjects(ctx)
	must(err)
	_, err = admin.ListEnvironments(ctx)
	must(err)
	_, err = admin.ListProjectTokens(ctx, "checkout")
	must(err)
	_, err = adminTok.ListProjectTokens(ctx, "checkout")
	must(err)
	_, err = editor.ListProjectTokens(ctx, "checkout")
	must(err)
	ptok, err := admin.CreateProjectToken(ctx, "checkout", api.CreateProjectToken{Name: "contract", Type: api.TypeFrontend, Environment: "staging", ExpiresAt: &week})
	must(err)
	must(admin.DeleteProjectToken(ctx, "checkout", ptok.Ref()))
	_, err = admin.ListAPITokens(ctx)
	must(err)
	_, err = editor.ListAPITokens(ctx)
	must(err)
	_, err = admin.APITokensByName(ctx, "checkout-api")
	must(err)
	atok, err := admin.CreateAPIToken(ctx, api.CreateAPIToken{Name: "contract", Type: api.TypeBackend, Environment: "production", Projects: []string{"checkout", "payments"}})
	must(err)
	must(admin.UpdateAPITokenExpiry(ctx, atok.Ref(), week))
	must(admin.DeleteAPIToken(ctx, atok.Ref()))
	_, err = backend.ClientFeatures(ctx)
	must(err)
	ftok, err := admin.CreateAPIToken(ctx, api.CreateAPIToken{Name: "contract-frontend", Type: api.TypeFrontend, Environment: "production"})
	must(err)
	_, err = admin.WithToken(ftok.Credential.Token()).FrontendFeatures(ctx)
	must(err)
	_, err = admin.SearchEvents(ctx, api.EventAPITokenCreated, 0, api.MaxEventPage)
	must(err)
	_, err = viewer.SearchEvents(ctx, api.EventAPITokenCreated, 0, 5)
	must(err)
	// v2 storage: lists of selectors, creates that answer the credential.
	_, err = secAdmin.Edition(ctx)
	must(err)
	_, err = secAdmin.ListAPITokens(ctx)
	must(err)
	v2tok, err := secAdmin.CreateAPIToken(ctx, api.CreateAPIToken{Name: "contract v2", Type: api.TypeBackend, Environment: "production"})
	must(err)
	_, err = secAdmin.SearchEvents(ctx, api.EventAPITokenCreated, 0, api.MaxEventPage)
	must(err)
	must(secAdmin.DeleteAPIToken(ctx, v2tok.Ref()))

	// Failures the client must handle.
	expectFail := func(err error) {
		t.Helper()
		if err == nil {
			t.Fatal("want an error")
		}
	}
	_, err = anon.ListPATs(ctx)
	expectFail(err)
	_, err = wrong.ListAPITokens(ctx)
	expectFail(err)
	_, err = adminTok.ListPATs(ctx)
	expectFail(err)
	_, err = viewer.ListAPITokens(ctx)
	expectFail(err)
	_, err = backend.ListProjects(ctx)
	expectFail(err)
	_, err = viewer.ListServiceAccounts(ctx)
	expectFail(err)
	_, err = admin.ListServiceAccountTokens(ctx, 999)
	expectFail(err)
	_, err = ossAdmin.ListServiceAccounts(ctx)
	expectFail(err)
	_, err = ossAdmin.ListServiceAccountTokens(ctx, 1)
	expectFail(err)
	_, err = admin.CreatePAT(ctx, api.CreatePAT{Description: "ci deploy pipeline", ExpiresAt: week})
	expectFail(err)
	_, err = admin.CreatePAT(ctx, api.CreatePAT{Description: "", ExpiresAt: week})
	expectFail(err)
	_, err = viewer.ListProjectTokens(ctx, "checkout")
	expectFail(err)
	_, err = adminTok.ListProjectTokens(ctx, "nope")
	expectFail(err)
	expectFail(admin.DeleteProjectToken(ctx, "checkout", "nope"))
	_, err = admin.CreateAPIToken(ctx, api.CreateAPIToken{Name: "x", Type: api.TypeAdmin})
	expectFail(err)
	_, err = viewer.CreateAPIToken(ctx, api.CreateAPIToken{Name: "x", Type: api.TypeBackend})
	expectFail(err)

	_, err = wrong.ClientFeatures(ctx)
	expectFail(err)
	_, err = admin.ClientFeatures(ctx)
	expectFail(err)
	_, err = wrong.FrontendFeatures(ctx)
	expectFail(err)
	_, err = backend.FrontendFeatures(ctx)
	expectFail(err)

	// Bodies the client never sends, as curl would.
	raw := func(method, path, contentType, body string) {
		req, _ := http.NewRequest(method, entTS.URL+path, strings.NewReader(body))
		req.Header.Set("Authorization", inmem.AdminPAT)
		req.Header.Set("Content-Type", contentType)
		resp, err := http.DefaultClient.Do(req)
		must(err)
		resp.Body.Close()
	}
	raw("POST", "/api/admin/user/tokens", "text/plain", "x")
	raw("POST", "/api/admin/user/tokens", "application/json", `{"description":"d"}`)
	raw("POST", "/api/admin/api-tokens", "application/json", `{"tokenName":`)
	raw("PUT", "/api/admin/api-tokens/x", "application/json", `{}`)

	var all []exchange
	all = append(all, ent.exchanges...)
	all = append(all, oss.exchanges...)
	all = append(all, sec.exchanges...)
	covered := map[string]bool{}
	for _, ex := range all {
		route, params, err := findRoute(spec, router, ex.req)
		if err != nil {
			t.Errorf("%s %s: no route in the document: %v", ex.req.Method, ex.req.URL.Path, err)
			continue
		}
		key := ex.req.Method + " " + route.Path
		name := fmt.Sprintf("%s %d", key, ex.status)
		if _, known := knownDeviations[key+" as admin API token"]; known && ex.req.Header.Get("Authorization") == inmem.AdminAPIToken {
			continue
		}
		reqInput := &openapi3filter.RequestValidationInput{Request: ex.req, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true}}
		if ex.status < 300 {
			ex.req.Body = io.NopCloser(bytes.NewReader(ex.body))
			if err := openapi3filter.ValidateRequest(context.Background(), reqInput); err != nil {
				t.Errorf("%s: the client's request breaks the document: %v", name, err)
			}
			covered[key] = true
		}
		op := route.Operation
		if emptyDespiteDocument[name] {
			checkUndocumentedBody(t, name, "empty", ex)
			continue
		}
		if op.Responses.Status(ex.status) == nil {
			shape, ok := undocumented[name]
			if !ok {
				t.Errorf("%s: a status the document does not declare and the real server was not seen to send", name)
				continue
			}
			checkUndocumentedBody(t, name, shape, ex)
			continue
		}
		resInput := &openapi3filter.ResponseValidationInput{RequestValidationInput: reqInput, Status: ex.status, Header: ex.header,
			Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true}}
		resInput.SetBodyBytes(ex.resp)
		if err := openapi3filter.ValidateResponse(context.Background(), resInput); err != nil {
			t.Errorf("%s: the answer breaks the document: %v\nbody: %.300s", name, err, ex.resp)
		}
	}
	want := []string{
		"GET /api/admin/user", "GET /api/admin/ui-config",
		"GET /api/admin/user/tokens", "POST /api/admin/user/tokens", "DELETE /api/admin/user/tokens/{id}",
		"GET /api/admin/service-account", "GET /api/admin/service-account/{id}/token", "POST /api/admin/service-account/{id}/token",
		"DELETE /api/admin/service-account/{id}/token/{tokenId}",
		"GET /api/admin/projects", "GET /api/admin/environments",
		"GET /api/admin/projects/{projectId}/api-tokens", "POST /api/admin/projects/{projectId}/api-tokens",
		"DELETE /api/admin/projects/{projectId}/api-tokens/{token}",
		"GET /api/admin/api-tokens", "GET /api/admin/api-tokens/{name}", "POST /api/admin/api-tokens",
		"PUT /api/admin/api-tokens/{token}", "DELETE /api/admin/api-tokens/{token}",
		"GET /api/client/features", "GET /api/frontend",
		"GET /api/admin/search/events",
	}
	var missing []string
	for _, k := range want {
		if !covered[k] {
			missing = append(missing, k)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("no successful exchange validated for: %v", missing)
	}
	t.Logf("validated %d exchanges over %d operations", len(all), len(covered))
}

// findRoute matches a request to the document. The router cannot tell
// GET /api-tokens/{name} from PUT/DELETE /api-tokens/{token}, so that one is
// matched by hand.
func findRoute(spec *openapi3.T, router routers.Router, req *http.Request) (*routers.Route, map[string]string, error) {
	const prefix = "/api/admin/api-tokens/"
	if req.Method == http.MethodGet && strings.HasPrefix(req.URL.Path, prefix) && !strings.Contains(req.URL.Path[len(prefix):], "/") {
		item := spec.Paths.Value(prefix + "{name}")
		return &routers.Route{Spec: spec, Path: prefix + "{name}", PathItem: item, Method: "GET", Operation: item.Get},
			map[string]string{"name": req.URL.Path[len(prefix):]}, nil
	}
	return router.FindRoute(req)
}

func checkUndocumentedBody(t *testing.T, name, shape string, ex exchange) {
	t.Helper()
	ct := ex.header.Get("Content-Type")
	switch {
	case shape == "empty":
		if len(bytes.TrimSpace(ex.resp)) != 0 {
			t.Errorf("%s: the real server sends an empty body, got %q", name, ex.resp)
		}
	case strings.HasPrefix(ct, "text/html") && strings.Contains(shape, "html"):
	case shape == "message": // the SDK endpoints' {message} alone, no name
		var body struct {
			Message *string `json:"message"`
		}
		if err := json.Unmarshal(ex.resp, &body); err != nil || body.Message == nil {
			t.Errorf("%s: want {message} JSON, got %s %q", name, ct, ex.resp)
		}
	default:
		var body struct {
			Name    *string `json:"name"`
			Message *string `json:"message"`
		}
		if err := json.Unmarshal(ex.resp, &body); err != nil || body.Message == nil || body.Name == nil {
			t.Errorf("%s: want Unleash's {name, message} error JSON, got %s %q", name, ct, ex.resp)
		}
	}
}
