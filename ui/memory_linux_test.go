//go:build linux

package ui

import (
	"bufio"
	"bytes"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/inmem"
	"github.com/unleash-tokens/unleash-tokens/internal/realserver"
	"github.com/unleash-tokens/unleash-tokens/ui/clipboard"
	"github.com/unleash-tokens/unleash-tokens/ui/overlay"
)

// How many copies of a new PAT's secret the app's process may hold once its
// screen has closed and the person has moved on (a few tab switches): frames
// Bubble Tea's renderer copied while the screen was open, which the garbage
// collector has freed but not yet overwritten (measured 0 to 10 in 60 runs),
// and the create answer in the two buffers net/http and crypto/tls read it
// through, until that connection reads another answer (0 to 2). Before, over
// 200, from everywhere (see the README's Safety section).
const (
	maxFrameCopiesAfterClose = 12
	maxOtherCopiesAfterClose = 2
)

// TestSecretCopiesInMemory counts the copies of a new secret left in the
// app's memory: the app runs in a child process (this test binary again)
// through the real Bubble Tea program, renderer included, over TLS to an
// in-memory Unleash in this process; it creates a PAT, shows it, copies it
// (atotto's path, to a stand-in xclip), closes it, switches tabs, and waits.
// This process then reads the child's memory through /proc.
func TestSecretCopiesInMemory(t *testing.T) {
	srv := inmem.New()
	measureSecretCopies(t, srv, inmem.AdminPAT).check(t)
}

// TestE2ESecretCopiesInMemory is the same against the real Unleash, as a
// fresh admin user (so the PAT cap is never in the way; deleted after).
func TestE2ESecretCopiesInMemory(t *testing.T) {
	creds := realserver.Get(t)
	target, err := url.Parse(creds.URL)
	if err != nil {
		t.Fatal(err)
	}
	pat := realserver.NewUser(t, creds, 1)
	measureSecretCopies(t, httputil.NewSingleHostReverseProxy(target), pat).check(t)
}

// check fails on more copies than the bounds allow.
func (c memoryCount) check(t *testing.T) {
	t.Helper()
	if others := c.counts[0] - c.framed; others > maxOtherCopiesAfterClose || c.framed > maxFrameCopiesAfterClose {
		t.Fatalf("after its screen closed, the secret is in memory %d times: %d in drawn frames (at most %d), %d elsewhere (at most %d): %s\n"+
			"(UNLEASH_TOKENS_MEMTEST_SHOW=1 shows what surrounds each)",
			c.counts[0], c.framed, maxFrameCopiesAfterClose, others, maxOtherCopiesAfterClose, c.describe())
	}
}

// measureSecretCopies runs the child against upstream (behind a TLS
// server of this process that notes the secret of every create answer)
// and counts that secret, and its last 16 characters, in the child's memory.
func measureSecretCopies(t *testing.T, upstream http.Handler, token string) memoryCount {
	t.Helper()
	if testing.Short() {
		t.Skip("starts a child process")
	}
	var mu sync.Mutex
	var secrets []string
	ts := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		upstream.ServeHTTP(rec, r)
		if r.Method == http.MethodPost {
			var answer struct {
				Secret string `json:"secret"`
			}
			if json.Unmarshal(rec.Body.Bytes(), &answer) == nil && answer.Secret != "" {
				mu.Lock()
				secrets = append(secrets, answer.Secret)
				mu.Unlock()
			}
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	}))
	defer ts.Close()

	dir := t.TempDir()
	caFile := filepath.Join(dir, "ca.pem")
	ca := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ts.Certificate().Raw})
	// A stand-in for xclip: atotto writes the secret to its stdin.
	xclip := "#!/bin/sh\ncase \"$*\" in *-in*) cat >/dev/null ;; esac\n"
	if os.WriteFile(caFile, ca, 0o600) != nil || os.WriteFile(filepath.Join(dir, "xclip"), []byte(xclip), 0o700) != nil {
		t.Fatal("cannot write the child's files")
	}

	cmd := exec.Command(os.Args[0], "-test.run=^TestSecretMemoryChild$")
	cmd.Env = append(os.Environ(), "UNLEASH_TOKENS_MEMTEST_URL="+ts.URL, "UNLEASH_TOKENS_MEMTEST_CA="+caFile,
		"UNLEASH_TOKENS_MEMTEST_TOKEN="+token, "PATH="+dir+":"+os.Getenv("PATH"), "DISPLAY=:99", "WAYLAND_DISPLAY=")
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	lines := bufio.NewScanner(stdout)
	var childSaid []string
	for lines.Scan() && lines.Text() != "ready" {
		childSaid = append(childSaid, lines.Text())
	}
	mu.Lock()
	created := append([]string(nil), secrets...)
	mu.Unlock()
	if len(created) != 1 {
		stdin.Close()
		_ = cmd.Wait()
		t.Fatalf("the child made %d secrets, not 1; it said:\n%s\n%s", len(created), strings.Join(childSaid, "\n"), stderr.String())
	}
	secret := []byte(created[0])
	show := os.Getenv("UNLEASH_TOKENS_MEMTEST_SHOW") != ""
	got, err := countInProcess(cmd.Process.Pid, show, secret, secret[len(secret)-16:])
	if err != nil {
		t.Skipf("cannot read the child's memory: %v", err)
	}
	_, _ = io.WriteString(stdin, "done\n")
	stdin.Close()
	t.Logf("secret (%d chars) in the child's memory after close: %d whole (%d in drawn frames), %d of its last 16 characters (%d MiB scanned; %s)",
		len(secret), got.counts[0], got.framed, got.counts[1], got.scanned>>20, got.describe())
	for _, c := range got.contexts {
		t.Log(c)
	}
	return got
}

// TestSecretMemoryChild is the child of measureSecretCopies: the app as the
// cli runs it, driven key by key, then idle until told to end.
func TestSecretMemoryChild(t *testing.T) {
	base := os.Getenv("UNLEASH_TOKENS_MEMTEST_URL")
	if base == "" {
		t.Skip("the child of TestSecretCopiesInMemory")
	}
	roots, err := api.LoadCAFile(os.Getenv("UNLEASH_TOKENS_MEMTEST_CA"))
	if err != nil {
		t.Fatal(err)
	}
	client, err := api.New(base, api.Secret(os.Getenv("UNLEASH_TOKENS_MEMTEST_TOKEN")), api.WithHTTPClient(api.NewHTTPClient(roots)))
	if err != nil {
		t.Fatal(err)
	}
	m := New(Options{Client: client, URL: client.BaseURL(), Now: time.Now, Copy: clipboard.System()})
	w := &watched{Model: m}
	p := tea.NewProgram(Guard(w), tea.WithInput(nil), tea.WithOutput(io.Discard), tea.WithoutSignalHandler(), tea.WithAltScreen())
	done := make(chan error, 1)
	go func() { _, err := p.Run(); done <- err }()
	p.Send(tea.WindowSizeMsg{Width: 120, Height: 35})

	idle := func(m *Model) bool { return !m.busy() && m.overlay == nil }
	w.await(t, p, idle)
	p.Send(keyMsg("n"))
	for _, r := range "memory test" {
		p.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	p.Send(keyMsg("enter"))
	w.await(t, p, func(m *Model) bool { _, ok := m.overlay.(*overlay.Secret); return ok })
	// A resize while it shows: the secret is drawn again at the new width.
	p.Send(tea.WindowSizeMsg{Width: 80, Height: 24})
	time.Sleep(100 * time.Millisecond) // frames drawn at 60 a second
	p.Send(tea.WindowSizeMsg{Width: 120, Height: 35})
	time.Sleep(100 * time.Millisecond)
	p.Send(keyMsg("c"))
	w.await(t, p, func(*Model) bool { return w.copied })
	p.Send(keyMsg("enter"))
	w.await(t, p, idle)
	for range 3 {
		for range 5 { // each tab once, back to the first: tab works from Search's search line, digits are typed there
			p.Send(keyMsg("tab"))
			w.await(t, p, idle)
		}
	}
	// The app frees memory a moment after the close (a forced GC): wait for it.
	for deadline := time.Now().Add(time.Minute); forcedGCs() == 0 && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond) // the pages given back, the last frames drawn
	fmt.Println("ready")
	_, _ = bufio.NewReader(os.Stdin).ReadString('\n')
	p.Quit()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// forcedGCs counts the garbage collections asked for (runtime.GC,
// debug.FreeOSMemory) since the process started.
func forcedGCs() uint64 {
	s := []metrics.Sample{{Name: "/gc/cycles/forced:gc-cycles"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// watched is the app with a way to wait, from outside the program, until
// its state says a step is done.
type watched struct {
	*Model
	copied bool
	cond   func(*Model) bool
	met    chan struct{}
}

// awaitMsg asks the program to report when cond holds.
type awaitMsg struct {
	cond func(*Model) bool
	met  chan struct{}
}

func (w *watched) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case awaitMsg:
		w.cond, w.met = msg.cond, msg.met
	default:
		if _, ok := msg.(overlay.CopyDone); ok {
			w.copied = true
		}
		_, cmd = w.Model.Update(msg)
	}
	if w.cond != nil && w.cond(w.Model) {
		close(w.met)
		w.cond, w.met = nil, nil
	}
	return w, cmd
}

func (w *watched) await(t *testing.T, p *tea.Program, cond func(*Model) bool) {
	t.Helper()
	met := make(chan struct{})
	p.Send(awaitMsg{cond: cond, met: met})
	select {
	case <-met:
	case <-time.After(time.Minute):
		t.Fatal("the app never reached the awaited state")
	}
}
