package clipboard

import (
	"bytes"
	"crypto/sha256"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestFindToolAsAtottoWould(t *testing.T) {
	if runtime.GOOS == "darwin" || runtime.GOOS == "windows" {
		t.Skip("the Linux and BSD choices")
	}
	tests := []struct {
		name    string
		wayland bool
		present string
		want    string // the copy program, "" for none
	}{
		{"X with xclip", false, "xclip xsel", "xclip"},
		{"X with only xsel", false, "xsel", "xsel"},
		{"Wayland with wl-clipboard", true, "wl-copy wl-paste xclip", "wl-copy"},
		{"Wayland without wl-paste", true, "wl-copy xclip", "xclip"},
		{"wl-clipboard but no Wayland", false, "wl-copy wl-paste", ""},
		{"nothing", false, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			getenv := func(k string) string {
				if k == "WAYLAND_DISPLAY" && tt.wayland {
					return "wayland-0"
				}
				return ""
			}
			has := func(name string) bool { return strings.Contains(" "+tt.present+" ", " "+name+" ") }
			got, ok := findTool(getenv, has)
			if ok != (tt.want != "") || ok && got.copyArgs[0] != tt.want {
				t.Fatalf("got %v %v, want %q", got, ok, tt.want)
			}
		})
	}
}

// The tool is run for real: a stand-in xclip keeps what it is given in a
// file and prints it back.
func TestToolWritesAndReadsBack(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("a shell script stands in for the tool")
	}
	dir := t.TempDir()
	store := filepath.Join(dir, "clipboard")
	script := "#!/bin/sh\ncase \"$1\" in -in) cat >" + store + " ;; *) cat " + store + " ;; esac\n"
	if err := os.WriteFile(filepath.Join(dir, "fakeclip"), []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	tl := tool{[]string{filepath.Join(dir, "fakeclip"), "-in"}, []string{filepath.Join(dir, "fakeclip"), "-out"}}
	secret := "user:" + strings.Repeat("0123456789abcdef", 3) + "01234567"
	if err := tl.write(secret); err != nil {
		t.Fatal(err)
	}
	got, err := tl.read()
	if err != nil || string(got) != secret {
		t.Fatalf("read back %q, %v", got, err)
	}
	a := access{native: tl.write, read: tl.read}
	if msg := a.clear(Sum([]byte(secret)), "clipboard"); msg != "Cleared the secret from the clipboard." {
		t.Fatalf("clear: %s", msg)
	}
	if got, _ := tl.read(); len(got) != 0 {
		t.Fatalf("after the clear: %q", got)
	}
	if err := tl.write(strings.Repeat("x", 3*maxClipboardRead)); err != nil {
		t.Fatal(err)
	}
	if got, err := tl.read(); err != nil || len(got) != maxClipboardRead+1 {
		t.Fatalf("a long clipboard: %d bytes, %v", len(got), err)
	}
	if msg := a.clear(Sum([]byte(secret)), "clipboard"); msg != "The clipboard holds something else now; left as it is." {
		t.Fatalf("clear of a long clipboard: %s", msg)
	}
}

// Sum is SHA-256 over whole blocks: the secret and zeros.
func TestSumPadsToBlocks(t *testing.T) {
	for _, n := range []int{0, 1, 61, 63, 64, 65, 128} {
		b := bytes.Repeat([]byte{'a'}, n)
		want := sha256.Sum256(append(bytes.Clone(b), make([]byte, (n/64+1)*64-n)...))
		if Sum(b) != want {
			t.Errorf("%d bytes: wrong sum", n)
		}
	}
}
