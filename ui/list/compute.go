package list

import (
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
	q        string // lower-cased
	text     func(T, func(string) bool) bool
	found    func(string) bool
	facts    func(T) (status.Facts, bool)
	now      time.Time
	th       status.Thresholds
	words    [1 << status.NumCategories]bool // does the query match the words of each possible set
	anyWords bool                            // any of them
}

func newMatcher[T any](q string, spec *Spec[T], now time.Time, th status.Thresholds) *matcher[T] {
	m := &matcher[T]{q: strings.ToLower(q), text: spec.Search, facts: spec.Facts, now: now, th: th}
	m.found = func(s string) bool { return containsFold(s, m.q) }
	for s := range m.words {
		m.words[s] = matchesSet(status.Set(s), m.q, th)
		m.anyWords = m.anyWords || m.words[s]
	}
	return m
}

func (m *matcher[T]) match(it T) bool {
	if m.text != nil && m.text(it, m.found) {
		return true
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

// filtered is a query and the items it matched, kept for the next
// keystrokes: typing on tests only what the shorter query matched, erasing
// back finds the answer already made.
type filtered struct {
	query string
	match []bool
}

// recentFilters is how many queries' matches a list keeps.
const recentFilters = 8

// matches marks the items that pass the filter; within, when not nil, is
// the match of a query the new one extends: an item it ruled out is out.
// With an index, the texts are read from it; the status words are asked
// only of the items the text did not match, and only when the query is in
// any status word at all.
func matches[T any](items []T, m *matcher[T], within []bool, ix *index) []bool {
	out := make([]bool, len(items))
	if ix == nil || !ix.textMatches(m.q, within, out) {
		for i := range items {
			out[i] = (within == nil || within[i]) && m.match(items[i])
		}
		return out
	}
	if m.facts == nil || !m.anyWords {
		return out
	}
	for i := range items {
		if out[i] || (within != nil && !within[i]) {
			continue
		}
		if f, ok := m.facts(items[i]); ok {
			out[i] = m.words[m.th.Classify(f, m.now)]
		}
	}
	return out
}

// reuse finds, among recent filters, the match of q itself, or else of the
// longest query q extends (within).
func reuse(recent []filtered, q string) (same, within []bool) {
	best := -1
	for _, f := range recent {
		switch {
		case f.query == q:
			return f.match, nil
		case strings.HasPrefix(q, f.query) && len(f.query) > best:
			best, within = len(f.query), f.match
		}
	}
	return nil, within
}

// sortOrder is the items' indices in the order: stable, so equal keys keep
// the server's order (see sortKey). An index has it made.
func sortOrder[T any](items []T, facts func(T) (status.Facts, bool), o table.Order, ix *index) []int32 {
	if ix != nil && ix.perms[o] != nil {
		return ix.perms[o]
	}
	keys := make([]int64, len(items))
	for i := range items {
		f, _ := facts(items[i])
		keys[i] = sortKey(f, o)
	}
	return sortByKeys(keys)
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
