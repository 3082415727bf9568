package ui

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/inmem"
	"github.com/unleash-tokens/unleash-tokens/status"
	"github.com/unleash-tokens/unleash-tokens/ui/tokens"
)

// TestCategoriesAgreeEverywhere: for random tokens, clocks and thresholds,
// the audit command's JSON, the Status column's words, the / filter's
// matches, the summary's counts and the Audit tab's lists say the same of
// every token.
func TestCategoriesAgreeEverywhere(t *testing.T) {
	for run := range 12 {
		seed := uint64(time.Now().UnixNano()) + uint64(run)
		t.Run(strconv.Itoa(run), func(t *testing.T) {
			t.Logf("seed %d", seed)
			agreementRun(t, rand.New(rand.NewPCG(seed, 7)))
		})
	}
}

type jsonToken struct {
	Kind       string     `json:"kind"`
	Name       string     `json:"name"`
	Where      string     `json:"where"`
	CreatedAt  time.Time  `json:"created_at"`
	ExpiresAt  *time.Time `json:"expires_at"`
	SeenAt     *time.Time `json:"seen_at"`
	Categories []string   `json:"categories"`
}

func agreementRun(t *testing.T, rng *rand.Rand) {
	day := 24 * time.Hour
	clock := testNow
	srv := inmem.New(inmem.WithClock(func() time.Time { return clock }))
	admin, _ := api.New("https://unleash.example.com", inmem.AdminPAT, api.WithHTTPClient(srv.HTTPClient()), api.WithRetries(0))
	ctx := context.Background()
	// Tokens made at random times, with random lifetimes.
	for i := range 20 {
		clock = testNow.Add(-time.Duration(rng.IntN(400)) * day)
		var exp *time.Time
		if rng.IntN(4) != 0 {
			e := clock.Add(time.Duration(1+rng.IntN(60*24)) * time.Hour)
			exp = &e
		}
		if _, err := admin.CreateAPIToken(ctx, api.CreateAPIToken{Name: fmt.Sprintf("random-%02d", i), Type: api.TypeBackend,
			Environment: "development", Projects: []string{"default"}, ExpiresAt: exp}); err != nil {
			t.Fatal(err)
		}
	}
	now := testNow.Add(time.Duration(rng.IntN(90*24)-30*24) * time.Hour)
	clock = now
	soon := time.Duration(1+rng.IntN(10)) * day
	th := status.Thresholds{Soon: soon, Within: soon + time.Duration(rng.IntN(40))*day, Stale: time.Duration(10+rng.IntN(120)) * day}

	// The audit command's JSON.
	report := audit.Run(ctx, admin, audit.Options{Now: now, Thresholds: th})
	var buf bytes.Buffer
	if err := audit.WriteJSON(&buf, report, audit.Output{All: true}); err != nil {
		t.Fatal(err)
	}
	var out struct {
		Summary map[string]int `json:"summary"`
		Tokens  []jsonToken    `json:"tokens"`
	}
	if err := json.Unmarshal(buf.Bytes(), &out); err != nil {
		t.Fatal(err)
	}

	// Token by token: the Status column's words are the JSON's categories.
	h := newHarnessWith(t, admin, srv, func(o *Options) { o.Now = func() time.Time { return now }; o.Thresholds = th })
	inCategory := map[status.Category]int{} // API tokens in each category, from the JSON
	for _, tok := range out.Tokens {
		set := setOf(t, tok.Categories)
		facts := status.Facts{CreatedAt: tok.CreatedAt, ExpiresAt: tok.ExpiresAt, SeenAt: tok.SeenAt}
		if words := tokens.StatusCells(facts, h.m.ctx)[2].Text; words != set.Words(th) {
			t.Errorf("%s: the Status column says %q, the JSON %v", tok.Name, words, tok.Categories)
		}
		if tok.Kind == "api_token" {
			for _, c := range status.Categories {
				if set.Has(c) {
					inCategory[c]++
				}
			}
		}
	}

	// The summary line and the Audit tab's counts are the JSON's.
	for _, c := range status.Categories {
		want := out.Summary[c.Key()]
		h.mustSee(fmt.Sprintf("%d %s", want, c.Label(th)))
	}
	h.keys("5")
	for i, c := range status.Categories {
		if i > 0 {
			h.keys("right")
		}
		pill := fmt.Sprintf("[%s %d]", c.Label(th), out.Summary[c.Key()])
		if c == status.Expiring { // ≤14d includes ≤3d, and says so
			pill = fmt.Sprintf("[%s %d incl. %s]", c.Label(th), out.Summary[c.Key()], status.ExpiringSoon.ShortLabel(th))
		}
		h.mustSee(pill)
		if n := out.Summary[c.Key()]; n > 0 {
			h.mustSee(fmt.Sprintf("(%d)", n))
		}
	}

	// The / filter finds, by a category's words, the API tokens in it.
	h.keys("4")
	total := len(filterOf(out.Tokens, "api_token"))
	h.mustSee(fmt.Sprintf("All API tokens  (%d)", total))
	matchCount := regexp.MustCompile(`(\d+) of (\d+) match`)
	for _, c := range status.Categories {
		h.keys("/")
		h.typeText(c.Label(th))
		h.keys("enter")
		m := matchCount.FindStringSubmatch(h.view())
		if m == nil {
			t.Fatalf("no match count:\n%s", h.view())
		}
		t.Logf("/%s: %s of %s; JSON %d", c.Label(th), m[1], m[2], inCategory[c])
		if got, _ := strconv.Atoi(m[1]); got != inCategory[c] {
			t.Errorf("/%s finds %d API tokens; the JSON has %d in %s", c.Label(th), got, inCategory[c], c.Key())
		}
		h.keys("esc")
	}
}

func setOf(t *testing.T, keys []string) status.Set {
	var s status.Set
	for _, k := range keys {
		found := false
		for _, c := range status.Categories {
			if c.Key() == k {
				s, found = s.With(c), true
			}
		}
		if !found {
			t.Fatalf("unknown category %q", k)
		}
	}
	return s
}

func filterOf(toks []jsonToken, kind string) []jsonToken {
	var out []jsonToken
	for _, t := range toks {
		if t.Kind == kind {
			out = append(out, t)
		}
	}
	return out
}
