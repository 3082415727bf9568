package ui

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/inmem"
)

// hostileNames are token names a server could send to attack a terminal or
// confuse a reader.
var hostileNames = []string{
	"\x1b]52;c;aGFja2Vk\x07clipboard",        // OSC 52: write the clipboard
	"\x1b[2J\x1b[Hclear",                     // clear the screen
	"\x1b]8;;https://evil.example\x1b\\link", // a hyperlink
	"\u202eexe.txt",                          // bidi override
	"bell\x07\x07",
	"日本語のトークン名",
	"🎉 party token",
	strings.Repeat("long-", 100),
}

func TestHostileNamesNeverReachTheTerminal(t *testing.T) {
	srv := inmem.New(inmem.WithClock(testClock))
	client, _ := api.New("https://unleash.example.com", inmem.AdminPAT, api.WithHTTPClient(srv.HTTPClient()))
	for i, name := range hostileNames {
		if _, err := client.CreateAPIToken(context.Background(), api.CreateAPIToken{Name: name, Type: api.TypeBackend, Environment: "development"}); err != nil {
			t.Fatal(err)
		}
		if i == 0 || i == 5 { // room for two more PATs
			if _, err := client.CreatePAT(context.Background(), api.CreatePAT{Description: name, ExpiresAt: testNow.Add(48 * time.Hour)}); err != nil {
				t.Fatal(err)
			}
		}
	}
	h := newHarnessWith(t, client, srv)
	h.keys("5", "right", "right", "right", "right") // never used: every new token
	h.mustSee("clipboard", "clear", "link", "exe.txt", "日本語のトークン名", "🎉 party token", "long-long-")
	h.keys("1")
	h.mustSee("clipboard", "日本語のトークン名")
	h.keys("4", "/")
	h.typeText("o")
	h.keys("enter")
	h.mustSee("All API tokens", "match")
	for i, v := range h.views {
		for _, bad := range []string{"\x1b", "\x07", "\u202e", "\x9b", "\x9d"} {
			if strings.Contains(v, bad) {
				t.Fatalf("view %d holds %q:\n%q", i, bad, v)
			}
		}
		for _, line := range strings.Split(v, "\n") {
			if w := ansi.StringWidth(line); w > 120 {
				t.Fatalf("a line %d wide in a 120-column terminal: %q", w, line)
			}
		}
	}
	// Wide characters keep the columns aligned: "Last seen" starts in the
	// same column on every row of the PAT list.
	h.keys("1")
	col := -1
	for _, line := range strings.Split(h.view(), "\n") {
		i := strings.Index(line, "never used")
		if i < 0 || !strings.Contains(line, "ago") {
			continue
		}
		c := ansi.StringWidth(line[:i])
		if col >= 0 && c != col {
			t.Fatalf("column at %d, elsewhere %d:\n%s", c, col, h.view())
		}
		col = c
	}
	if col < 0 {
		t.Fatalf("no rows to compare:\n%s", h.view())
	}
}

// TestEverySize draws every screen at sizes from 1×1 to 400×120, resized
// one after another: never a panic, never a line too wide or too many.
func TestEverySize(t *testing.T) {
	widths := []int{1, 2, 5, 10, 19, 20, 39, 40, 41, 60, 79, 80, 120, 200, 400}
	heights := []int{1, 2, 5, 6, 9, 10, 11, 15, 24, 35, 60, 120}
	screens := map[string][]string{
		"pats": nil, "accounts": {"2"}, "account tokens": {"2", "enter"}, "project tokens": {"3", "enter"},
		"search": {"4"}, "audit": {"5"}, "help": {"?"}, "new PAT": {"n"}, "delete question": {"d"},
		"secret": {"n", "x", "enter"}, "filter": {"/", "t"},
	}
	for name, keys := range screens {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, inmem.AdminPAT)
			h.keys(keys...)
			for _, w := range widths {
				for _, ht := range heights {
					h.send(tea.WindowSizeMsg{Width: w, Height: ht})
					v := h.view()
					lines := strings.Split(v, "\n")
					if len(lines) > ht {
						t.Fatalf("%d×%d: %d lines", w, ht, len(lines))
					}
					for _, l := range lines {
						if lw := ansi.StringWidth(l); lw > w {
							t.Fatalf("%d×%d: a line %d wide: %q", w, ht, lw, l)
						}
					}
				}
			}
		})
	}
}

// TestServerTroubleAndRecovery: a server that fails, then stops answering,
// then comes back; the app says what happened each time and recovers on r.
func TestServerTroubleAndRecovery(t *testing.T) {
	srv := inmem.New(inmem.WithClock(testClock))
	var mode atomic.Value
	mode.Store("ok")
	release := make(chan struct{})
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch mode.Load() {
		case "500":
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(500)
			_, _ = w.Write([]byte(`{"name":"InternalError","message":"Database connection lost"}`))
			return
		case "html":
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(502)
			_, _ = w.Write([]byte("<html><title>502 Bad Gateway</title></html>"))
			return
		case "hang":
			select {
			case <-release:
			case <-r.Context().Done():
			}
			return
		case "429":
			w.Header().Set("Retry-After", "30")
			w.WriteHeader(429)
			_, _ = w.Write([]byte("Too many requests, please try again later."))
			return
		}
		srv.ServeHTTP(w, r)
	}))
	defer ts.Close()
	defer close(release)
	client, _ := api.New(ts.URL, inmem.AdminPAT, api.WithRetries(0), api.WithTimeout(200*time.Millisecond))
	h := newHarnessWith(t, client, srv)
	h.mustSee("(8)")
	for _, step := range []struct{ mode, see string }{
		{"500", "Reload failed: list your PATs: Database connection lost (HTTP 500 InternalError) · r to retry"},
		{"html", "Reload failed: list your PATs: the server (or a proxy in front of it) is unavailable (HTTP 502) · r to retry"},
		{"hang", fmt.Sprintf("Reload failed: list your PATs: no answer from %s within 200ms · r to retry", strings.TrimPrefix(ts.URL, "http://"))},
		{"429", "Reload failed: list your PATs: Too many requests, please try again later. (HTTP 429) · r to retry"},
	} {
		mode.Store(step.mode)
		h.keys("r")
		h.mustSee(step.see, "ci deploy pipeline") // the rows stay
		mode.Store("ok")
		h.keys("r")
		h.mustSee("(8)", "ci deploy pipeline")
		h.mustNotSee("Reload failed")
	}
}
