package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/unleash-tokens/unleash-tokens/ui/table"
)

// TestWidthMeasuresTheScreensAsStringWidth: every line of every golden
// screen, in colour and without, measures the same with table.Width (which
// fitScreen uses on every line of every frame) as with ansi.StringWidth.
func TestWidthMeasuresTheScreensAsStringWidth(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "TestGoldenViews", "*.golden"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden screens: %v", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n") {
			if got, want := table.Width(line), ansi.StringWidth(line); got != want {
				t.Errorf("%s line %d: table.Width %d, ansi.StringWidth %d: %q", filepath.Base(f), i+1, got, want, line)
			}
		}
	}
}
