package ui

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/inmem"
)

// vocabulary is, for each thing with several names once, the one allowed:
// any text matching a pattern is the thing named otherwise (issue 22).
var vocabulary = []struct {
	thing, allowed string
	not            *regexp.Regexp
}{
	{"a token no request used", "never used", regexp.MustCompile(`\bunused\b`)},
	{"a service account's token", "service-account token", regexp.MustCompile(`\bSA token|\bsa token|(^|· )token "[^"]*" · of service account|service account token`)},
	{"the admin token's environment", "all environments", regexp.MustCompile(`environment (\*|all)\b|, \*, |\ball envs\b`)},
	{"a lifetime", "680d 4h (days and hours)", regexp.MustCompile(`\d+\.\dd\b`)},
	{"parentheses", "one pair at a time", regexp.MustCompile(`\(\(|\)\)|\([^()]*\([^()]*\)[^()]*\)`)},
}

// TestVocabulary draws every screen of the matrix at 120×35 and after the
// keys that say something, and holds each thing to its one name.
func TestVocabulary(t *testing.T) {
	for _, sc := range matrixScreens() {
		for _, k := range []string{"", "e", "c", "n", "d", "R", "enter"} {
			t.Run(fmt.Sprintf("%s-%q", sc.name, k), func(t *testing.T) {
				srv := inmem.New(append([]inmem.Option{inmem.WithClock(testClock)}, sc.server...)...)
				client, err := api.New("https://unleash.example.com", api.Secret(sc.token), api.WithHTTPClient(srv.HTTPClient()), api.WithRetries(0))
				if err != nil {
					t.Fatal(err)
				}
				h := newHarnessWith(t, client, srv, sc.opts...)
				if sc.prepare != nil {
					admin, _ := api.New("https://unleash.example.com", inmem.AdminPAT, api.WithHTTPClient(srv.HTTPClient()))
					sc.prepare(t, admin)
				}
				h.keys(sc.path...)
				h.send(tea.WindowSizeMsg{Width: 200, Height: 50})
				if k != "" && !h.m.tabs[h.m.active].Capturing() && h.m.overlay == nil && !h.m.showHelp {
					h.keys(k)
				}
				v := flat(sentences(h.view()))
				for _, w := range vocabulary {
					if m := w.not.FindString(v); m != "" {
						t.Errorf("%s is %q here, not %q:\n%s", w.thing, m, w.allowed, h.view())
					}
				}
			})
		}
	}
}

// sentences are a view's lines less the table rows (two spaces or "> " or
// " *" first, and a run of two spaces between cells): a table cell may
// abbreviate ("SA token" in the Audit tab's narrow Kind column).
func sentences(v string) string {
	var out []string
	for _, l := range strings.Split(v, "\n") {
		row := (strings.HasPrefix(l, "  ") || strings.HasPrefix(l, "> ") || strings.HasPrefix(l, " *")) && strings.Contains(strings.TrimSpace(l), "  ")
		if !row {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
