package audit

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/inmem"
)

// JSON gives the server's exact name (a script can match it; JSON escapes
// the control characters), the table and CSV the cleaned one; no name, exact
// or cleaned, carries a run of a secret the lists gave, whether in plain
// sight or inside an escape sequence that cleaning drops.
func TestNamesExactInJSONWithoutSecrets(t *testing.T) {
	srv := inmem.New(inmem.WithClock(clock), inmem.Empty())
	c := client(t, srv, inmem.AdminPAT)
	ctx := context.Background()
	victim, err := c.CreateAPIToken(ctx, api.CreateAPIToken{Name: "victim", Type: api.TypeBackend, Environment: "development"})
	if err != nil {
		t.Fatal(err)
	}
	secret := string(victim.Credential.Bytes())
	body := api.SecretBody(secret)
	names := map[string]struct{ json, cleaned string }{
		"tab\there \x1b[31mred\x1b[0m":                      {"tab\there \x1b[31mred\x1b[0m", "tab here red"},
		"osc \x1b]0;" + body + "\a end":                     {"osc \x1b]0;[redacted]\a end", "osc  end"},
		"plain " + strings.ToUpper(body[10:30]) + " cut":    {"plain [redacted] cut", "plain [redacted] cut"},
		"a commit deadbeefcafe0123456789abcdef0123456789ab": {"a commit deadbeefcafe0123456789abcdef0123456789ab", "a commit deadbeefcafe0123456789abcdef0123456789ab"},
	}
	for name := range names {
		if _, err := c.CreateAPIToken(ctx, api.CreateAPIToken{Name: name, Type: api.TypeFrontend, Environment: "development"}); err != nil {
			t.Fatal(err)
		}
	}
	r := Run(ctx, c, Options{Now: testNow})
	var js bytes.Buffer
	if err := WriteJSON(&js, r, Output{All: true}); err != nil {
		t.Fatal(err)
	}
	var doc struct{ Tokens []struct{ Name string } }
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	var cs bytes.Buffer
	if err := WriteCSV(&cs, r, Output{All: true}); err != nil {
		t.Fatal(err)
	}
	rows, _ := csv.NewReader(&cs).ReadAll()
	var table bytes.Buffer
	if err := WriteTable(&table, r, Output{All: true}); err != nil {
		t.Fatal(err)
	}
	jsonNames, csvNames := map[string]bool{}, map[string]bool{}
	for _, tok := range doc.Tokens {
		jsonNames[tok.Name] = true
	}
	for _, row := range rows {
		csvNames[row[2]] = true
	}
	for name, want := range names {
		if !jsonNames[want.json] {
			t.Errorf("JSON lacks %q (for %q): %v", want.json, name, jsonNames)
		}
		if !csvNames[want.cleaned] || !strings.Contains(table.String(), strings.Fields(want.cleaned)[0]) {
			t.Errorf("CSV lacks %q (for %q): %v", want.cleaned, name, csvNames)
		}
	}
	for _, out := range []string{js.String(), cs.String(), table.String()} {
		if strings.Contains(strings.ToLower(out), body[20:28]) {
			t.Fatalf("a run of a secret came out:\n%s", out)
		}
	}
}
