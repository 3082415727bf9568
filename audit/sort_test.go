package audit

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"
)

// TestSortByUrgencyIsStable: the urgency order is compareUrgency's, ties
// in their first order (as a stable sort leaves them), with expiries far
// outside UnixNano's range, never-expiring tokens and many equal rows.
func TestSortByUrgencyIsStable(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	at := func(y int) *time.Time { d := time.Date(y, 6, 1, 0, 0, 0, 0, time.UTC); return &d }
	expiries := []*time.Time{nil, at(2020), at(2030), at(1000), at(1500), at(3000), at(2500)}
	for _, n := range []int{0, 1, 2, 17, 1000, 5000} {
		toks := make([]Token, n)
		for i := range toks {
			toks[i] = Token{Name: []string{"a", "b", "c"}[rng.IntN(3)], Where: []string{"all projects", "project x"}[rng.IntN(2)],
				ExpiresAt: expiries[rng.IntN(len(expiries))], ID: rng.IntN(2), Ident: strconv.Itoa(i)}
		}
		want := slices.Clone(toks)
		slices.SortStableFunc(want, func(a, b Token) int { return compareUrgency(&a, &b) })
		sortByUrgency(toks)
		for i := range toks {
			if toks[i].Ident != want[i].Ident {
				t.Fatalf("n=%d: at %d got the token first at %s, want the one at %s", n, i, toks[i].Ident, want[i].Ident)
			}
		}
	}
}
