package list

import (
	"bytes"
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/unleash-tokens/unleash-tokens/status"
	"github.com/unleash-tokens/unleash-tokens/ui/table"
)

// index is what the filter and the sort read of the items, made once per
// load off the UI goroutine, never changed after: every item's searched
// text, lower-cased, in one buffer, and the items in each sort order. A keystroke then
// scans one buffer instead of calling Search on every item.
type index struct {
	text  []byte   // the items' texts, each field followed by a 0
	start []uint32 // item i's text is text[start[i]:start[i+1]]
	// The items' indices in each order but Unsorted, sorted with the load
	// (a few ms at 100,000 items, beside the load's hundreds): the first s
	// after a load only applies it.
	perms [table.NumOrders][]int32
}

// buildIndex reads the items once; search and facts may be nil.
func buildIndex[T any](items []T, search func(T, func(string) bool) bool, facts func(T) (status.Facts, bool)) *index {
	ix := &index{start: make([]uint32, len(items)+1)}
	if search != nil {
		size := 0
		for _, it := range items {
			search(it, func(s string) bool { size += len(s) + 1; return false })
		}
		if size > math.MaxUint32 {
			return nil // too much text to index: the filter calls Search instead
		}
		ix.text = make([]byte, 0, size)
		add := func(s string) bool { ix.text = appendLower(ix.text, s); ix.text = append(ix.text, 0); return false }
		for i, it := range items {
			search(it, add)
			ix.start[i+1] = uint32(len(ix.text))
		}
	}
	if facts != nil {
		// One order at a time, in one slice of keys that the sort then
		// uses as its own (1.6 MB less held at once at 100,000 items).
		keys := make([]int64, len(items))
		for o := table.Order(0); o < table.NumOrders; o++ {
			if o == table.Unsorted {
				continue
			}
			for i, it := range items {
				f, _ := facts(it)
				keys[i] = sortKey(f, o)
			}
			ix.perms[o] = sortByKeys(keys)
		}
	}
	return ix
}

// appendLower appends s lower-cased as containsFold compares it: ASCII
// letters folded in place, anything else through strings.ToLower.
func appendLower(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return append(b, strings.ToLower(s)...)
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}

// textMatches marks in out the items whose text contains q (lower-cased);
// within, when not nil, limits it to the items it marks. A q holding a 0
// cannot be answered from the buffer: ok is false.
func (ix *index) textMatches(q string, within []bool, out []bool) (ok bool) {
	if strings.IndexByte(q, 0) >= 0 {
		return false
	}
	n := len(ix.start) - 1
	if q == "" {
		for i := 0; i < n; i++ {
			out[i] = (within == nil || within[i]) && ix.start[i+1] > ix.start[i] // it has a field
		}
		return true
	}
	needle := []byte(q)
	if within != nil {
		for i := 0; i < n; i++ {
			out[i] = within[i] && bytes.Contains(ix.text[ix.start[i]:ix.start[i+1]], needle)
		}
		return true
	}
	// One pass over the whole buffer: each hit marks its item, and the
	// search goes on from the next item.
	item, pos := 0, 0
	for pos < len(ix.text) {
		j := bytes.Index(ix.text[pos:], needle)
		if j < 0 {
			break
		}
		hit := uint32(pos + j)
		for ix.start[item+1] <= hit {
			item++
		}
		out[item] = true
		pos = int(ix.start[item+1])
	}
	return true
}

// sortKey is an item's key in an order: expiry soonest first, none last;
// last seen: never used first, then the oldest.
func sortKey(f status.Facts, o table.Order) int64 {
	switch o {
	case table.ByExpiry:
		if f.ExpiresAt != nil && f.ExpiresAt.Year() < 2262 { // UnixNano's range
			return f.ExpiresAt.UnixNano()
		}
		return math.MaxInt64
	case table.BySeen:
		if f.SeenAt != nil && f.SeenAt.Year() < 2262 {
			return f.SeenAt.UnixNano()
		}
		return math.MinInt64
	}
	return 0
}

// radixFrom is the number of items from which sortByKeys sorts by radix:
// below, its 64K counts cost more than comparing.
const radixFrom = 1 << 12

// sortByKeys is the indices 0…len(keys)-1 ordered by their keys, stable (equal
// keys keep the server's order): a radix sort on 16-bit digits, skipping
// the digits every key shares, linear in the number of items.
//
// It uses keys as its own room: they are changed.
func sortByKeys(keys []int64) []int32 {
	n := len(keys)
	perm := make([]int32, n)
	for i := range perm {
		perm[i] = int32(i)
	}
	if n < 2 {
		return perm
	}
	if n < radixFrom {
		slices.SortStableFunc(perm, func(a, b int32) int { return cmp.Compare(keys[a], keys[b]) })
		return perm
	}
	// The keys with the sign flipped, in place (read as uint64): unsigned
	// order is signed order.
	var and, or uint64 = math.MaxUint64, 0
	for i, k := range keys {
		u := uint64(k) ^ (1 << 63)
		keys[i] = int64(u)
		and &= u
		or |= u
	}
	tmp := make([]int32, n)
	var count [1 << 16]int
	for shift := uint(0); shift < 64; shift += 16 {
		if (and>>shift)&0xffff == (or>>shift)&0xffff {
			continue // every key has this digit
		}
		count = [1 << 16]int{}
		for _, p := range perm {
			count[(uint64(keys[p])>>shift)&0xffff]++
		}
		sum := 0
		for d, c := range count {
			count[d] = sum
			sum += c
		}
		for _, p := range perm {
			d := (uint64(keys[p]) >> shift) & 0xffff
			tmp[count[d]] = p
			count[d]++
		}
		perm, tmp = tmp, perm
	}
	return perm
}
