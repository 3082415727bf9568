package rotate_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/inmem"
	"github.com/unleash-tokens/unleash-tokens/rotate"
	"github.com/unleash-tokens/unleash-tokens/tokenref"
)

const day = 24 * time.Hour

// oldToken picks a seeded token of each kind.
type oldToken struct {
	name     string
	find     func(t *testing.T, f *fake) tokenref.Token
	lifetime time.Duration // the new token's expected lifetime
}

var kinds = []oldToken{
	{"backend API token, no expiry", func(t *testing.T, f *fake) tokenref.Token {
		return tokenref.FromAPIToken(f.apiToken(t, "checkout-api", "production"), "")
	}, rotate.DefaultLifetime},
	{"frontend API token", func(t *testing.T, f *fake) tokenref.Token {
		return tokenref.FromAPIToken(f.apiToken(t, "mobile-ios", "production"), "")
	}, 385 * day},
	{"API token of two projects", func(t *testing.T, f *fake) tokenref.Token {
		return tokenref.FromAPIToken(f.apiToken(t, "growth-edge", "production"), "")
	}, 75 * day},
	{"project token through its project's routes", func(t *testing.T, f *fake) tokenref.Token {
		return tokenref.FromAPIToken(f.apiToken(t, "checkout-api", "development"), "checkout")
	}, rotate.DefaultLifetime},
	{"PAT", func(t *testing.T, f *fake) tokenref.Token {
		return tokenref.FromPAT(f.pat(t, "grafana dashboards"))
	}, 90 * day},
	{"service-account token", func(t *testing.T, f *fake) tokenref.Token {
		a := f.account(t, "CI runner")
		for _, p := range a.Tokens {
			if p.Description == "nightly e2e" {
				return tokenref.FromServiceAccountToken(a.ID, a.Name, p)
			}
		}
		t.Fatal("no nightly e2e token")
		return tokenref.Token{}
	}, 90 * day},
}

// TestRotateEachKindEachChoice rotates every kind of token with every
// choice for the old one, and checks on the server: the new token has the
// old one's scope and works, and the old one is gone, expiring at the end of
// the grace period, or as it was.
func TestRotateEachKindEachChoice(t *testing.T) {
	ctx := context.Background()
	for _, k := range kinds {
		for _, choice := range []string{"delete", "grace=24h", "keep"} {
			t.Run(k.name+"/"+choice, func(t *testing.T) {
				f := newFake(t, inmem.AdminPAT, nil)
				old := k.find(t, f)
				r, err := rotate.ParseRetire(choice)
				if err != nil {
					t.Fatal(err)
				}
				if err := r.Allowed(old); err != nil {
					if old.Kind == tokenref.APIToken || r.How != rotate.Grace {
						t.Fatalf("refused: %v", err)
					}
					res := rotate.Run(ctx, f.client, plan(t, f.client, old, rotate.Options{}), r)
					if stepOutcomes(res) != "retire:failed" || len(f.writes()) != 0 || !strings.Contains(res.Steps[0].Message, "cannot be set to expire later") {
						t.Fatalf("grace on a %s: %s %q, writes %v", old.Kind, stepOutcomes(res), res.Steps[0].Message, f.writes())
					}
					return
				}
				p := plan(t, f.client, old, rotate.Options{})
				res := rotate.Run(ctx, f.client, p, r)
				if !res.Done() || stepOutcomes(res) != "create:done prove:done retire:done" {
					t.Fatalf("steps %s: %+v", stepOutcomes(res), res.Steps)
				}
				secret := string(res.Secret.Bytes())
				noSecretIn(t, res, secret)

				// The new one: the same scope, the expected expiry, and it works.
				lists := tokenref.Reread(ctx, f.client, []tokenref.Token{old})
				checkNewToken(t, f.client, old, res, secret, k.lifetime)

				// The old one.
				now, found, err := lists.Find(old)
				if err != nil {
					t.Fatal(err)
				}
				checkOldRetired(t, r.How, old, now, found)
				res.Secret.Wipe()
				if !res.Secret.IsZero() {
					t.Error("Wipe left the secret")
				}
			})
		}
	}
}

// checkNewToken: the new token has the expected expiry and the old one's
// scope, and its secret works.
func checkNewToken(t *testing.T, c *api.Client, old tokenref.Token, res rotate.Result, secret string, lifetime time.Duration) {
	t.Helper()
	ctx := context.Background()
	if want := fixedNow.Add(lifetime); res.New.ExpiresAt() == nil || !res.New.ExpiresAt().Equal(want) {
		t.Errorf("new expiry %v, want %v", res.New.ExpiresAt(), want)
	}
	as := c.WithToken(api.Secret(secret))
	switch {
	case old.Kind != tokenref.APIToken:
		if want := old.PAT.Description + " (rotated 2026-11-23)"; res.New.PAT.Description != want {
			t.Errorf("new description %q, want %q", res.New.PAT.Description, want)
		}
		if _, err := as.Me(ctx); err != nil {
			t.Errorf("the new secret does not sign in: %v", err)
		}
	case old.API.Type == api.TypeFrontend:
		if _, err := as.FrontendFeatures(ctx); err != nil {
			t.Errorf("the new secret does not read the frontend API: %v", err)
		}
	default:
		if _, err := as.ClientFeatures(ctx); err != nil {
			t.Errorf("the new secret does not read the client features: %v", err)
		}
	}
	if old.Kind == tokenref.APIToken && (!tokenref.SameScope(res.New.API, old.API) || res.New.API.Name != old.API.Name) {
		t.Errorf("new token %+v, old %+v", res.New.API, old.API)
	}
}

// checkOldRetired: the old token is gone, expires at the end of the grace
// period, or is as it was, as how says.
func checkOldRetired(t *testing.T, how rotate.How, old, now tokenref.Token, found bool) {
	t.Helper()
	switch how {
	case rotate.Delete:
		if found {
			t.Error("the old token is still listed")
		}
	case rotate.Grace:
		if !found || !tokenref.ExpiryIs(now, fixedNow.Add(24*time.Hour)) {
			t.Errorf("the old token: found %v, expires %v", found, now.ExpiresAt())
		}
	case rotate.Keep:
		if !found || (old.ExpiresAt() == nil) != (now.ExpiresAt() == nil) || old.ExpiresAt() != nil && !now.ExpiresAt().Equal(*old.ExpiresAt()) {
			t.Errorf("the old token changed: found %v, expires %v", found, now.ExpiresAt())
		}
	}
}

// A new secret that the server refuses stops the rotation: the old token is
// left as it was, nothing after the create is written.
func TestRotateStopsWhenTheProofFails(t *testing.T) {
	tests := []struct {
		name    string
		hook    hook
		outcome rotate.Outcome
		message string
	}{
		{"refused", answer("GET", "/api/client/features", 401, "This endpoint requires an API token."), rotate.Failed,
			"The server refused the new secret: read the client features: This endpoint requires an API token. (HTTP 401). The old token is kept, untouched."},
		{"no verdict", answer("GET", "/api/client/features", 500, "boom"), rotate.Unknown,
			"Could not prove the new secret: read the client features: boom (HTTP 500). The old token is kept, untouched."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, inmem.AdminPAT, tt.hook)
			old := tokenref.FromAPIToken(f.apiToken(t, "checkout-api", "production"), "")
			res := rotate.Run(context.Background(), f.client, plan(t, f.client, old, rotate.Options{}), rotate.Retire{How: rotate.Delete})
			proof, _ := res.Step(rotate.StepProve)
			if len(res.Steps) != 2 || proof.Outcome != tt.outcome || proof.Message != tt.message {
				t.Fatalf("steps %s, proof %q", stepOutcomes(res), proof.Message)
			}
			if w := f.writes(); len(w) != 1 || w[0] != "POST /api/admin/api-tokens" {
				t.Fatalf("writes %v: only the create may be sent", w)
			}
			if _, found, _ := tokenref.Reread(context.Background(), f.client, []tokenref.Token{old}).Find(old); !found {
				t.Fatal("the old token is gone")
			}
			noSecretIn(t, res, string(res.Secret.Bytes()))
		})
	}
}

// A create whose answer is lost is not retried and nothing is deleted; the
// re-read says whether the token appeared.
func TestRotateCreateTimeoutDeletesNothing(t *testing.T) {
	for _, kind := range []string{"API token", "PAT"} {
		for _, made := range []bool{true, false} {
			name := kind + "/not made"
			if made {
				name = kind + "/made"
			}
			t.Run(name, func(t *testing.T) {
				var tries atomic.Int32
				f := newFake(t, inmem.AdminPAT, nil, losing(http.MethodPost, made, &tries))
				old := tokenref.FromAPIToken(f.apiToken(t, "checkout-api", "production"), "")
				if kind == "PAT" {
					old = tokenref.FromPAT(f.pat(t, "grafana dashboards"))
				}
				res := rotate.Run(context.Background(), f.client, plan(t, f.client, old, rotate.Options{}), rotate.Retire{How: rotate.Delete})
				if w := f.writes(); tries.Load() != 1 || made != (len(w) == 1) || made && !strings.HasPrefix(w[0], "POST ") || len(w) > 1 {
					t.Fatalf("%d tries, writes %v: one create, no retry, no delete", tries.Load(), w)
				}
				create := res.Steps[0]
				if len(res.Steps) != 1 || create.Outcome != rotate.Failed || !res.Secret.IsZero() {
					t.Fatalf("steps %s, secret %v", stepOutcomes(res), res.Secret)
				}
				want := "exists: nothing was created. It is safe to try again. Nothing was deleted: the old token is kept."
				if made {
					want = "now exists. Its secret is lost: delete it, then rotate again. Nothing was deleted: the old token is kept."
					if res.New.Kind != old.Kind {
						t.Fatalf("the token that appeared is not named: %+v", res.New)
					}
				}
				if !strings.HasPrefix(create.Message, "The create's answer was lost (create a") || !strings.Contains(create.Message, "no answer from 127.0.0.1:") ||
					!strings.HasSuffix(create.Message, want) {
					t.Fatalf("message %q", create.Message)
				}
			})
		}
	}
}

// At the cap of 10 PATs the plan says so; nothing is created unless the user
// chose to delete the old one first.
func TestRotateAtTheCap(t *testing.T) {
	ctx := context.Background()
	f := newFake(t, inmem.AdminPAT, nil)
	for _, d := range []string{"ninth", "tenth"} { // the seed gives admin 8
		if _, err := f.client.CreatePAT(ctx, api.CreatePAT{Description: d, ExpiresAt: fixedNow.Add(day)}); err != nil {
			t.Fatal(err)
		}
	}
	old := tokenref.FromPAT(f.pat(t, "grafana dashboards"))
	p := plan(t, f.client, old, rotate.Options{})
	if !p.AtCap || !strings.Contains(p.CapNote(), "You have 10 PATs, Unleash's cap") || !strings.Contains(p.CapNote(), "its secret then stops working at once") {
		t.Fatalf("at cap %v, note %q", p.AtCap, p.CapNote())
	}
	before := len(f.writes())
	res := rotate.Run(ctx, f.client, p, rotate.Retire{How: rotate.Delete})
	if stepOutcomes(res) != "create:failed" || len(f.writes()) != before || !strings.HasPrefix(res.Steps[0].Message, "Not created: You have 10 PATs") {
		t.Fatalf("steps %s %q, writes %v", stepOutcomes(res), res.Steps[0].Message, f.writes())
	}

	res = rotate.Run(ctx, f.client, p, rotate.Retire{How: rotate.DeleteFirst})
	if !res.Done() || stepOutcomes(res) != "delete first:done create:done prove:done" {
		t.Fatalf("delete-first: %s %+v", stepOutcomes(res), res.Steps)
	}
	pats, _ := f.client.ListPATs(ctx)
	if len(pats) != 10 {
		t.Fatalf("%d PATs after delete-first", len(pats))
	}
	for _, q := range pats {
		if q.ID == old.PAT.ID {
			t.Fatal("the old PAT is still there")
		}
	}
	if w := f.writes()[before:]; len(w) != 2 || !strings.HasPrefix(w[0], "DELETE ") || !strings.HasPrefix(w[1], "POST ") {
		t.Fatalf("writes %v: the delete must come first", w)
	}
	// Not at the cap: delete-first is refused before any write.
	if err := f.client.DeletePAT(ctx, f.pat(t, "tenth").ID); err != nil {
		t.Fatal(err)
	}
	before = len(f.writes())
	res = rotate.Run(ctx, f.client, plan(t, f.client, tokenref.FromPAT(f.pat(t, "ninth")), rotate.Options{}), rotate.Retire{How: rotate.DeleteFirst})
	if stepOutcomes(res) != "delete first:failed" || len(f.writes()) != before || !strings.HasPrefix(res.Steps[0].Message, "Not at the cap") {
		t.Fatalf("steps %s %q", stepOutcomes(res), res.Steps[0].Message)
	}
}

// A server that widens the scope of the new token (as a server of another
// dialect would, dropping `projects`) fails the rotation before the proof,
// and the token it made is deleted.
func TestRotateRefusesAWiderScope(t *testing.T) {
	f := newFake(t, inmem.AdminPAT, rewriteBody(http.MethodPost, `"projects":["growth-experiments","checkout"]`, `"projects":["*"]`))
	old := tokenref.FromAPIToken(f.apiToken(t, "growth-edge", "production"), "")
	res := rotate.Run(context.Background(), f.client, plan(t, f.client, old, rotate.Options{}), rotate.Retire{How: rotate.Delete})
	if stepOutcomes(res) != "create:failed" || !res.Secret.IsZero() {
		t.Fatalf("steps %s, secret %v", stepOutcomes(res), res.Secret)
	}
	// The client finds the wrong scope itself, deletes the token it did not
	// ask for, and says so (api.KindWrongScope).
	want := `Not created: create an API token: the server made a token for all projects, not projects "growth-experiments", "checkout"; it was deleted again.`
	if res.Steps[0].Message != want {
		t.Fatalf("message %q", res.Steps[0].Message)
	}
}

func TestPlan(t *testing.T) {
	ctx := context.Background()
	f := newFake(t, inmem.AdminPAT, nil)
	// A second rotation on one day numbers the description; the suffix is
	// replaced, not stacked.
	if _, err := f.client.CreatePAT(ctx, api.CreatePAT{Description: "release bot (rotated 2026-11-23)", ExpiresAt: fixedNow.Add(day)}); err != nil {
		t.Fatal(err)
	}
	p := plan(t, f.client, tokenref.FromPAT(f.pat(t, "release bot (rotated 2026-11-23)")), rotate.Options{})
	if p.Name != "release bot (rotated 2026-11-23 #2)" {
		t.Errorf("name %q", p.Name)
	}
	// "release bot" never expires: 90 days and its reason.
	p = plan(t, f.client, tokenref.FromPAT(f.pat(t, "release bot")), rotate.Options{})
	if !p.ExpiresAt.Equal(fixedNow.Add(90*day)) || p.ExpiryReason != "90d, as the old token had no expiry" {
		t.Errorf("expiry %v %q", p.ExpiresAt, p.ExpiryReason)
	}
	// A long description is cut to fit with its suffix.
	long := strings.Repeat("é", api.MaxNameLength)
	if _, err := f.client.CreatePAT(ctx, api.CreatePAT{Description: long, ExpiresAt: fixedNow.Add(day)}); err != nil {
		t.Fatal(err)
	}
	p = plan(t, f.client, tokenref.FromPAT(f.pat(t, long)), rotate.Options{})
	if n := len([]rune(p.Name)); n != api.MaxNameLength || !strings.HasSuffix(p.Name, "é (rotated 2026-11-23)") {
		t.Errorf("long name: %d runes, %q", n, p.Name)
	}
	// An expiry chosen by the user; "never" for an API token means none.
	when := fixedNow.Add(7 * day)
	old := tokenref.FromAPIToken(f.apiToken(t, "checkout-web", "production"), "")
	if p = plan(t, f.client, old, rotate.Options{ExpiresAt: &when}); !p.ExpiresAt.Equal(when) || p.ExpiryReason != "as asked" {
		t.Errorf("chosen: %v %q", p.ExpiresAt, p.ExpiryReason)
	}
	never := fixedNow.AddDate(1000, 0, 0)
	if p = plan(t, f.client, old, rotate.Options{ExpiresAt: &never}); p.ExpiresAt != nil || len(p.Warnings) != 1 {
		t.Errorf("never: %v %v", p.ExpiresAt, p.Warnings)
	}
	// A token deleted meanwhile.
	gone := old
	if err := f.client.DeleteAPIToken(ctx, old.API.Ref()); err != nil {
		t.Fatal(err)
	}
	if _, err := rotate.NewPlan(ctx, f.client, gone, rotate.Options{Now: fixedNow}); err == nil || !strings.Contains(err.Error(), "is no longer listed: it may have been deleted") {
		t.Errorf("gone: %v", err)
	}
}

// A grace period that ends after the old token expires anyway leaves it.
func TestRotateGraceLongerThanTheOldTokenLives(t *testing.T) {
	f := newFake(t, inmem.AdminPAT, nil)
	old := tokenref.FromAPIToken(f.apiToken(t, "checkout-web", "production"), "") // expires in 6d
	res := rotate.Run(context.Background(), f.client, plan(t, f.client, old, rotate.Options{}), rotate.Retire{How: rotate.Grace, Grace: 7 * day})
	retire, _ := res.Step(rotate.StepRetire)
	if !res.Done() || !strings.HasPrefix(retire.Message, `Left the old API token "checkout-web" (frontend, production, project checkout) as it is: it already expires `) {
		t.Fatalf("%s %q", stepOutcomes(res), retire.Message)
	}
	for _, w := range f.writes() {
		if strings.HasPrefix(w, "PUT ") {
			t.Fatalf("PUT sent: %v", f.writes())
		}
	}
}

// Deleting the PAT the session signed in with: the re-read is made as the
// new token, and the result says to use it.
func TestRotateTheSessionsOwnPAT(t *testing.T) {
	f := newFake(t, inmem.AdminPAT, nil)
	old := tokenref.FromPAT(f.pat(t, "unleash-tokens on my laptop")) // inmem.AdminPAT
	res := rotate.Run(context.Background(), f.client, plan(t, f.client, old, rotate.Options{}), rotate.Retire{How: rotate.Delete})
	retire, _ := res.Step(rotate.StepRetire)
	if !res.Done() || !retire.SessionToken || !strings.HasSuffix(retire.Message, "It was the token this session signed in with: use the new one from now on.") {
		t.Fatalf("%s %q", stepOutcomes(res), retire.Message)
	}
}

func TestRetireServerSaysOKButDoesNothing(t *testing.T) {
	f := newFake(t, inmem.AdminPAT, func(_ *inmem.Server, w http.ResponseWriter, r *http.Request) bool {
		if r.Method == http.MethodDelete || r.Method == http.MethodPut {
			w.WriteHeader(200)
			return true
		}
		return false
	})
	for _, r := range []rotate.Retire{{How: rotate.Delete}, {How: rotate.Grace, Grace: time.Hour}} {
		old := tokenref.FromAPIToken(f.apiToken(t, "checkout-api", "production"), "")
		res := rotate.Run(context.Background(), f.client, plan(t, f.client, old, rotate.Options{}), r)
		retire, _ := res.Step(rotate.StepRetire)
		if retire.Outcome != rotate.Failed || !strings.Contains(retire.Message, "The server answered, but the old API token") || !strings.HasSuffix(retire.Message, "Both tokens work.") {
			t.Fatalf("%s: %s %q", r, stepOutcomes(res), retire.Message)
		}
	}
}

func TestParseRetire(t *testing.T) {
	tests := []struct {
		in, want, err string
	}{
		{"delete", "delete", ""}, {"KEEP", "keep", ""}, {"grace", "grace=24h", ""}, {"grace=1h", "grace=1h", ""},
		{"grace=7d", "grace=7d", ""}, {"delete-first", "delete-first", ""},
		{"grace=0d", "", `grace period: "0d" is zero`}, {"grace=1m", "", "ambiguous"}, {"later", "", `"later": use delete, grace=24h`},
	}
	for _, tt := range tests {
		r, err := rotate.ParseRetire(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%q: error %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || r.String() != tt.want {
			t.Errorf("%q: %v %v", tt.in, r, err)
		}
	}
}

func TestSecretPrintsNoCredential(t *testing.T) {
	f := newFake(t, inmem.AdminPAT, nil)
	old := tokenref.FromPAT(f.pat(t, "grafana dashboards"))
	res := rotate.Run(context.Background(), f.client, plan(t, f.client, old, rotate.Options{}), rotate.Retire{How: rotate.Keep})
	secret := string(res.Secret.Bytes())
	if !strings.HasPrefix(secret, "user:") {
		t.Fatalf("secret %q", res.Secret)
	}
	noSecretIn(t, res, secret)
	if got := res.Secret.String(); got != "(new secret, 61 chars)" {
		t.Errorf("String %q", got)
	}
}

// A service account at the cap: the same, said of the account.
func TestRotateServiceAccountAtTheCap(t *testing.T) {
	ctx := context.Background()
	f := newFake(t, inmem.AdminPAT, nil)
	a := f.account(t, "CI runner")
	for i := len(a.Tokens); i < api.PATLimit; i++ {
		if _, err := f.client.CreateServiceAccountToken(ctx, a.ID, api.CreatePAT{Description: fmt.Sprintf("filler %d", i), ExpiresAt: fixedNow.Add(day)}); err != nil {
			t.Fatal(err)
		}
	}
	old := tokenref.FromServiceAccountToken(a.ID, a.Name, a.Tokens[0])
	p := plan(t, f.client, old, rotate.Options{})
	if !p.AtCap || !strings.HasPrefix(p.CapNote(), "The service account has 10 tokens, Unleash's cap") {
		t.Fatalf("%v %q", p.AtCap, p.CapNote())
	}
	res := rotate.Run(ctx, f.client, p, rotate.Retire{How: rotate.DeleteFirst})
	if !res.Done() {
		t.Fatalf("%s %+v", stepOutcomes(res), res.Steps)
	}
	toks, _ := f.client.ListServiceAccountTokens(ctx, a.ID)
	if len(toks) != api.PATLimit {
		t.Fatalf("%d tokens", len(toks))
	}
}
