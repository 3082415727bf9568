package tokenref_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/inmem"
	"github.com/unleash-tokens/unleash-tokens/tokenref"
)

var fixedNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

func client(t *testing.T) *api.Client {
	t.Helper()
	_, ts := inmem.NewTestServer(inmem.WithClock(func() time.Time { return fixedNow }))
	t.Cleanup(ts.Close)
	c, err := api.New(ts.URL, inmem.AdminPAT)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Every row of an audit is found again, as a token that can be written to.
func TestFromAuditFindsEveryRow(t *testing.T) {
	ctx := context.Background()
	c := client(t)
	rep := audit.Run(ctx, c, audit.Options{Now: fixedNow})
	found := tokenref.FromAudit(ctx, c, rep.Tokens)
	kinds := map[tokenref.Kind]int{}
	for i, f := range found {
		tok := f.Token
		if !f.OK {
			t.Fatalf("row %d not found: %s", i, f.Reason)
		}
		kinds[tok.Kind]++
		if tok.Name() != rep.Tokens[i].Name || !tok.CreatedAt().Equal(rep.Tokens[i].CreatedAt) {
			t.Errorf("row %d: %s, audit %q", i, tok.Describe(), rep.Tokens[i].Name)
		}
		if tok.Kind == tokenref.APIToken && tok.API.Ref().IsZero() {
			t.Errorf("%s has no ref", tok.Describe())
		}
	}
	if kinds[tokenref.PAT] != 8 || kinds[tokenref.ServiceAccountToken] != 5 || kinds[tokenref.APIToken] != 16 {
		t.Fatalf("kinds %v", kinds)
	}
}

func TestFromAuditSaysWhatItCannotFind(t *testing.T) {
	ctx := context.Background()
	c := client(t)
	for range 2 { // two tokens alike in all an audit row holds
		if _, err := c.CreateAPIToken(ctx, api.CreateAPIToken{Name: "twin", Type: api.TypeBackend, Environment: "development"}); err != nil {
			t.Fatal(err)
		}
	}
	rep := audit.Run(ctx, c, audit.Options{Now: fixedNow})
	var gone audit.Token
	for _, r := range rep.Tokens {
		if r.Name == "search-indexer" && r.Environment == "production" {
			gone = r
		}
	}
	list, _ := c.APITokensByName(ctx, "search-indexer")
	for _, tok := range list {
		if tok.Environment == "production" {
			if err := c.DeleteAPIToken(ctx, tok.Ref()); err != nil {
				t.Fatal(err)
			}
		}
	}
	reasons := map[string]string{}
	for i, f := range tokenref.FromAudit(ctx, c, rep.Tokens) {
		if !f.OK {
			reasons[rep.Tokens[i].Name+"/"+rep.Tokens[i].Environment] = f.Reason
			if f.Gone != (rep.Tokens[i].Name == "search-indexer") {
				t.Errorf("%s: gone %v", rep.Tokens[i].Name, f.Gone)
			}
		}
	}
	if len(reasons) != 2 || reasons["twin/development"] != "2 API tokens have its name, scope and creation time" ||
		reasons["search-indexer/production"] != "it is no longer listed" || gone.Name == "" {
		t.Fatalf("missing %v", reasons)
	}
}

func TestDescribe(t *testing.T) {
	exp := fixedNow
	tests := []struct {
		tok  tokenref.Token
		want string
	}{
		{tokenref.FromPAT(api.PAT{ID: 12, Description: "ci deploy"}), `PAT 12 "ci deploy"`},
		{tokenref.FromServiceAccountToken(7, "CI runner", api.PAT{ID: 3, Description: "github\x1b[2J actions"}), `service-account token 3 "github actions" of CI runner`},
		{tokenref.FromServiceAccountToken(7, "", api.PAT{ID: 3, Description: "x"}), `service-account token 3 "x" of service account 7`},
		{tokenref.FromAPIToken(api.APIToken{Name: "checkout-api", Type: api.TypeBackend, Environment: "production", Projects: []string{"checkout"}, ExpiresAt: &exp}, ""),
			`API token "checkout-api" (backend, production, project checkout)`},
		{tokenref.FromAPIToken(api.APIToken{Name: "edge", Type: api.TypeFrontend, Environment: "development", Projects: []string{"*"}}, ""),
			`API token "edge" (frontend, development, all projects)`},
		{tokenref.FromAPIToken(api.APIToken{Name: "two", Type: api.TypeBackend, Environment: "development", Projects: []string{"a", "b"}}, ""),
			`API token "two" (backend, development, projects a, b)`},
	}
	for _, tt := range tests {
		if got := tt.tok.Describe(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}

func TestSameScope(t *testing.T) {
	base := api.APIToken{Type: api.TypeBackend, Environment: "production", Projects: []string{"a", "b"}}
	tests := []struct {
		other api.APIToken
		same  bool
	}{
		{api.APIToken{Type: api.TypeBackend, Environment: "production", Projects: []string{"b", "a"}}, true},
		{api.APIToken{Type: api.TypeBackend, Environment: "production", Projects: []string{"*"}}, false},
		{api.APIToken{Type: api.TypeFrontend, Environment: "production", Projects: []string{"a", "b"}}, false},
		{api.APIToken{Type: api.TypeBackend, Environment: "development", Projects: []string{"a", "b"}}, false},
	}
	for i, tt := range tests {
		if got := tokenref.SameScope(base, tt.other); got != tt.same {
			t.Errorf("%d: %v", i, got)
		}
	}
	old := api.APIToken{Type: api.TypeBackend, Environment: "production", Project: "a"} // an older server's answer
	if !tokenref.SameScope(old, api.APIToken{Type: api.TypeBackend, Environment: "production", Projects: []string{"a"}}) {
		t.Error("a singular project is not read")
	}
	if tokenref.SameScope(api.APIToken{Type: api.TypeBackend, Environment: "production"}, old) {
		t.Error("no projects means all projects")
	}
}

func TestWritesRefuseWhatTheyCannotName(t *testing.T) {
	c := client(t)
	ctx := context.Background()
	if err := tokenref.Delete(ctx, c, tokenref.FromAPIToken(api.APIToken{Name: "no ref"}, "")); err == nil || !strings.Contains(err.Error(), "no secret or selector") {
		t.Errorf("delete: %v", err)
	}
	if err := tokenref.SetExpiry(ctx, c, tokenref.FromPAT(api.PAT{ID: 1}), fixedNow); err != tokenref.ErrNoExpiryUpdate {
		t.Errorf("expiry of a PAT: %v", err)
	}
}
