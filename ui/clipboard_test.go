package ui

import (
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/inmem"
	"github.com/unleash-tokens/unleash-tokens/ui/clipboard"
	"github.com/unleash-tokens/unleash-tokens/ui/overlay"
)

func TestClearClipboardAfterCopy(t *testing.T) {
	srv := inmem.New(inmem.WithClock(testClock))
	client, _ := api.New("https://unleash.example.com", inmem.AdminPAT, api.WithHTTPClient(srv.HTTPClient()))
	var got [32]byte
	h := newHarnessWith(t, client, srv, func(o *Options) {
		o.ClearClipboardAfter = time.Millisecond
		o.Clear = func(sum [32]byte, via string) string { got = sum; return "Cleared the secret from the clipboard." }
	})
	h.keys("n")
	h.typeText("short-lived")
	h.keys("enter")
	secret := secretOnScreen(t, h)
	h.keys("c")
	if got != clipboard.Sum([]byte(secret)) {
		t.Fatal("the clearer was not given the copied secret's hash")
	}
	h.mustSee("Cleared the secret from the clipboard.")
}

// The app ends before --clear-clipboard's time: ClearClipboardNow (the cli
// calls it once the program has returned) clears what is still due, once;
// what the timer already cleared is not cleared again.
func TestClearClipboardNowOnQuit(t *testing.T) {
	var cleared [][32]byte
	srv := inmem.New(inmem.WithClock(testClock))
	client, _ := api.New("https://unleash.example.com", inmem.AdminPAT, api.WithHTTPClient(srv.HTTPClient()))
	h := newHarnessWith(t, client, srv, func(o *Options) {
		o.ClearClipboardAfter = time.Hour
		o.Clear = func(sum [32]byte, via string) string { cleared = append(cleared, sum); return "Cleared (" + via + ")." }
	})
	first, second := clipboard.Sum([]byte("user:first")), clipboard.Sum([]byte("user:second"))
	for _, sum := range [][32]byte{first, second, first} { // the first copied twice
		_, _ = h.m.Update(overlay.CopyDone{Result: clipboard.CopyResult{Via: "clipboard"}, Sum: sum}) // the timer is not run
	}
	h.m.update(clearClipboard{sum: second, via: "clipboard"}) // its time came
	if said := h.m.ClearClipboardNow(); len(said) != 1 || said[0] != "Cleared (clipboard)." || len(cleared) != 1 || cleared[0] != first {
		t.Fatalf("said %q, cleared %d", said, len(cleared))
	}
	if said := h.m.ClearClipboardNow(); len(said) != 0 {
		t.Fatalf("cleared again: %q", said)
	}
}
