package gcpace

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"
)

func TestFor(t *testing.T) {
	const mib = 1 << 20
	tests := []struct {
		live uint64
		want int
	}{
		{0, 800},            // before the first collection: the runtime's 4 MB floor becomes 32 MiB
		{1 * mib, 800},      // capped: the floor stays Headroom
		{4 * mib, 800},      // 4 + 32 MiB
		{8 * mib, 400},      // 8 + 32 MiB
		{32 * mib, 100},     // twice
		{48 * mib, 67},      // 48 + 32 MiB (rounded up)
		{64 * mib, Percent}, // from here on, GOGC=50
		{1024 * mib, Percent},
	}
	for _, tt := range tests {
		if got := For(tt.live); got != tt.want {
			t.Errorf("For(%d MiB) = %d, want %d", tt.live/mib, got, tt.want)
		}
		if goal := tt.live + tt.live*uint64(For(tt.live))/100; tt.live > 4*mib && goal < tt.live+Headroom {
			t.Errorf("at %d MiB the heap may grow by %d bytes, under Headroom", tt.live/mib, goal-tt.live)
		}
	}
}

// TestStartPacesAfterEveryCollection: the target follows the heap a
// collection leaves, up and down.
func TestStartPacesAfterEveryCollection(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	Start()
	held := make([]byte, 96<<20) // pointer-free: counted live, never touched
	runtime.GC()
	waitFor(t, Percent)
	runtime.KeepAlive(held)
	held = nil
	runtime.GC()
	waitFor(t, For(live()))
}

func live() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

func waitFor(t *testing.T, want int) {
	t.Helper()
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	var got uint64
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		metrics.Read(s)
		if got = s[0].Value.Uint64(); int(got) == want {
			return
		}
	}
	t.Fatalf("GOGC %d, want %d", got, want)
}

// TestSetLarge: a heap of any size is paced at what SetLarge asked when it
// is not Percent; at Percent, a small heap keeps its Headroom.
func TestSetLarge(t *testing.T) {
	defer SetLarge(Large())
	SetLarge(30)
	if got := Large(); got != 30 {
		t.Fatalf("Large() = %d after SetLarge(30)", got)
	}
	for _, tt := range []struct {
		live uint64
		want int
	}{{1 << 30, 30}, {200 << 20, 30}, {8 << 20, 30}} {
		if got := forLarge(tt.live, 30); got != tt.want {
			t.Fatalf("forLarge(%d MiB, 30) = %d, want %d", tt.live>>20, got, tt.want)
		}
	}
	if got := For(1 << 30); got != Percent {
		t.Fatalf("For(1 GiB) = %d, want Percent", got)
	}
	if got := forLarge(8<<20, Percent); got != 400 {
		t.Fatalf("forLarge(8 MiB, Percent) = %d, want 400 (32 MiB of headroom)", got)
	}
}
