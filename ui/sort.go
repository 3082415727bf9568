package ui

import (
	"math"
	"slices"
	"time"
)

// SortOrder is how a table orders its rows; s cycles through them.
type SortOrder int

const (
	SortDefault  SortOrder = iota // as the server listed them
	SortByExpiry                  // soonest expiry first (expired on top), never-expiring last
	SortBySeen                    // least recently used first, never used on top
	numSortOrders
)

func (o SortOrder) String() string {
	return [...]string{"", "sorted by expiry", "sorted by last seen"}[o]
}

// sortKeys are a row's keys for the sort orders.
type sortKeys struct{ expires, seen int64 }

// tokenSortKeys turns a token's times into sort keys: no expiry sorts last,
// never used sorts first.
func tokenSortKeys(expiresAt, seenAt *time.Time) sortKeys {
	k := sortKeys{expires: math.MaxInt64, seen: math.MinInt64}
	if expiresAt != nil && expiresAt.Year() < 2262 {
		k.expires = expiresAt.UnixNano()
	}
	if seenAt != nil {
		k.seen = seenAt.UnixNano()
	}
	return k
}

// WithSortKeys gives a row its keys for sorting by expiry and last seen.
func (r Row) WithSortKeys(k sortKeys) Row {
	r.sort, r.sortable = k, true
	return r
}

// CycleSort moves to the next sort order, keeping the cursor on its row.
func (t *Table) CycleSort() SortOrder {
	selected, ok := t.SelectedRow()
	t.order = (t.order + 1) % numSortOrders
	t.applyFilter()
	if ok {
		t.SelectKey(selected.key)
	}
	return t.order
}

// Order is the current sort order.
func (t *Table) Order() SortOrder { return t.order }

// sortView orders the rows that passed the filter; stable, so equal keys
// keep the server's order.
func (t *Table) sortView() {
	switch t.order {
	case SortByExpiry:
		slices.SortStableFunc(t.view, func(a, b int) int { return compareInt64(t.rows[a].sort.expires, t.rows[b].sort.expires) })
	case SortBySeen:
		slices.SortStableFunc(t.view, func(a, b int) int { return compareInt64(t.rows[a].sort.seen, t.rows[b].sort.seen) })
	}
}

func compareInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
