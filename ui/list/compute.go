package list

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/unleash-tokens/unleash-tokens/status"
	"github.com/unleash-tokens/unleash-tokens/ui/table"
)

// These run off the UI goroutine, in a tea.Cmd, on a snapshot of the items
// that nothing changes: a list replaces its items, it never edits them.

// matcher tells whether an item passes a filter: its text fields contain
// the query (ignoring case), or its status words do.
type matcher[T any] struct {
	q     string // lower-cased
	text  func(T) []string
	facts func(T) (status.Facts, bool)
	now   time.Time
	th    status.Thresholds
	words [1 << status.NumCategories]bool // does the query match the words of each possible set
}

func newMatcher[T any](q string, spec *Spec[T], now time.Time, th status.Thresholds) *matcher[T] {
	m := &matcher[T]{q: strings.ToLower(q), text: spec.Text, facts: spec.Facts, now: now, th: th}
	for s := range m.words {
		m.words[s] = matchesSet(status.Set(s), m.q, th)
	}
	return m
}

func (m *matcher[T]) match(it T) bool {
	if m.text != nil {
		for _, s := range m.text(it) {
			if containsFold(s, m.q) {
				return true
			}
		}
	}
	if m.facts != nil {
		if f, ok := m.facts(it); ok {
			return m.words[m.th.Classify(f, m.now)]
		}
	}
	return false
}

// matchesSet reports whether the query is in the label of any category of
// the set ("ok" for none): "expiring ≤14d" finds the tokens expiring
// within 3 days too, though their Status column says only "expiring ≤3d".
func matchesSet(set status.Set, q string, th status.Thresholds) bool {
	if strings.Contains(set.Words(th), q) {
		return true
	}
	for _, c := range status.Categories {
		if set.Has(c) && strings.Contains(c.Label(th), q) {
			return true
		}
	}
	return false
}

// containsFold reports whether s contains q, q already lower-cased,
// ignoring case; ASCII is compared without allocating.
func containsFold(s, q string) bool {
	if q == "" {
		return true
	}
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return strings.Contains(strings.ToLower(s), q)
		}
	}
	n := len(q)
	for i := 0; i+n <= len(s); i++ {
		j := 0
		for ; j < n; j++ {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != q[j] {
				break
			}
		}
		if j == n {
			return true
		}
	}
	return false
}

// matches marks the items that pass the filter.
func matches[T any](items []T, m *matcher[T]) []bool {
	out := make([]bool, len(items))
	for i := range items {
		out[i] = m.match(items[i])
	}
	return out
}

// sortOrder is the items' indices in the order: stable, so equal keys keep
// the server's order. Expiry: soonest first, none last; last seen: never
// used first, then the oldest.
func sortOrder[T any](items []T, facts func(T) (status.Facts, bool), o table.Order) []int32 {
	keys := make([]int64, len(items))
	for i := range items {
		f, _ := facts(items[i])
		switch o {
		case table.ByExpiry:
			keys[i] = math.MaxInt64
			if f.ExpiresAt != nil && f.ExpiresAt.Year() < 2262 { // UnixNano's range
				keys[i] = f.ExpiresAt.UnixNano()
			}
		case table.BySeen:
			keys[i] = math.MinInt64
			if f.SeenAt != nil && f.SeenAt.Year() < 2262 {
				keys[i] = f.SeenAt.UnixNano()
			}
		}
	}
	perm := make([]int32, len(items))
	for i := range perm {
		perm[i] = int32(i)
	}
	slices.SortStableFunc(perm, func(a, b int32) int { return cmp.Compare(keys[a], keys[b]) })
	return perm
}

// viewOf is the rows to show: the items in perm's order (nil: the server's),
// those that pass match (nil: all). nil means every item in the server's
// order.
func viewOf(n int, perm []int32, match []bool) []int32 {
	if perm == nil && match == nil {
		return nil
	}
	view := make([]int32, 0, n)
	for k := 0; k < n; k++ {
		i := int32(k)
		if perm != nil {
			i = perm[k]
		}
		if match == nil || match[i] {
			view = append(view, i)
		}
	}
	return view
}

// contentWidths is the widest text of each column over every item.
func contentWidths(cols int, cells func(i int) []table.Cell, n int) []int {
	w := make([]int, cols)
	for i := 0; i < n; i++ {
		for c, cell := range cells(i) {
			if c < cols {
				w[c] = max(w[c], table.Width(cell.Text))
			}
		}
	}
	return w
}
