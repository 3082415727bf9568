package rotate_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/internal/realserver"
	"github.com/unleash-tokens/unleash-tokens/rotate"
	"github.com/unleash-tokens/unleash-tokens/tokenref"
)

func e2eClient(t *testing.T, url, token string, opts ...api.Option) *api.Client {
	t.Helper()
	c, err := api.New(url, api.Secret(token), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// e2eToken makes an API token on the real server to rotate, and removes
// every token of its name when the test ends.
func e2eToken(t *testing.T, admin *api.Client, typ api.TokenType, projects []string, expires *time.Time) api.APIToken {
	t.Helper()
	name := fmt.Sprintf("rotate-e2e-%s-%d", typ, time.Now().UnixNano())
	_, err := admin.CreateAPIToken(context.Background(), api.CreateAPIToken{Name: name, Type: typ, Environment: "development", Projects: projects, ExpiresAt: expires})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { deleteNamed(admin, name) })
	list, err := admin.APITokensByName(context.Background(), name)
	if err != nil || len(list) != 1 {
		t.Fatalf("%d listed, %v", len(list), err)
	}
	return list[0] // as a list shows it, as the app has it
}

func deleteNamed(admin *api.Client, name string) {
	list, _ := admin.APITokensByName(context.Background(), name)
	for _, tok := range list {
		_ = admin.DeleteAPIToken(context.Background(), tok.Ref())
	}
}

// TestE2ERotateEachKindEachChoice rotates, on the real Unleash, a backend,
// a frontend and a project token with each choice for the old one, and a
// PAT with each of its choices; then checks on the server that the new
// secret works and the old token is gone, expires at the end of the grace
// period, or is as it was.
func TestE2ERotateEachKindEachChoice(t *testing.T) {
	creds := realserver.Get(t)
	ctx := context.Background()
	admin := e2eClient(t, creds.URL, creds.AdminPAT)
	userPAT := realserver.NewUser(t, creds, 2)
	user := e2eClient(t, creds.URL, userPAT)
	week := time.Now().Add(7 * 24 * time.Hour).UTC().Truncate(time.Second)

	type kind struct {
		name string
		make func(t *testing.T) (*api.Client, tokenref.Token)
	}
	kinds := []kind{
		{"backend token", func(t *testing.T) (*api.Client, tokenref.Token) {
			return admin, tokenref.FromAPIToken(e2eToken(t, admin, api.TypeBackend, []string{"*"}, nil), "")
		}},
		{"frontend token", func(t *testing.T) (*api.Client, tokenref.Token) {
			return admin, tokenref.FromAPIToken(e2eToken(t, admin, api.TypeFrontend, []string{"default"}, &week), "")
		}},
		{"project token, its project's routes", func(t *testing.T) (*api.Client, tokenref.Token) {
			return admin, tokenref.FromAPIToken(e2eToken(t, admin, api.TypeBackend, []string{"default"}, &week), "default")
		}},
		{"PAT", func(t *testing.T) (*api.Client, tokenref.Token) {
			p, err := user.CreatePAT(ctx, api.CreatePAT{Description: fmt.Sprintf("rotate-e2e %d", time.Now().UnixNano()), ExpiresAt: week})
			if err != nil {
				t.Fatal(err)
			}
			return user, tokenref.FromPAT(p)
		}},
	}
	for _, k := range kinds {
		for _, choice := range []string{"delete", "grace=24h", "keep"} {
			t.Run(k.name+"/"+choice, func(t *testing.T) {
				r, _ := rotate.ParseRetire(choice)
				c, old := k.make(t)
				if err := r.Allowed(old); err != nil {
					if old.Kind != tokenref.PAT || r.How != rotate.Grace {
						t.Fatal(err)
					}
					return // Unleash has no update for PATs: refused before any write (TestRotateEachKindEachChoice)
				}
				now := time.Now()
				p, err := rotate.NewPlan(ctx, c, old, rotate.Options{Now: now})
				if err != nil {
					t.Fatal(err)
				}
				res := rotate.Run(ctx, c, p, r)
				defer res.Secret.Wipe()
				if old.Kind == tokenref.PAT {
					t.Cleanup(func() { _ = c.DeletePAT(context.Background(), res.New.PAT.ID) })
				}
				if !res.Done() {
					t.Fatalf("steps %s: %+v", stepOutcomes(res), res.Steps)
				}
				secret := string(res.Secret.Bytes())
				noSecretIn(t, res, secret)
				as := e2eClient(t, creds.URL, secret)
				switch {
				case old.Kind == tokenref.PAT:
					_, err = as.Me(ctx)
				case old.API.Type == api.TypeFrontend:
					_, err = as.FrontendFeatures(ctx)
				default:
					_, err = as.ClientFeatures(ctx)
				}
				if err != nil {
					t.Fatalf("the new secret does not work: %v", err)
				}
				if old.Kind == tokenref.APIToken && (!tokenref.SameScope(res.New.API, old.API) || res.New.API.Name != old.API.Name) {
					t.Fatalf("new %+v, old %+v", res.New.API, old.API)
				}
				now2, found, err := tokenref.Reread(ctx, c, []tokenref.Token{old}).Find(old)
				if err != nil {
					t.Fatal(err)
				}
				switch r.How {
				case rotate.Delete:
					if found {
						t.Fatal("the old token is still listed")
					}
				case rotate.Grace:
					if want := now.Add(24 * time.Hour); !found || !tokenref.ExpiryIs(now2, want) {
						t.Fatalf("the old token: found %v, expires %v, want %v", found, now2.ExpiresAt(), want)
					}
				case rotate.Keep:
					if !found || status(now2.ExpiresAt()) != status(old.ExpiresAt()) {
						t.Fatalf("the old token: found %v, expires %v, was %v", found, now2.ExpiresAt(), old.ExpiresAt())
					}
				}
			})
		}
	}
}

func status(t *time.Time) string {
	if t == nil {
		return "never"
	}
	return t.UTC().Format(time.RFC3339)
}

// The real server refuses a secret that is not the one it made (the proxy
// changes the create's answer): the rotation stops and the old token stays.
func TestE2ERotateStopsWhenTheProofFails(t *testing.T) {
	creds := realserver.Get(t)
	ctx := context.Background()
	admin := e2eClient(t, creds.URL, creds.AdminPAT)
	old := tokenref.FromAPIToken(e2eToken(t, admin, api.TypeBackend, []string{"*"}, nil), "")
	url := realserver.Proxy(t, creds, func(w http.ResponseWriter, r *http.Request, forward http.Handler) bool {
		if r.Method != http.MethodPost {
			return false
		}
		rec := httptest.NewRecorder()
		forward.ServeHTTP(rec, r)
		var body map[string]any
		_ = json.Unmarshal(rec.Body.Bytes(), &body)
		if s, ok := body["secret"].(string); ok {
			body["secret"] = s[:len(s)-8] + "00000000" // a credential the server never made
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(rec.Code)
		_ = json.NewEncoder(w).Encode(body)
		return true
	})
	c := e2eClient(t, url, creds.AdminPAT)
	p, err := rotate.NewPlan(ctx, c, old, rotate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res := rotate.Run(ctx, c, p, rotate.Retire{How: rotate.Delete})
	proof, _ := res.Step(rotate.StepProve)
	if stepOutcomes(res) != "create:done prove:failed" || !strings.HasPrefix(proof.Message, "The server refused the new secret: read the client features: ") ||
		!strings.Contains(proof.Message, "(HTTP 401). The old token is kept, untouched.") {
		t.Fatalf("%s: %q", stepOutcomes(res), proof.Message)
	}
	if _, found, _ := tokenref.Reread(ctx, admin, []tokenref.Token{old}).Find(old); !found {
		t.Fatal("the old token is gone")
	}
}

// A create whose answer is lost after the real server made the token (the
// client's transport drops it, as a timeout would): no retry, nothing
// deleted, and the re-read finds the new token.
func TestE2ERotateCreateTimeout(t *testing.T) {
	creds := realserver.Get(t)
	ctx := context.Background()
	admin := e2eClient(t, creds.URL, creds.AdminPAT)
	old := tokenref.FromAPIToken(e2eToken(t, admin, api.TypeBackend, []string{"*"}, nil), "")
	var mu sync.Mutex
	var writes []string
	url := realserver.Proxy(t, creds, func(w http.ResponseWriter, r *http.Request, forward http.Handler) bool {
		if r.Method != http.MethodGet {
			mu.Lock()
			writes = append(writes, r.Method)
			mu.Unlock()
		}
		return false
	})
	var tries atomic.Int32
	c := e2eClient(t, url, creds.AdminPAT, losing(http.MethodPost, true, &tries))
	p, err := rotate.NewPlan(ctx, c, old, rotate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res := rotate.Run(ctx, c, p, rotate.Retire{How: rotate.Delete})
	if stepOutcomes(res) != "create:failed" || !strings.Contains(res.Steps[0].Message, "now exists. Its secret is lost") || !res.Secret.IsZero() {
		t.Fatalf("%s: %q", stepOutcomes(res), res.Steps[0].Message)
	}
	mu.Lock()
	defer mu.Unlock()
	if fmt.Sprint(writes) != "[POST]" || tries.Load() != 1 {
		t.Fatalf("writes %v", writes)
	}
	list, _ := admin.APITokensByName(ctx, old.API.Name)
	if len(list) != 2 {
		t.Fatalf("%d tokens named %q, want the old one and the one made", len(list), old.API.Name)
	}
}

// At the cap of 10 PATs on the real server: nothing is created, unless the
// old one is deleted first.
func TestE2ERotateAtTheCap(t *testing.T) {
	creds := realserver.Get(t)
	ctx := context.Background()
	user := e2eClient(t, creds.URL, realserver.NewUser(t, creds, 3))
	pats, err := user.ListPATs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := len(pats); i < api.PATLimit; i++ {
		if _, err := user.CreatePAT(ctx, api.CreatePAT{Description: fmt.Sprintf("cap %d", i), ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	pats, _ = user.ListPATs(ctx)
	old := tokenref.FromPAT(pats[len(pats)-1])
	p, err := rotate.NewPlan(ctx, user, old, rotate.Options{})
	if err != nil || !p.AtCap {
		t.Fatalf("at cap %v, %v", p.AtCap, err)
	}
	res := rotate.Run(ctx, user, p, rotate.Retire{How: rotate.Delete})
	if stepOutcomes(res) != "create:failed" {
		t.Fatalf("%s", stepOutcomes(res))
	}
	if now, _ := user.ListPATs(ctx); len(now) != api.PATLimit {
		t.Fatalf("%d PATs", len(now))
	}
	res = rotate.Run(ctx, user, p, rotate.Retire{How: rotate.DeleteFirst})
	defer res.Secret.Wipe()
	if !res.Done() || stepOutcomes(res) != "delete first:done create:done prove:done" {
		t.Fatalf("%s %+v", stepOutcomes(res), res.Steps)
	}
	now, _ := user.ListPATs(ctx)
	for _, q := range now {
		if q.ID == old.PAT.ID {
			t.Fatal("the old PAT is still there")
		}
	}
	if len(now) != api.PATLimit {
		t.Fatalf("%d PATs", len(now))
	}
}
