package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/internal/realserver"
)

// TestE2EPATCommands runs pat create, list and delete on the real Unleash:
// the secret printed works, the duplicate is refused with the server's 409.
func TestE2EPATCommands(t *testing.T) {
	creds := realserver.Get(t)
	useServer(t, creds.URL, api.Secret(creds.AdminPAT))
	desc := fmt.Sprintf("cli e2e %d", time.Now().UnixNano())

	r := runCommand("pat", "create", "--description", desc, "--expires", "7d")
	r.expect(t, exitOK, fmt.Sprintf("Created PAT %q (id ", desc), "(in 7d)")
	if !patSecretLine.MatchString(r.stdout) {
		t.Fatalf("stdout must be the secret alone, got %q", r.stdout)
	}
	secret := strings.TrimSpace(r.stdout)
	self, _ := api.New(creds.URL, api.Secret(secret))
	t.Cleanup(func() { deletePATsDescribed(creds, desc) })
	if me, err := self.Me(context.Background()); err != nil || me.Username != "admin" {
		t.Fatalf("the printed secret does not work: %+v %v", me, err)
	}

	runCommand("pat", "create", "--description", desc).expect(t, exitError,
		fmt.Sprintf("you already have a PAT described %q: choose another description", desc))

	list := runCommand("pat", "list")
	list.expect(t, exitOK)
	m := regexp.MustCompile(`(?m)^pat\s+(\d+)\s+` + regexp.QuoteMeta(desc) + `\s+my PATs\s+in 7d\s+(just now|never used)\s+(ok|never used)$`).FindStringSubmatch(list.stdout)
	if m == nil {
		t.Fatalf("pat list lacks %q:\n%s", desc, list.stdout)
	}
	if strings.Contains(list.stdout, secret) {
		t.Fatal("pat list prints a secret")
	}

	runCommand("pat", "delete", m[1]).expect(t, exitOK, fmt.Sprintf("Deleted PAT %s %q.", m[1], desc))
	if strings.Contains(runCommand("pat", "list").stdout, desc) {
		t.Fatal("the deleted PAT is still listed")
	}
	if _, err := self.Me(context.Background()); api.KindOf(err) != api.KindUnauthenticated {
		t.Fatalf("the deleted secret still works: %v", err)
	}
	runCommand("pat", "delete", m[1]).expect(t, exitError, "you have no PAT with id "+m[1]+": nothing was deleted")
}

// TestE2EPATCapCommand fills the editor's PATs to Unleash's cap of 10.
func TestE2EPATCapCommand(t *testing.T) {
	creds := realserver.Get(t)
	useServer(t, creds.URL, api.Secret(creds.EditorPAT))
	editor, _ := api.New(creds.URL, api.Secret(creds.EditorPAT))
	pats, err := editor.ListPATs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	before := map[int]bool{}
	for _, p := range pats {
		before[p.ID] = true
	}
	t.Cleanup(func() {
		now, _ := editor.ListPATs(context.Background())
		for _, p := range now {
			if !before[p.ID] {
				_ = editor.DeletePAT(context.Background(), p.ID)
			}
		}
	})
	for i := len(pats); i < 10; i++ {
		runCommand("pat", "create", "--description", fmt.Sprintf("cap %d", i+1), "--expires", "1h").expect(t, exitOK)
	}
	r := runCommand("pat", "create", "--description", "eleventh", "--expires", "1h")
	r.expect(t, exitError, "Too many PATs (10) already exist for this user. (HTTP 403 OperationDeniedError)",
		"Unleash allows 10 PATs per user: delete one first")
}

// deletePATsDescribed removes what a failed run left behind.
func deletePATsDescribed(creds realserver.Credentials, desc string) {
	admin, _ := api.New(creds.URL, api.Secret(creds.AdminPAT))
	pats, _ := admin.ListPATs(context.Background())
	for _, p := range pats {
		if p.Description == desc {
			_ = admin.DeletePAT(context.Background(), p.ID)
		}
	}
}

// TestE2EAudit creates API tokens that are expired, expiring and never used
// on the real Unleash, then audits: the JSON says what each one is, and the
// exit code says there are findings.
func TestE2EAudit(t *testing.T) {
	creds := realserver.Get(t)
	ctx := context.Background()
	admin, _ := api.New(creds.URL, api.Secret(creds.AdminAPIToken))
	n := time.Now().UnixNano() % 1e9
	at := func(d time.Duration) *time.Time { t := time.Now().Add(d).UTC().Truncate(time.Millisecond); return &t }
	made := map[string][]string{
		fmt.Sprintf("audit-expired-%d", n):  {"expired", "never_used"},
		fmt.Sprintf("audit-expiring-%d", n): {"expiring_soon", "expiring", "never_used"},
		fmt.Sprintf("audit-unused-%d", n):   {"never_used", "never_expires"},
	}
	// A token is expiring only once it is past half its lifetime (the rule
	// Unleash uses for its own warnings), and the server sets createdAt: so
	// the expiring token lives 40 s and the audit runs after 21 s of them.
	const life = 40 * time.Second
	expiry := map[string]*time.Time{
		fmt.Sprintf("audit-expired-%d", n):  at(-49 * time.Hour),
		fmt.Sprintf("audit-expiring-%d", n): at(life),
		fmt.Sprintf("audit-unused-%d", n):   nil,
	}
	start := time.Now()
	for name := range made {
		tok, err := admin.CreateAPIToken(ctx, api.CreateAPIToken{Name: name, Type: api.TypeBackend, Environment: "development", ExpiresAt: expiry[name]})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = admin.DeleteAPIToken(context.Background(), tok.Ref()) })
	}
	time.Sleep(time.Until(start.Add(life/2 + time.Second)))

	useServer(t, creds.URL, api.Secret(creds.AdminPAT))
	r := runCommand("audit", "--format", "json", "--all")
	r.expect(t, exitFindings)
	var out struct {
		Summary map[string]int `json:"summary"`
		Sources []struct {
			Source, Error, Skipped string
		} `json:"sources"`
		Tokens []struct {
			Kind       string     `json:"kind"`
			Name       string     `json:"name"`
			Where      string     `json:"where"`
			ExpiresAt  *time.Time `json:"expires_at"`
			Categories []string   `json:"categories"`
			Finding    bool       `json:"finding"`
		} `json:"tokens"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	for _, s := range out.Sources {
		if s.Error != "" {
			t.Errorf("source %s failed: %s", s.Source, s.Error)
		}
		if s.Source == "service accounts" && s.Skipped != "service accounts need Unleash Enterprise" {
			t.Errorf("service accounts on open source: %+v", s)
		}
	}
	found := 0
	for _, tok := range out.Tokens {
		want, ok := made[tok.Name]
		if !ok {
			continue
		}
		found++
		if strings.Join(tok.Categories, ",") != strings.Join(want, ",") || tok.Kind != "api_token" || tok.Where != "all projects" {
			t.Errorf("%s: %+v, want categories %v", tok.Name, tok, want)
		}
		if (expiry[tok.Name] == nil) != (tok.ExpiresAt == nil) || tok.ExpiresAt != nil && !tok.ExpiresAt.Equal(*expiry[tok.Name]) {
			t.Errorf("%s expires_at %v, want %v", tok.Name, tok.ExpiresAt, expiry[tok.Name])
		}
	}
	if found != len(made) || out.Summary["expired"] < 1 || out.Summary["expiring_soon"] < 1 {
		t.Fatalf("found %d of %d; summary %v", found, len(made), out.Summary)
	}
	for _, secret := range []string{creds.AdminAPIToken, creds.ClientToken, creds.AdminPAT} {
		if strings.Contains(r.stdout, secret) || strings.Contains(r.stdout, secret[len(secret)-12:]) {
			t.Fatal("the audit printed a secret")
		}
	}

	// The viewer may not read API tokens: the audit says so and exits 2.
	useServer(t, creds.URL, api.Secret(creds.ViewerPAT))
	v := runCommand("audit")
	v.expect(t, exitAuditFailed, "the audit is incomplete", "API tokens: list API tokens:")
	if !strings.Contains(v.stdout, "Audit of "+creds.URL) {
		t.Fatalf("what could be read is still reported:\n%s", v.stdout)
	}
}
