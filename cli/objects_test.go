package cli

import (
	"encoding/csv"
	"encoding/json"
	"os/exec"
	"reflect"
	"regexp"
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
				if row["kind"] != list.kind {
					t.Fatalf("kind %v, want %s", row["kind"], list.kind)
				}
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

// In a 100-column terminal the tables are cut to fit, never wrapped: the
// audit's and the lists'.
func TestTablesFitTheTerminalInTmux(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	for _, args := range []string{"audit --demo --all", "api-token list --demo", "pat list --demo"} {
		t.Run(args, func(t *testing.T) {
			tm := startTmux(t, bin+" "+args+"; echo END; sleep 30", 100, 60, "UNLEASH_TOKENS_CONFIG=/nonexistent", "UNLEASH_URL=", "UNLEASH_API_TOKEN=")
			tm.waitFor("END")
			joined, _ := exec.Command("tmux", "-L", tm.socket, "capture-pane", "-p", "-J", "-t", "ui").Output()
			rows := 0
			for _, line := range strings.Split(string(joined), "\n") {
				if !strings.Contains(line, "api-token  ") && !strings.Contains(line, "pat  ") && !strings.Contains(line, "sa-token  ") {
					continue
				}
				rows++
				if w := ansi.StringWidth(line); w > 100 {
					t.Fatalf("a row of %d columns wrapped: %q", w, line)
				}
				if !regexp.MustCompile(`(pat  +\d+|api-token  +sha256:[0-9a-f]{12}|sa-token  +\d+)  `).MatchString(line) {
					t.Fatalf("the ID is cut: %q", line)
				}
			}
			if rows < 3 {
				t.Fatalf("only %d rows:\n%s", rows, joined)
			}
		})
	}
}
