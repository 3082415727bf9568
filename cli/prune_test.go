package cli

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/inmem"
)

// listedNames are the names of the API tokens the server lists.
func listedNames(t *testing.T) map[string]int {
	t.Helper()
	c, _ := api.New(getenv(t, "UNLEASH_URL"), api.Secret(getenv(t, "UNLEASH_API_TOKEN")))
	list, err := c.ListAPITokens(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, tok := range list {
		out[tok.Name]++
	}
	return out
}

func getenv(t *testing.T, k string) string {
	t.Helper()
	v, ok := os.LookupEnv(k)
	if !ok {
		t.Fatalf("%s not set", k)
	}
	return v
}

func TestPruneDryRunThenDelete(t *testing.T) {
	srv := fixClock(t)
	writes := recordWrites(t, srv, inmem.AdminPAT, nil)

	r := runCommand("prune")
	r.expect(t, exitOK, "2 expired API tokens: 2 would delete. This was a dry run: run again with --yes to delete them.")
	for _, want := range []string{"Prune of http://127.0.0.1:", " · 2 expired API tokens · dry run · 2026-11-23 12:00 UTC",
		"RESULT        NAME                 TYPE     WHERE                          EXPIRED          LAST SEEN\n",
		"would delete  data-warehouse-sync  backend  all projects · production      expired 3mo ago  3mo ago\n",
		"would delete  payments-worker      backend  project payments · production  expired 3d ago   3d ago\n"} {
		if !strings.Contains(r.stdout, want) {
			t.Fatalf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	if len(writes()) != 0 {
		t.Fatalf("a dry run wrote %v", writes())
	}

	r = runCommand("prune", "--yes", "--format", "json")
	r.expect(t, exitOK, "2 expired API tokens: 2 deleted.")
	var out pruneJSON
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if out.DryRun || out.Summary["deleted"] != 2 || out.Summary["expired"] != 2 || len(out.Tokens) != 2 ||
		out.Tokens[0].Result != "deleted" || out.Tokens[0].Name != "data-warehouse-sync" || out.Tokens[0].Kind.String() != "api_token" {
		t.Fatalf("json: %+v", out)
	}
	if w := writes(); len(w) != 2 || !strings.HasPrefix(w[0], "DELETE api-tokens/") {
		t.Fatalf("writes %v", w)
	}
	names := listedNames(t)
	if names["data-warehouse-sync"] != 0 || names["payments-worker"] != 1 {
		t.Fatalf("still listed: %v", names)
	}
	runCommand("prune", "--yes").expect(t, exitOK, "No expired API tokens: nothing to delete.")
}

func TestPruneExpiredForAndFailure(t *testing.T) {
	srv := fixClock(t)
	recordWrites(t, srv, inmem.AdminPAT, nil)
	past := fixedNow.Add(-40 * 24 * time.Hour)
	c, _ := api.New(getenv(t, "UNLEASH_URL"), inmem.AdminPAT)
	tok, err := c.CreateAPIToken(context.Background(), api.CreateAPIToken{Name: "=cmd|' /C calc'!A0", Type: api.TypeFrontend, Environment: "development", ExpiresAt: &past})
	if err != nil {
		t.Fatal(err)
	}
	srv.FailWrite(http.MethodDelete, "/api/admin/api-tokens/"+tok.Ref().Reveal(), 500, 0)

	r := runCommand("prune", "--yes", "--expired-for", "30d", "--format", "csv")
	r.expect(t, exitError, "2 expired API tokens (expired 30d ago or more): 1 deleted, 1 failed.")
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(rows)
	for _, want := range []string{
		"[kind id name where type environment projects created_at expires_at seen_at result reason]",
		" '=cmd|' /C calc'!A0 all projects frontend development * 2026-11-23T12:00:00Z 2026-10-14T12:00:00Z  failed delete an API token: injected failure (HTTP 500): nothing was changed (HTTP 500 InternalError)]",
		" data-warehouse-sync all projects backend production * ",
	} {
		if !strings.Contains(got, want) {
			t.Fatalf("csv lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "payments-worker") {
		t.Fatal("a token expired 3 days ago was pruned with --expired-for 30d")
	}
}

func TestPruneErrors(t *testing.T) {
	srv := fixClock(t)
	recordWrites(t, srv, inmem.AdminPAT, nil)
	runCommand("prune", "--format", "xml").expect(t, exitUsage, `--format "xml": use table, json or csv`)
	runCommand("prune", "now").expect(t, exitUsage, `unexpected argument "now": prune takes only flags`)
	runCommand("prune", "--expired-for", "1m").expect(t, exitUsage, `--expired-for: "1m" is ambiguous`)
	useServer(t, getenv(t, "UNLEASH_URL"), "user:wrong")
	runCommand("prune", "--yes").expect(t, exitAuditFailed, "could not audit, so nothing was deleted:")
}

// An editor's token cannot delete API tokens: every delete fails with the
// server's reason, the exit code says so.
func TestPruneRefused(t *testing.T) {
	srv := fixClock(t)
	recordWrites(t, srv, inmem.EditorPAT, nil)
	r := runCommand("prune", "--yes")
	r.expect(t, exitError, "2 expired API tokens: 2 failed.")
	if !strings.Contains(r.stdout, `failed  payments-worker`) || !strings.Contains(r.stdout, `You don't have the required permissions`) {
		t.Fatalf("stdout:\n%s", r.stdout)
	}
}

func TestPruneDemo(t *testing.T) {
	fixClock(t)
	r := runCommand("prune", "--demo")
	r.expect(t, exitOK, "This was a dry run")
	if !strings.Contains(r.stdout, "Prune of demo (in-memory Unleash)") {
		t.Fatalf("stdout:\n%s", r.stdout)
	}
}
