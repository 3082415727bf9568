package ui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/inmem"
	"github.com/unleash-tokens/unleash-tokens/ui/clipboard"
	"github.com/unleash-tokens/unleash-tokens/ui/core"
)

// faultMode is what the flaky server does to the next request.
type faultMode int32

const (
	faultNone    faultMode = iota
	fault500               // a JSON 500
	fault502HTML           // a proxy's HTML page
	faultTimeout           // no answer in time
	faultOutage            // nothing listens
	numFaults
)

// flaky is the in-memory server behind a switch of faults.
type flaky struct {
	mode atomic.Int32
	next http.RoundTripper
}

func (f *flaky) RoundTrip(r *http.Request) (*http.Response, error) {
	switch faultMode(f.mode.Load()) {
	case fault500:
		return &http.Response{StatusCode: 500, Header: http.Header{"Content-Type": {"application/json"}}, Request: r,
			Body: io.NopCloser(strings.NewReader(`{"name":"InternalError","message":"boom"}`))}, nil
	case fault502HTML:
		return &http.Response{StatusCode: 502, Header: http.Header{"Content-Type": {"text/html"}}, Request: r,
			Body: io.NopCloser(strings.NewReader("<html>bad gateway</html>"))}, nil
	case faultTimeout:
		return nil, fmt.Errorf("read: %w", context.DeadlineExceeded)
	case faultOutage:
		return nil, errors.New("dial tcp 127.0.0.1:4242: connect: connection refused")
	}
	return f.next.RoundTrip(r)
}

// driver plays random input into the app: keys, bursts, pastes, sizes,
// answers delivered late and out of order, server faults. It checks after
// every step that the app is alive and its view fits the window.
type driver struct {
	t       testing.TB
	rng     *rand.Rand
	m       *Model
	flaky   *flaky
	pending []tea.Cmd
	w, h    int
	steps   int
	keys    int // key messages delivered: single keys, bursts, pastes
}

func newDriver(t testing.TB, seed uint64) *driver {
	srv := inmem.New(inmem.WithClock(testClock))
	f := &flaky{next: srv.HTTPClient().Transport}
	client, err := api.New("https://unleash.example.com", inmem.AdminPAT, api.WithHTTPClient(&http.Client{Transport: f}), api.WithRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	o := Options{Client: client, URL: client.BaseURL(), Now: testClock,
		Copy: func(string) clipboard.CopyResult { return clipboard.CopyResult{Via: "clipboard"} }}
	withProfiles(&o) // P switches to fresh in-memory instances mid-run
	m := New(o)
	m.ctx.NoTicks = true
	d := &driver{t: t, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), m: m, flaky: f, w: 120, h: 35}
	d.deliver(tea.WindowSizeMsg{Width: d.w, Height: d.h})
	d.pending = append(d.pending, m.Init())
	return d
}

// keyNames are every key the app binds, and some it does not.
var keyNames = []string{"up", "down", "pgup", "pgdown", "home", "end", "enter", "esc", "tab", "shift+tab", "left", "right",
	"backspace", "space", "j", "k", "g", "G", "h", "l", "n", "d", "e", "s", "r", "y", "c", "/", "?", "1", "2", "3", "4", "5",
	"R", "a", "u", "x", "q", "ctrl+z", "ctrl+c", "P"}

// step does one random thing.
func (d *driver) step() {
	d.steps++
	switch r := d.rng.IntN(100); {
	case r < 60:
		k := keyNames[d.rng.IntN(len(keyNames))]
		if (k == "q" || k == "ctrl+c") && d.rng.IntN(20) != 0 {
			k = "j" // quitting ends a run: rarely
		}
		d.keys++
		onLine := d.onSearchLine()
		d.deliver(keyMsg(k))
		if onLine && len(k) == 1 && d.m.active != core.TabSearch {
			d.t.Fatalf("step %d: %q typed on Search's search line switched to tab %d", d.steps, k, d.m.active)
		}
	case r < 66:
		d.keys++
		tail := string("jk/"[d.rng.IntN(3)])
		d.deliver(burst(strings.Repeat(string(rune('a'+d.rng.IntN(26))), 1+d.rng.IntN(6)) + tail))
	case r < 68:
		d.keys++
		d.deliver(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("pasted esc q " + strconv.Itoa(d.steps)), Paste: true})
	case r < 70:
		sizes := [][2]int{{1, 1}, {30, 8}, {40, 10}, {60, 15}, {80, 24}, {120, 35}, {200, 50}, {400, 120}}
		s := sizes[d.rng.IntN(len(sizes))]
		d.w, d.h = s[0], s[1]
		d.deliver(tea.WindowSizeMsg{Width: d.w, Height: d.h})
	case r < 73:
		d.flaky.mode.Store(int32(d.rng.IntN(int(numFaults))))
	case r < 75:
		d.deliver(minuteTick(testNow))
	default:
		d.answer()
	}
}

// onSearchLine: the Search tab's search line has the keyboard (typed
// characters are its text, never keys), no question or help over it.
func (d *driver) onSearchLine() bool {
	s, ok := d.m.tabs[d.m.active].(interface{ TabKeysWork() bool })
	return ok && d.m.active == core.TabSearch && s.TabKeysWork() && d.m.overlay == nil && !d.m.showHelp && !d.m.quitAsked
}

// answer runs one pending command, picked at random: answers come late
// and out of order.
func (d *driver) answer() {
	if len(d.pending) == 0 {
		return
	}
	i := d.rng.IntN(len(d.pending))
	cmd := d.pending[i]
	d.pending = append(d.pending[:i], d.pending[i+1:]...)
	if cmd == nil {
		return
	}
	msg := cmd()
	if batch, ok := msg.(tea.BatchMsg); ok {
		d.pending = append(d.pending, batch...)
		return
	}
	if msg != nil {
		d.deliver(msg)
	}
}

func (d *driver) deliver(msg tea.Msg) {
	switch msg.(type) {
	case tea.QuitMsg:
		// A quit ends a real run; here the next message goes on, as a new start would.
		return
	case tea.SuspendMsg:
		return
	}
	_, cmd := d.m.Update(msg)
	if cmd != nil {
		d.pending = append(d.pending, cmd)
	}
	if len(d.pending) > 200 { // keep the backlog bounded, oldest first
		d.pending = d.pending[len(d.pending)-200:]
	}
	v := d.m.View()
	lines := strings.Split(v, "\n")
	if len(lines) > max(d.h, 1) {
		d.t.Fatalf("step %d: %d lines in a %dx%d window", d.steps, len(lines), d.w, d.h)
	}
	for _, l := range lines {
		if ansi.StringWidth(l) > d.w {
			d.t.Fatalf("step %d: a line %d wide in a %dx%d window: %q", d.steps, ansi.StringWidth(l), d.w, d.h, l)
		}
	}
}

// run plays steps until n keys were pressed; a panic is reported with the
// seed that reproduces it.
func (d *driver) run(n int, seed uint64) {
	defer func() {
		if r := recover(); r != nil {
			d.t.Fatalf("panic at step %d (seed %d, rerun with UNLEASH_TOKENS_SEED=%d): %v\n%s", d.steps, seed, seed, r, debug.Stack())
		}
	}()
	for d.keys < n {
		d.step()
	}
}

// TestRandomKeys presses 100,000 random keys (4 runs of 25,000 from
// different seeds, among window sizes, server faults and answers that come
// late and out of order): no panic, every view fits. UNLEASH_TOKENS_SEED
// replays one run.
func TestRandomKeys(t *testing.T) {
	seeds := []uint64{uint64(time.Now().UnixNano()), 1, 2, 3}
	if s := os.Getenv("UNLEASH_TOKENS_SEED"); s != "" {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		seeds = []uint64{v}
	}
	const perRun = 25_000
	for _, seed := range seeds {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			t.Parallel()
			t.Logf("seed %d (UNLEASH_TOKENS_SEED=%d replays it)", seed, seed)
			d := newDriver(t, seed)
			d.run(perRun, seed)
			t.Logf("%d keys in %d steps", d.keys, d.steps)
		})
	}
}

// FuzzKeys: any sequence of inputs (one byte chooses each) leaves the app
// alive with a view that fits.
func FuzzKeys(f *testing.F) {
	f.Add([]byte("n\x03abc\x00"))
	f.Add(bytes.Repeat([]byte{7, 200, 13, 99}, 20))
	f.Add([]byte{3, 4, 60, 60, 60, 0, 1, 2, 80, 81})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 400 {
			data = data[:400]
		}
		seed := uint64(len(data))
		for _, b := range data {
			seed = seed*31 + uint64(b)
		}
		d := newDriver(t, seed)
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("panic on %q: %v", data, r)
			}
		}()
		for _, b := range data {
			d.rng = rand.New(rand.NewPCG(uint64(b), uint64(d.steps)))
			d.step()
		}
	})
}
