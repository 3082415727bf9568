package textcols

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
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
	if err := (Fit{CutFirst: []string{"NAME"}}).WriteWidth(&b, rows, nil, 60); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "sha256:ba9bbb99310d  a name") || !strings.Contains(b.String(), "…") {
		t.Fatalf("%s", b.String())
	}
	b.Reset()
	_ = Fit{CutFirst: []string{"NAME"}}.WriteWidth(&b, rows, nil, 30)
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

// TestFitDrops: a table too wide for the terminal leaves out its Drop
// columns, in order, before a CutFirst column is cut below minKeep or any
// other column (an id, a date) is cut at all; whole without a width.
func TestFitDrops(t *testing.T) {
	rows := [][]string{
		{"KIND", "ID", "NAME", "EXPIRES", "STATUS"},
		{"api-token", "sha256:e2be56940f21", "growth-web-frontend-token", "expired 3mo ago", "expired, stale"},
		{"api-token", "sha256:21eea632bb6d", "ci", "never", "no expiry"},
	}
	fit := Fit{CutFirst: []string{"NAME", "STATUS"}, Drop: []string{"KIND", "STATUS"}}
	all := []string{"KIND", "ID", "NAME", "EXPIRES", "STATUS"}
	tests := []struct {
		width int
		head  []string
		cut   bool
	}{
		{0, all, false},
		{96, all, false},
		{80, all, true}, // NAME and STATUS cut, down to no less than minKeep
		{70, []string{"ID", "NAME", "EXPIRES", "STATUS"}, true},
		{64, []string{"ID", "NAME", "EXPIRES", "STATUS"}, true},
		{60, []string{"ID", "NAME", "EXPIRES"}, true},
		{45, []string{"ID", "NAME", "EXPIRES"}, true}, // nothing left to drop: NAME down to minCut
	}
	for _, tt := range tests {
		var b bytes.Buffer
		var styled []string
		style := func(row, col int) *lipgloss.Style {
			if row == 0 {
				styled = append(styled, rows[0][col])
			}
			return nil
		}
		if err := fit.WriteWidth(&b, rows, style, tt.width); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
		if got := strings.Fields(lines[0]); !slices.Equal(got, tt.head) {
			t.Errorf("width %d: heading %q, want %q", tt.width, got, tt.head)
		}
		if !slices.Equal(styled, tt.head) { // style is asked with the column's place in rows
			t.Errorf("width %d: style asked for %q", tt.width, styled)
		}
		for _, line := range lines {
			if tt.width > 0 && ansi.StringWidth(line) > tt.width {
				t.Errorf("width %d: a line of %d: %q", tt.width, ansi.StringWidth(line), line)
			}
		}
		for _, whole := range []string{"sha256:e2be56940f21", "sha256:21eea632bb6d", "expired 3mo ago"} {
			if !strings.Contains(b.String(), whole) {
				t.Errorf("width %d: %q cut:\n%s", tt.width, whole, b.String())
			}
		}
		if strings.Contains(b.String(), "…") != tt.cut {
			t.Errorf("width %d: cut %v:\n%s", tt.width, !tt.cut, b.String())
		}
	}
}
