package cli

import (
	"testing"

	"github.com/unleash-tokens/unleash-tokens/internal/gcpace"
)

// TestTUIGCTarget: the terminal UI paces a large heap at TUIGCPercent
// (internal/gcpace) unless GOGC is set.
func TestTUIGCTarget(t *testing.T) {
	defer gcpace.SetLarge(gcpace.Large())
	defer func(p int) { TUIGCPercent = p }(TUIGCPercent)
	TUIGCPercent = 30
	for _, tt := range []struct {
		gogc string
		want int
	}{{"", 30}, {"200", gcpace.Percent}, {"off", gcpace.Percent}} {
		t.Run("GOGC="+tt.gogc, func(t *testing.T) {
			t.Setenv("GOGC", tt.gogc)
			gcpace.SetLarge(gcpace.Percent)
			setTUIGC()
			if got := gcpace.Large(); got != tt.want {
				t.Fatalf("target for a large heap %d, want %d", got, tt.want)
			}
		})
	}
}
