package ui

import (
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/inmem"
	"github.com/unleash-tokens/unleash-tokens/ui/clipboard"
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
