package textcols

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// A table cut to a width: no line is longer, the widest column is what is
// cut (ending in …), and without a width nothing is cut.
func TestWriteWidth(t *testing.T) {
	rows := [][]string{
		{"KIND", "ID", "NAME", "EXPIRES"},
		{"pat", "12", "a description long enough to be cut at a narrow width", "in 3d"},
		{"api-token", "v2_abcdefghijklmnopqrstuv", "ci", "never"},
	}
	tests := []struct {
		width int
		want  []string // substrings
		cut   bool
	}{
		{0, []string{"a description long enough to be cut at a narrow width", "v2_abcdefghijklmnopqrstuv"}, false},
		{200, []string{"a description long enough to be cut at a narrow width"}, false},
		{60, []string{"a description long…", "in 3d", "never"}, true},
		{20, nil, true},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		if err := WriteWidth(&b, rows, nil, tt.width); err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
			if tt.width > 0 && ansi.StringWidth(line) > tt.width {
				t.Fatalf("width %d: a line of %d: %q", tt.width, ansi.StringWidth(line), line)
			}
		}
		for _, w := range tt.want {
			if !strings.Contains(b.String(), w) {
				t.Fatalf("width %d: no %q in\n%s", tt.width, w, b.String())
			}
		}
		if strings.Contains(b.String(), "…") != tt.cut {
			t.Fatalf("width %d: cut %v:\n%s", tt.width, !tt.cut, b.String())
		}
	}
}

// The columns named to be cut first are cut before the others.
func TestWriteCuttingFirst(t *testing.T) {
	rows := [][]string{
		{"KIND", "ID", "NAME"},
		{"api-token", "sha256:ba9bbb99310d", "a name long enough to be the one that is cut"},
	}
	var b bytes.Buffer
	if err := writeFitted(&b, rows, nil, 60, []string{"NAME"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "sha256:ba9bbb99310d  a name") || !strings.Contains(b.String(), "…") {
		t.Fatalf("%s", b.String())
	}
	b.Reset()
	_ = writeFitted(&b, rows, nil, 30, []string{"NAME"})
	for _, line := range strings.Split(strings.TrimSpace(b.String()), "\n") {
		if ansi.StringWidth(line) > 30 {
			t.Fatalf("%q", line)
		}
	}
}

// TestWrapWidth: a heading above a table wraps at spaces to the terminal's
// width; the terminal itself broke "no expiry 10" as "no expir" / "y 10".
func TestWrapWidth(t *testing.T) {
	var b strings.Builder
	w := WrapWidth(&b, 40)
	fmt.Fprintln(w, "expired 5 · expiring ≤3d 2 · expiring ≤14d 4 · stale 9 · never used 4 · no expiry 10")
	fmt.Fprintln(w, "note: only with UNLEASH_EXPERIMENTAL_SECURE_TOKEN_AND_MORE_THAN_FORTY=true")
	want := "expired 5 · expiring ≤3d 2 · expiring\n≤14d 4 · stale 9 · never used 4 · no\nexpiry 10\n" +
		"note: only with\nUNLEASH_EXPERIMENTAL_SECURE_TOKEN_AND_MO\nRE_THAN_FORTY=true\n"
	if b.String() != want {
		t.Fatalf("wrapped:\n%s\nwant:\n%s", b.String(), want)
	}
}
