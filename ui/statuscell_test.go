package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/inmem"
)

// statusCells are the Status column's cells of the table in a view, and
// the whole row of each.
func statusCells(t *testing.T, v string) (cells, rows []string) {
	t.Helper()
	lines := strings.Split(v, "\n")
	for i, l := range lines {
		at := strings.Index(l, "Status")
		if at < 0 || !strings.HasPrefix(l, "  ") || !strings.Contains(l, "Expires") {
			continue
		}
		col := len([]rune(l[:at]))
		for _, row := range lines[i+1:] {
			r := []rune(row)
			if strings.TrimSpace(row) == "" || len(r) <= col {
				break
			}
			cells, rows = append(cells, strings.TrimSpace(string(r[col:]))), append(rows, row)
		}
		return cells, rows
	}
	t.Fatalf("no table with a Status column:\n%s", v)
	return nil, nil
}

// TestStatusWordsWholeAndRisksInEveryTab: at 60 and 80 columns every
// tab's Status cells show whole words (issue 22: "expiring ≤1…",
// "expiring ≤3d, sta…"), and a token the audit found at risk says so in
// its Status cell, after its expiry words (issue 22: risks showed only in
// the Audit tab).
func TestStatusWordsWholeAndRisksInEveryTab(t *testing.T) {
	screens := []struct {
		name string
		path []string
		risk string // a row at risk on it
	}{
		{"my PATs", nil, ""},
		{"an account's tokens", []string{"2", "enter"}, ""},
		{"a project's tokens", []string{"3", "j", "enter"}, "checkout-api"},
		{"search", []string{"4", "esc"}, "edge-proxy"},
	}
	for _, size := range [][2]int{{60, 20}, {80, 24}} {
		for _, sc := range screens {
			t.Run(fmt.Sprintf("%s %dx%d", sc.name, size[0], size[1]), func(t *testing.T) {
				srv := inmem.New(inmem.WithClock(testClock), inmem.Risky())
				client, _ := api.New("https://unleash.example.com", inmem.AdminPAT, api.WithHTTPClient(srv.HTTPClient()), api.WithRetries(0))
				h := newHarnessWith(t, client, srv, func(o *Options) { o.Checks = audit.AllChecks })
				h.send(tea.WindowSizeMsg{Width: size[0], Height: 200}) // every row on screen
				h.keys(sc.path...)
				cells, rows := statusCells(t, h.view())
				found := sc.risk == ""
				for i, c := range cells {
					if strings.Contains(c, "…") {
						t.Errorf("a Status cell is cut: %q", rows[i])
					}
					saysRisk := strings.Contains(c, "at risk") || strings.HasSuffix(c, " !") || strings.Contains(c, "all projects") || strings.Contains(c, "no expiry in production")
					if sc.risk != "" && strings.Contains(rows[i], sc.risk) && saysRisk {
						found = true
					}
				}
				if !found {
					t.Errorf("no row %q whose Status says it is at risk:\n%s", sc.risk, h.view())
				}
			})
		}
	}
}

// TestProjectTokensKeepTheEnvironment: in a project's tokens every row is
// of that project, so at 60 columns the Environment column shows and the
// Projects column goes first (issue 22: it dropped Environment first);
// Search, of every project, keeps Projects longest.
func TestProjectTokensKeepTheEnvironment(t *testing.T) {
	h := newHarness(t, inmem.AdminPAT)
	h.send(tea.WindowSizeMsg{Width: 60, Height: 20})
	h.keys("3", "j", "enter")
	h.mustSee("Project Checkout · API tokens", "Environment", "production")
	h.mustNotSee("Projects ")
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.mustSee("Environment")
	h.keys("esc", "4", "esc")
	h.mustSee("All API tokens", "Projects")
}
