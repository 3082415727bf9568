package list

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/status"
	"github.com/unleash-tokens/unleash-tokens/ui/table"
)

type indexed struct {
	fields []string
	facts  status.Facts
}

func indexedSearch(it indexed, found func(string) bool) bool {
	for _, f := range it.fields {
		if found(f) {
			return true
		}
	}
	return false
}

func indexedFacts(it indexed) (status.Facts, bool) { return it.facts, true }

// TestIndexMatchesLikeContainsFold: the index finds what containsFold over
// each field finds, for ASCII and not, with and without a previous match,
// and a query never spans two fields or two items.
func TestIndexMatchesLikeContainsFold(t *testing.T) {
	items := []indexed{
		{fields: []string{"Service-A", "backend", "production"}},
		{fields: []string{"ÉTÉ-token", "frontend"}},
		{fields: []string{"ab", "cd"}},
		{fields: []string{""}},
		{fields: nil},
		{fields: []string{"PROJECT-007", "x"}},
		{fields: []string{"bcd"}},
	}
	queries := []string{"", "a", "service", "service-a", "été", "bc", "bcd", "abc", "dab", "b\x00c", "7", "x", "project-007x", "zzz"}
	ix := buildIndex(items, indexedSearch, nil)
	for _, q := range queries {
		for _, within := range [][]bool{nil, {true, true, false, true, true, true, false}} {
			want := make([]bool, len(items))
			for i, it := range items {
				want[i] = (within == nil || within[i]) && indexedSearch(it, func(s string) bool { return containsFold(s, q) })
			}
			got := make([]bool, len(items))
			if !ix.textMatches(q, within, got) {
				if !strings.Contains(q, "\x00") {
					t.Fatalf("%q: the index could not answer", q)
				}
				continue
			}
			if !slices.Equal(got, want) {
				t.Errorf("%q within %v: got %v, want %v", q, within, got, want)
			}
		}
	}
}

// TestIndexRandom: the same over random texts.
func TestIndexRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	letters := "abAB-é0"
	word := func() string {
		var b strings.Builder
		for range r.IntN(6) {
			b.WriteString(string([]rune(letters)[r.IntN(7)]))
		}
		return b.String()
	}
	items := make([]indexed, 300)
	for i := range items {
		for range r.IntN(4) {
			items[i].fields = append(items[i].fields, word())
		}
	}
	ix := buildIndex(items, indexedSearch, nil)
	for range 300 {
		q := strings.ToLower(word())
		want := make([]bool, len(items))
		for i, it := range items {
			want[i] = indexedSearch(it, func(s string) bool { return containsFold(s, q) })
		}
		got := make([]bool, len(items))
		ix.textMatches(q, nil, got)
		if !slices.Equal(got, want) {
			t.Fatalf("%q: differs", q)
		}
	}
}

// TestSortByKeysIsStable: the radix sort gives slices.SortStableFunc's
// order, for keys across the whole int64 range and many equal keys.
func TestSortByKeysIsStable(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, keys := range [][]int64{
		nil, {5}, {2, 1}, {1, 1, 1},
		{math.MaxInt64, math.MinInt64, 0, -1, 1, math.MaxInt64, math.MinInt64},
		func() []int64 {
			k := make([]int64, 5000)
			for i := range k {
				k[i] = int64(r.IntN(50)) * int64(time.Hour)
			}
			return k
		}(),
		func() []int64 {
			k := make([]int64, 5000)
			for i := range k {
				k[i] = int64(r.Uint64())
			}
			return k
		}(),
	} {
		want := make([]int32, len(keys))
		for i := range want {
			want[i] = int32(i)
		}
		slices.SortStableFunc(want, func(a, b int32) int { return cmp.Compare(keys[a], keys[b]) })
		if got := sortByKeys(slices.Clone(keys)); !slices.Equal(got, want) {
			t.Errorf("%d keys: got %v…, want %v…", len(keys), got[:min(8, len(got))], want[:min(8, len(want))])
		}
	}
}

// TestIndexSortKeys: the index's keys give the order sortOrder gives
// without one: expiry soonest first and none last, never seen first.
func TestIndexSortKeys(t *testing.T) {
	at := func(d int) *time.Time { x := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, d); return &x }
	items := []indexed{
		{facts: status.Facts{ExpiresAt: at(5), SeenAt: at(-1)}},
		{facts: status.Facts{}},
		{facts: status.Facts{ExpiresAt: at(-3), SeenAt: at(-9)}},
		{facts: status.Facts{ExpiresAt: at(400000)}}, // past UnixNano's range: as none
		{facts: status.Facts{ExpiresAt: at(5), SeenAt: at(-9)}},
	}
	ix := buildIndex(items, nil, indexedFacts)
	for _, c := range []struct {
		o    table.Order
		want []int32
	}{
		{table.ByExpiry, []int32{2, 0, 4, 1, 3}},
		{table.BySeen, []int32{1, 3, 2, 4, 0}},
	} {
		if got := sortOrder(items, indexedFacts, c.o, ix); !slices.Equal(got, c.want) {
			t.Errorf("%v with the index: %v, want %v", c.o, got, c.want)
		}
		if got := sortOrder(items, indexedFacts, c.o, nil); !slices.Equal(got, c.want) {
			t.Errorf("%v without: %v, want %v", c.o, got, c.want)
		}
	}
}
