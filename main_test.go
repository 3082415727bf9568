package main

import (
	"runtime/debug"
	"runtime/metrics"
	"testing"

	"github.com/unleash-tokens/unleash-tokens/internal/gcpace"
)

// TestGCTarget: the collector is paced by the heap's size (internal/gcpace)
// unless GOGC is set (the README's Speed section, memory).
func TestGCTarget(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	gogc := func() int {
		s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
		metrics.Read(s)
		return int(s[0].Value.Uint64())
	}
	for _, set := range []string{"200", "off"} { // left as the runtime read it (here: the 100 set above)
		t.Setenv("GOGC", set)
		setGC()
		if got := gogc(); got != 100 {
			t.Fatalf("GOGC=%s: target %d, want 100", set, got)
		}
	}
	t.Setenv("GOGC", "")
	setGC()
	if got := gogc(); got == 100 || got < gcpace.Percent || got > 800 {
		t.Fatalf("target %d, want gcpace's for this small heap (%d..800)", got, gcpace.Percent)
	}
	if tuiGCPercent != 30 {
		t.Fatalf("tuiGCPercent is %d; the README says 30", tuiGCPercent)
	}
}
