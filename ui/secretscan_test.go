package ui

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/unleash-tokens/unleash-tokens/ui/overlay"
)

// The secret scan: every view any test draws is recorded, with the secret
// the secret screen showed at the time, if any. When the package's tests
// have run, TestMain looks for anything shaped like a secret's body (a long
// hex run: Unleash's v1 secrets end in 56 hex digits) outside the one screen
// allowed to show it, and fails the run on a hit.
var scan struct {
	sync.Mutex
	views   []scannedView
	secrets map[string]bool // every secret the tests saw created (copied)
}

type scannedView struct {
	test, view, shown string
}

var secretBody = regexp.MustCompile(`[0-9a-f]{24,}`)

func recordView(t testing.TB, m *Model, view string) {
	shown := ""
	if s, ok := m.overlay.(*overlay.Secret); ok {
		shown = s.Shown()
	}
	scan.Lock()
	scan.views = append(scan.views, scannedView{t.Name(), view, shown})
	scan.Unlock()
	if shown != "" {
		recordSecret(shown)
	}
}

func recordSecret(secret string) {
	scan.Lock()
	if scan.secrets == nil {
		scan.secrets = map[string]bool{}
	}
	scan.secrets[secret] = true
	scan.Unlock()
}

// scanForSecrets returns the leaks found.
func scanForSecrets() []string {
	scan.Lock()
	defer scan.Unlock()
	var leaks []string
	for _, v := range scan.views {
		for _, hit := range secretBody.FindAllString(v.view, -1) {
			if v.shown != "" && strings.Contains(v.shown, hit) {
				continue // the secret screen, showing its own secret
			}
			leaks = append(leaks, fmt.Sprintf("%s: %q in a view", v.test, hit))
		}
		for s := range scan.secrets {
			if v.shown != s && strings.Contains(v.view, s) {
				leaks = append(leaks, fmt.Sprintf("%s: a created secret in a view", v.test))
			}
		}
	}
	return leaks
}

func TestMain(m *testing.M) {
	code := m.Run()
	scan.Lock()
	n := len(scan.views)
	scan.Unlock()
	if leaks := scanForSecrets(); len(leaks) > 0 {
		fmt.Fprintf(os.Stderr, "secret scan: %d leaks in %d views:\n  %s\n", len(leaks), n, strings.Join(leaks[:min(len(leaks), 20)], "\n  "))
		code = 1
	} else if testing.Verbose() {
		fmt.Fprintf(os.Stderr, "secret scan: %d views, %d created secrets, no leak\n", n, len(scan.secrets))
	}
	os.Exit(code)
}

// TestSecretScanCatchesALeak proves the scan would fail: a view with a
// secret outside the secret screen is a leak.
func TestSecretScanCatchesALeak(t *testing.T) {
	scan.Lock()
	saved := scan.views
	scan.views = []scannedView{{test: "fake", view: "name: user:" + strings.Repeat("ab", 28)}}
	scan.Unlock()
	leaks := scanForSecrets()
	scan.Lock()
	scan.views = saved
	scan.Unlock()
	if len(leaks) != 1 {
		t.Fatalf("leaks %v", leaks)
	}
}
