package main

import (
	"runtime/debug"
	"testing"
)

// TestGCTarget: the collector's target is gcPercent unless GOGC is set
// (the README's Speed section, memory).
func TestGCTarget(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	tests := []struct {
		gogc string
		want int
	}{
		{"", gcPercent},
		{"200", 100}, // left as the runtime read it (here: the 100 set above)
		{"off", 100},
	}
	for _, tt := range tests {
		t.Run("GOGC="+tt.gogc, func(t *testing.T) {
			t.Setenv("GOGC", tt.gogc)
			debug.SetGCPercent(100)
			setGC()
			if got := debug.SetGCPercent(100); got != tt.want {
				t.Fatalf("target %d, want %d", got, tt.want)
			}
		})
	}
	if gcPercent != 50 || tuiGCPercent != 30 {
		t.Fatalf("gcPercent is %d, tuiGCPercent %d; the README says 50 and 30", gcPercent, tuiGCPercent)
	}
}
