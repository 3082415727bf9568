package cli

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/unleash-tokens/unleash-tokens/config"
	"github.com/unleash-tokens/unleash-tokens/inmem"
)

// noKeyring is a machine without an OS keyring.
type noKeyring struct{}

func (noKeyring) Get(string, string) (string, error) { return "", config.ErrNoKeyring }
func (noKeyring) Set(string, string, string) error   { return config.ErrNoKeyring }
func (noKeyring) Delete(string, string) error        { return config.ErrNoKeyring }

// withStdin runs a test with s as standard input.
func withStdin(t *testing.T, s string) {
	t.Helper()
	saved := stdin
	stdin = strings.NewReader(s)
	t.Cleanup(func() { stdin = saved })
}

// loginRoundTrip logs in to a test server, uses the profile, logs out, and
// returns the profile login wrote.
func loginRoundTrip(t *testing.T) config.Profile {
	t.Helper()
	_, ts := inmem.NewTestServer()
	t.Cleanup(ts.Close)
	cfg := filepath.Join(t.TempDir(), "unleash-tokens", "config.json")
	t.Setenv("UNLEASH_TOKENS_CONFIG", cfg)
	t.Setenv("UNLEASH_URL", "")
	t.Setenv("UNLEASH_API_TOKEN", "")

	withStdin(t, inmem.AdminPAT+"\n")
	r := runCommand("login", "--url", ts.URL, "--profile", "prod", "--with-token")
	r.expect(t, exitOK, "Signed in to "+ts.URL+", Unleash ", " as ", `Saved profile "prod", the default, in `+cfg)
	if strings.Contains(r.stdout+r.stderr, inmem.AdminPAT) {
		t.Fatal("login repeated the token")
	}
	data, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), inmem.AdminPAT) {
		t.Fatalf("the config file holds the token:\n%s", data)
	}
	if fi, _ := os.Stat(cfg); fi.Mode().Perm() != 0o600 {
		t.Fatalf("config file mode %v", fi.Mode())
	}
	var file config.File
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	p := file.Profiles["prod"]
	if file.DefaultProfile != "prod" || p.URL != ts.URL {
		t.Fatalf("config: %s", data)
	}

	// The profile works, as the default.
	runCommand("pat", "list").expect(t, exitOK)

	r = runCommand("logout")
	r.expect(t, exitOK, `Removed profile "prod" from `+cfg)
	data, _ = os.ReadFile(cfg)
	if strings.Contains(string(data), `"prod"`) {
		t.Fatalf("logout left the profile:\n%s", data)
	}
	runCommand("logout", "--profile", "prod").expect(t, exitUsage, `profile "prod" is not in `)
	return p
}

// Without an OS keyring, login keeps the token in a file readable by its
// owner alone, names it, and logout removes it.
func TestLoginFileFallback(t *testing.T) {
	saved := config.Keyring
	config.Keyring = noKeyring{}
	t.Cleanup(func() { config.Keyring = saved })
	p := loginRoundTrip(t)
	if p.TokenKeyring != "" || p.TokenFile == "" || filepath.Base(p.TokenFile) != "prod.token" {
		t.Fatalf("profile %+v", p)
	}
	if _, err := os.Stat(p.TokenFile); !os.IsNotExist(err) {
		t.Fatalf("logout left %s (%v)", p.TokenFile, err)
	}
}

// With a Secret Service (CI runs this under dbus-run-session with an
// unlocked gnome-keyring), the token goes to the OS keyring and back.
func TestLoginKeyring(t *testing.T) {
	ctx := context.Background()
	if err := config.KeyringSet(ctx, "unleash-tokens-probe", "probe"); err != nil {
		if os.Getenv("UNLEASH_TOKENS_REQUIRE_KEYRING") == "1" {
			t.Fatalf("no OS keyring: %v", err)
		}
		t.Skipf("no OS keyring: %v", err)
	}
	_ = config.KeyringDelete(ctx, "unleash-tokens-probe")
	p := loginRoundTrip(t)
	if p.TokenKeyring != "prod" || p.TokenFile != "" {
		t.Fatalf("profile %+v", p)
	}
	if _, err := config.KeyringGet(ctx, "prod"); !config.IsKeyringNotFound(err) {
		t.Fatalf("logout left the token in the keyring (%v)", err)
	}
}

func TestLoginMistakes(t *testing.T) {
	_, ts := inmem.NewTestServer()
	t.Cleanup(ts.Close)
	saved := config.Keyring
	config.Keyring = noKeyring{}
	t.Cleanup(func() { config.Keyring = saved })
	tests := []struct {
		name  string
		stdin string
		args  []string
		code  int
		want  string
	}{
		{"no terminal, no --with-token", inmem.AdminPAT, []string{"login", "--url", ts.URL}, exitUsage, "give the token on it with --with-token"},
		{"no terminal, no URL", "", []string{"login"}, exitUsage, "give the server with --url"},
		{"an empty token", "\n", []string{"login", "--url", ts.URL, "--with-token"}, exitUsage, "no token given: nothing was saved"},
		{"a wrong token", "user:wrong\n", []string{"login", "--url", ts.URL, "--with-token"}, exitError, "Check the token"},
		{"the URL on stdin", ts.URL + "\n" + inmem.AdminPAT + "\n", []string{"login", "--with-token"}, exitOK, `Saved profile "127.0.0.1"`},
		{"--demo", "", []string{"login", "--demo"}, exitOK, "With --demo nothing is stored"},
		{"--demo: one pair of parentheses", "", []string{"login", "--demo"}, exitOK, "Signed in to demo (in-memory Unleash), Unleash 8.2.0 Enterprise, as "},
		{"over another profile", inmem.AdminPAT + "\n", []string{"login", "--url", ts.URL, "--with-token", "--profile", "other"}, exitOK,
			`It replaces profile "other", which took its token from $X.`},
		{"logout of a profile login did not make", "", []string{"logout", "--profile", "other"}, exitUsage, `profile "other" was not made by login (its token comes from $X)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := filepath.Join(t.TempDir(), "config.json")
			if err := os.WriteFile(cfg, []byte(`{"profiles": {"other": {"url": "`+ts.URL+`", "token_env": "X"}}}`), 0o600); err != nil {
				t.Fatal(err)
			}
			t.Setenv("UNLEASH_TOKENS_CONFIG", cfg)
			withStdin(t, tt.stdin)
			r := runCommand(tt.args...)
			r.expect(t, tt.code, tt.want)
			data, _ := os.ReadFile(cfg)
			if tt.code != exitOK && !strings.Contains(string(data), `"other"`) {
				t.Fatalf("the config file changed:\n%s", data)
			}
			if strings.Contains(r.stderr, "wrong") {
				t.Fatal("the token is repeated")
			}
		})
	}
}

// login on a terminal asks the URL and reads the token without echo; the
// profile it saves works.
func TestLoginInTmux(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	_, ts := inmem.NewTestServer()
	t.Cleanup(ts.Close)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.json")
	tm := startTmux(t, bin+" login --profile typed --no-keyring; sleep 30", 120, 20,
		"UNLEASH_TOKENS_CONFIG="+cfg, "UNLEASH_URL=", "UNLEASH_API_TOKEN=", "DBUS_SESSION_BUS_ADDRESS=", "XDG_RUNTIME_DIR="+dir, "HOME="+dir)
	tm.waitFor("Unleash URL (with any path prefix")
	tm.send(ts.URL, "Enter")
	tm.waitFor("Token (a personal access token")
	tm.send(inmem.AdminPAT, "Enter")
	screen := tm.waitFor("Signed in to "+ts.URL, `Saved profile "typed", the default, in `+cfg, "readable by you alone (mode 0600)")
	if strings.Contains(screen, inmem.AdminPAT[5:]) {
		t.Fatalf("the token was echoed:\n%s", screen)
	}
	data, _ := os.ReadFile(cfg)
	if strings.Contains(string(data), inmem.AdminPAT) || !strings.Contains(string(data), `"token_file"`) {
		t.Fatalf("config:\n%s", data)
	}
}

// logout with no config file says so (it said the absent file "has no
// default_profile") and changes nothing.
func TestLogoutWithoutConfigFile(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "config.json")
	t.Setenv("UNLEASH_TOKENS_CONFIG", cfg)
	r := runCommand("logout")
	r.expect(t, exitUsage, "unleash-tokens: no config file at "+cfg+": nothing to log out of (unleash-tokens login makes one)")
	if _, err := os.Stat(cfg); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("logout made %s", cfg)
	}
}
