// Package gcpace sets the garbage collector's target (GOGC) from the size
// of the heap, after every collection: a small heap may grow by Headroom
// before the next one, a large heap by Percent of what it holds.
//
// Why: nearly all the app's heap is token lists held until the process
// ends or reloads them. At 100,000 tokens the runtime's default (the heap
// grows to twice what it holds) was most of the peak resident set, so a
// large heap grows by half (Percent). But a fixed target of 50 also makes
// a small heap collect every 2 MB allocated: the audit of 5,000 tokens
// (some 30 MB allocated, 6 MB held) collected nine times, a third of its
// CPU time, where it needs to collect once or not at all. With a floor of
// Headroom between collections, a heap that holds little costs at most
// Headroom more memory, and one that holds more than Headroom ÷ Percent ×
// 100 (64 MiB) is paced exactly as with GOGC=50: the peak at 100,000
// tokens does not move.
package gcpace

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
)

const (
	// Percent is the target for a heap that holds 64 MiB or more.
	Percent = 50
	// Headroom is the least a heap may grow by between two collections.
	Headroom = 32 << 20
	// minHeap is the runtime's own least heap goal at GOGC=100 (4 MB,
	// scaled by the target): the target is capped so that this floor
	// stays Headroom, whatever little the heap holds.
	minHeap = 4 << 20
	// maxPercent is that cap.
	maxPercent = Headroom * 100 / minHeap
)

// For is the target for a heap that holds live bytes after a collection:
// the heap may grow by Headroom, or by Percent of live when that is more.
func For(live uint64) int { return forLarge(live, Percent) }

func forLarge(live uint64, large int) int {
	if large != Percent {
		return large // the terminal UI's: a heap of lists held as long as it runs
	}
	if live == 0 {
		return maxPercent
	}
	p := (Headroom*100 + live - 1) / live // rounded up: at least Headroom
	return int(max(uint64(large), min(maxPercent, p)))
}

// large is the target for a large heap when SetLarge changed it (0: Percent).
var large atomic.Int64

// SetLarge sets the target from now on, whatever the heap's size, when it
// is not Percent (the terminal UI: its heap is the lists it holds for as
// long as it runs, so the Headroom a short command is given to collect
// less would be most of its peak), and paces the heap as it is. It does
// nothing unless Start was called.
func SetLarge(percent int) {
	large.Store(int64(percent))
	if started.Load() {
		pace()
	}
}

// Large is the target for a large heap: Percent unless SetLarge changed it.
func Large() int {
	if l := large.Load(); l > 0 {
		return int(l)
	}
	return Percent
}

var started atomic.Bool

var start sync.Once

// Start sets the target for the heap as it is and keeps it set after
// every collection, for as long as the process runs. The caller leaves it
// alone when the environment sets GOGC. Calling it again does nothing.
func Start() {
	start.Do(func() {
		started.Store(true)
		pace()
		arm(new(sentinel))
	})
}

// sentinel is garbage from the moment it is armed: its finalizer runs
// after each collection, paces and arms it again. It holds a pointer so
// that it is never one of the runtime's tiny allocations, whose
// finalizers may not run.
type sentinel struct{ _ *byte }

func arm(s *sentinel) { runtime.SetFinalizer(s, rearm) }

func rearm(s *sentinel) {
	pace()
	arm(s)
}

var liveSample = []metrics.Sample{{Name: "/gc/heap/live:bytes"}}

var paceMu sync.Mutex

// pace sets the target for the heap the last collection left.
func pace() {
	paceMu.Lock()
	defer paceMu.Unlock()
	metrics.Read(liveSample)
	live := uint64(0)
	if liveSample[0].Value.Kind() == metrics.KindUint64 {
		live = liveSample[0].Value.Uint64()
	}
	debug.SetGCPercent(forLarge(live, Large()))
}
