package audittab

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// pack is the summary's packing as the whole line measured again for each
// part: packWidths must draw the same lines from widths measured once.
func pack(line, sep string, w int) string {
	var out []string
	cur := ""
	for _, p := range strings.Split(line, sep) {
		switch {
		case cur == "":
			cur = p
		case ansi.StringWidth(cur+sep+p) <= w:
			cur += sep + p
		default:
			out = append(out, cur)
			cur = p
		}
	}
	return strings.Join(append(out, cur), "\n")
}

func TestPackWidthsIsPack(t *testing.T) {
	lines := []string{
		"Audit: 12345 expired  2 ≤3d  40000 ≤14d  9 stale  6 never used  10 no expiry  5 at risk",
		"\x1b[2mAudit: \x1b[0m\x1b[31m5 expired\x1b[0m\x1b[2m  \x1b[0m\x1b[2m0 ≤3d\x1b[0m\x1b[2m  \x1b[0m\x1b[33m4 ≤14d\x1b[0m",
		"a    b  c", // an empty part between two separators
		"",
		"one",
	}
	for _, line := range lines {
		parts := strings.Split(line, "  ")
		widths := make([]int, len(parts))
		for i, p := range parts {
			widths[i] = ansi.StringWidth(p)
		}
		for w := 0; w <= 100; w++ {
			if got, want := packWidths(parts, widths, "  ", w), pack(line, "  ", w); got != want {
				t.Fatalf("%q at %d: %q, want %q", line, w, got, want)
			}
		}
	}
}
