package cli

import (
	"runtime/debug"
	"testing"
)

// TestTUIGCTarget: the terminal UI sets the collector's target to
// TUIGCPercent unless GOGC is set (the README's Speed section, memory).
func TestTUIGCTarget(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer func(p int) { TUIGCPercent = p }(TUIGCPercent)
	TUIGCPercent = 30
	for _, tt := range []struct {
		gogc string
		want int
	}{{"", 30}, {"200", 100}, {"off", 100}} {
		t.Run("GOGC="+tt.gogc, func(t *testing.T) {
			t.Setenv("GOGC", tt.gogc)
			debug.SetGCPercent(100)
			setTUIGC()
			if got := debug.SetGCPercent(100); got != tt.want {
				t.Fatalf("target %d, want %d", got, tt.want)
			}
		})
	}
}
