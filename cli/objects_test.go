package cli

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/inmem"
)

// Every list's JSON parses, with the audit's field names (one home: the
// audit's token objects); its CSV has the audit's header.
func TestListsAsJSONAndCSV(t *testing.T) {
	noConfig(t)
	fixClock(t)
	var auditReport struct {
		Tokens []map[string]any `json:"tokens"`
	}
	r := runCommand("audit", "--demo", "--all", "--format", "json")
	if err := json.Unmarshal([]byte(r.stdout), &auditReport); err != nil || len(auditReport.Tokens) == 0 {
		t.Fatalf("audit JSON: %v\n%s", err, r.stdout)
	}
	auditFields := map[string]bool{}
	for _, tok := range auditReport.Tokens {
		for k := range tok {
			auditFields[k] = true
		}
	}
	for _, list := range []struct {
		noun, kind string
	}{{"pat", "pat"}, {"api-token", "api_token"}, {"sa-token", "service_account_token"}} {
		t.Run(list.noun, func(t *testing.T) {
			r := runCommand(list.noun, "list", "--demo", "--format", "json")
			r.expect(t, exitOK)
			var rows []map[string]any
			if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil || len(rows) == 0 {
				t.Fatalf("%v\n%s", err, r.stdout)
			}
			for _, row := range rows {
				checkListRow(t, row, list.kind, auditFields)
			}
			r = runCommand(list.noun, "list", "--demo", "--format", "csv")
			records, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
			if err != nil || !reflect.DeepEqual(records[0], audit.CSVHeader()) || len(records) != len(rows)+1 {
				t.Fatalf("%v: CSV\n%s", err, r.stdout)
			}
			table := runCommand(list.noun, "list", "--demo").stdout
			if !strings.HasPrefix(table, "KIND ") || !strings.Contains(table, " ID ") {
				t.Fatalf("table:\n%s", table)
			}
		})
	}
	r = runCommand("project", "list", "--demo", "--format", "json")
	var projects []struct{ ID, Name string }
	if err := json.Unmarshal([]byte(r.stdout), &projects); err != nil || !slices.ContainsFunc(projects, func(p struct{ ID, Name string }) bool { return p.ID == "payments" }) {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	for _, args := range [][]string{{"pat", "list", "--format", "yaml"}, {"api-token", "list", "--format", "xml"}, {"project", "list", "--format", "openmetrics"}} {
		runCommand(append(args, "--demo")...).expect(t, exitUsage, `unleash-tokens: --format "`+args[3]+`": use table, json or csv`)
	}
}

// checkListRow checks a list's JSON token: the audit's fields, of the
// list's kind.
func checkListRow(t *testing.T, row map[string]any, kind string, auditFields map[string]bool) {
	t.Helper()
	for _, f := range []string{"kind", "id", "name", "where", "created_at", "expires_at", "seen_at", "categories", "risks"} {
		if _, ok := row[f]; !ok {
			t.Fatalf("no %q in %v", f, row)
		}
	}
	for k := range row {
		if !auditFields[k] && k != "owner" && k != "type" && k != "environment" && k != "projects" {
			t.Fatalf("field %q is not the audit's", k)
		}
	}
	if row["kind"] != kind {
		t.Fatalf("kind %v, want %s", row["kind"], kind)
	}
}

// API tokens from the shell: create prints only the secret, expire and
// delete name the token and confirm by re-reading.
func TestAPITokenWrites(t *testing.T) {
	_, ts := inmem.NewTestServer()
	t.Cleanup(ts.Close)
	useServer(t, ts.URL, inmem.AdminPAT)
	fixClock(t)
	r := runCommand("api-token", "create", "--name", "shell-made", "--environment", "production", "--project", "payments", "--expires", "7d")
	r.expect(t, exitOK, `Created API token "shell-made" (backend, production, project payments), expires `)
	if lines := strings.Split(strings.TrimSpace(r.stdout), "\n"); len(lines) != 1 || !strings.HasPrefix(lines[0], "payments:production.") {
		t.Fatalf("stdout is not the secret alone: %q", r.stdout)
	}
	secret := strings.TrimSpace(r.stdout)
	list := runCommand("api-token", "list", "--format", "json")
	if !strings.Contains(list.stdout, `"name": "shell-made"`) || strings.Contains(list.stdout, secret) {
		t.Fatalf("list:\n%s", list.stdout)
	}
	runCommand("api-token", "expire", "shell-made", "--at", "24h").expect(t, exitOK, `API token "shell-made" (backend, production, project payments) now expires `)
	runCommand("api-token", "delete", "shell-made").expect(t, exitOK, `Deleted API token "shell-made"`)
	// No match: the exit code is rotate's (findToRotate), the words delete's.
	if r := runCommand("api-token", "delete", "shell-made"); r.code == exitOK || !strings.Contains(r.stderr, `no API token matches "shell-made": nothing was deleted.`) {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}

	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"api-token", "create", "--environment", "production"}, exitUsage, "a name is required, e.g. --name checkout-web"},
		{[]string{"api-token", "create", "--name", "x"}, exitUsage, "an environment is required, e.g. --environment production"},
		{[]string{"api-token", "create", "--name", "x", "--environment", "production", "--type", "admin"}, exitUsage, `--type "admin": use backend or frontend`},
		{[]string{"api-token", "expire", "x"}, exitUsage, "say when with --at"},
		{[]string{"api-token", "delete"}, exitUsage, "api-token delete takes one token: its name or selector"},
		{[]string{"api-token", "delete", secret}, exitUsage, "that looks like a token's secret"},
		{[]string{"api-token", "lsit"}, exitUsage, `unknown command "api-token lsit": did you mean api-token list?`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			r := runCommand(tt.args...)
			r.expect(t, tt.code, tt.want)
			if strings.Contains(r.stderr, secret) {
				t.Fatal("the secret is repeated")
			}
		})
	}
}

// sa-token list says that service accounts need Enterprise.
func TestSATokenListOpenSource(t *testing.T) {
	_, ts := inmem.NewTestServer(inmem.OpenSource())
	t.Cleanup(ts.Close)
	useServer(t, ts.URL, inmem.AdminPAT)
	r := runCommand("sa-token", "list")
	if r.code != exitError || !strings.Contains(strings.ToLower(r.stderr), "enterprise") {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
}

// rotate --demo rotates in the demo data.
func TestRotateDemo(t *testing.T) {
	noConfig(t)
	r := runCommand("rotate", "--demo", "pat", "5", "--retire", "delete")
	r.expect(t, exitOK, "The new secret is on standard output")
	if !strings.HasPrefix(r.stdout, "user:") {
		t.Fatalf("stdout %q", r.stdout)
	}
}

// In an 80- and a 100-column terminal the tables fit, never wrapped: the
// audit's and the lists'. A column of ids or dates is never cut: a list
// leaves out its least useful column (KIND, STATUS, CREATED …) first.
func TestTablesFitTheTerminalInTmux(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	tests := []struct {
		args  string
		width int
		whole []string // headings of the columns no cell of which is cut
		gone  []string // headings left out at this width
	}{
		{"audit --demo --all", 80, []string{"ID", "EXPIRES"}, []string{"KIND", "LAST SEEN"}},
		{"audit --demo --all", 120, []string{"KIND", "ID", "EXPIRES", "LAST SEEN"}, nil},
		{"api-token list --demo", 80, []string{"ID", "EXPIRES", "LAST SEEN"}, []string{"KIND", "STATUS"}},
		{"api-token list --demo", 100, []string{"ID", "EXPIRES", "LAST SEEN"}, []string{"KIND"}},
		{"api-token list --demo", 120, []string{"KIND", "ID", "EXPIRES", "LAST SEEN"}, nil},
		{"sa-token list --demo", 80, []string{"ID", "EXPIRES", "LAST SEEN"}, []string{"KIND"}},
		{"pat list --demo", 80, []string{"KIND", "ID", "EXPIRES", "LAST SEEN", "STATUS"}, nil},
		{"project list --demo", 50, []string{"ID"}, []string{"CREATED"}},
		{"project list --demo", 60, []string{"ID", "CREATED"}, nil},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s at %d", tt.args, tt.width), func(t *testing.T) {
			tm := startTmux(t, bin+" "+tt.args+"; echo END; sleep 30", tt.width, 60, "UNLEASH_TOKENS_CONFIG=/nonexistent", "UNLEASH_URL=", "UNLEASH_API_TOKEN=")
			tm.waitFor("END")
			joined, _ := exec.Command("tmux", "-L", tm.socket, "capture-pane", "-p", "-J", "-t", "ui").Output()
			lines := strings.Split(string(joined), "\n")
			head := slices.IndexFunc(lines, func(l string) bool {
				return strings.HasPrefix(l, "STATUS  ") || strings.HasPrefix(l, "KIND  ") || strings.HasPrefix(l, "ID  ")
			})
			if head < 0 {
				t.Fatalf("no table:\n%s", joined)
			}
			cols := headings(lines[head])
			for _, h := range []string{"ID", "NAME"} {
				if _, ok := cols[h]; !ok {
					t.Fatalf("no %s column at %d columns:\n%s", h, tt.width, joined)
				}
			}
			for _, h := range tt.gone {
				if _, ok := cols[h]; ok {
					t.Fatalf("%s still shown at %d columns:\n%s", h, tt.width, joined)
				}
			}
			rows := 0
			for _, line := range lines[head:] {
				if line == "END" {
					break
				}
				rows++
				if w := ansi.StringWidth(line); w > tt.width {
					t.Fatalf("a row of %d columns wrapped: %q", w, line)
				}
				for _, h := range tt.whole {
					span, ok := cols[h]
					if !ok {
						t.Fatalf("no %s column:\n%s", h, joined)
					}
					if cell := cellAt(line, span); strings.Contains(cell, "…") {
						t.Fatalf("%s cut to %q: %q", h, cell, line)
					}
				}
			}
			if rows < 4 {
				t.Fatalf("only %d rows:\n%s", rows, joined)
			}
		})
	}
}

// headings are a table's column headings and the cells each spans: from
// its first cell to the next heading's.
func headings(line string) map[string][2]int {
	out := map[string][2]int{}
	cells := []rune(line)
	var starts []int
	var names []string
	for i := 0; i < len(cells); {
		if cells[i] == ' ' {
			i++
			continue
		}
		j := i
		for j < len(cells) && !(cells[j] == ' ' && (j+1 >= len(cells) || cells[j+1] == ' ')) {
			j++
		}
		starts, names = append(starts, i), append(names, string(cells[i:j]))
		i = j
	}
	for k, n := range names {
		end := 1 << 20
		if k+1 < len(starts) {
			end = starts[k+1]
		}
		out[n] = [2]int{starts[k], end}
	}
	return out
}

// cellAt is the text of a row in a column's span.
func cellAt(line string, span [2]int) string {
	r := []rune(line)
	return string(r[min(span[0], len(r)):min(span[1], len(r))])
}

// TestListsNameTheirInstance: a list's JSON names the instance each token
// is of as the audit's JSON does (and --all-profiles, and the metrics): the
// profile's name, given or the config file's only one, or the URL without a
// profile; never "".
func TestListsNameTheirInstance(t *testing.T) {
	srv := fixClock(t)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	tests := []struct {
		name  string
		setup func(t *testing.T)
		args  []string
		want  string
	}{
		{"--profile", func(t *testing.T) {
			profilesConfig(t, map[string]any{"prod": map[string]any{"url": ts.URL, "token": inmem.AdminPAT}, "other": map[string]any{"url": ts.URL, "token": "x"}})
		}, []string{"--profile", "prod"}, "prod"},
		{"the default profile", func(t *testing.T) {
			path := profilesConfig(t, nil)
			data := fmt.Sprintf(`{"default_profile": "staging", "profiles": {"staging": {"url": %q, "token": %q}}}`, ts.URL, inmem.AdminPAT)
			if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
				t.Fatal(err)
			}
		}, nil, "staging"},
		{"no profile", func(t *testing.T) {
			noConfig(t)
			t.Setenv("UNLEASH_TOKENS_CONFIG", "")
			t.Setenv("UNLEASH_URL", ts.URL)
			t.Setenv("UNLEASH_API_TOKEN", inmem.AdminPAT)
		}, nil, ts.URL},
		{"--demo", noConfig, []string{"--demo"}, demoURL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.setup(t)
			var report struct{ Instance string }
			a := runCommand(append([]string{"audit", "--format", "json"}, tt.args...)...)
			if err := json.Unmarshal([]byte(a.stdout), &report); err != nil {
				t.Fatalf("%v: %s", err, a.stderr)
			}
			if report.Instance != tt.want {
				t.Fatalf("the audit's instance %q, want %q", report.Instance, tt.want)
			}
			for _, noun := range []string{"pat", "api-token", "sa-token"} {
				r := runCommand(append([]string{noun, "list", "--format", "json"}, tt.args...)...)
				r.expect(t, exitOK)
				var rows []struct{ Instance *string }
				if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil || len(rows) == 0 {
					t.Fatalf("%s list: %v\n%s", noun, err, r.stdout)
				}
				for _, row := range rows {
					if row.Instance == nil || *row.Instance != tt.want {
						t.Fatalf("%s list: instance %v, want %q as the audit's", noun, row.Instance, tt.want)
					}
				}
			}
		})
	}
}
