package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/unleash-tokens/unleash-tokens/status"
)

func envOf(m map[string]string) Env {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func write(t *testing.T, dir, name, body string, mode os.FileMode) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), mode); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestMain(m *testing.M) {
	if mode := os.Getenv(helperEnv); mode != "" {
		os.Exit(tokenHelper(mode))
	}
	DefaultPath = func() (string, error) {
		return filepath.Join(os.TempDir(), "unleash-tokens-test-absent", "config.json"), nil
	}
	os.Exit(m.Run())
}

func TestResolve(t *testing.T) {
	dir := t.TempDir()
	tokenFile := write(t, dir, "tok", "  user:fromfile \n", 0o600)
	emptyFile := write(t, dir, "empty", "\n", 0o600)
	cfg := write(t, dir, "config.json", `{
  "default_profile": "dev",
  "profiles": {
    "dev": {"url": "http://dev:4242", "token_env": "DEV_TOKEN"},
    "prod": {"url": "https://prod.example.com/ushosted", "token_file": "`+tokenFile+`"},
    "inline": {"url": "https://inline", "token": "user:inline"},
    "none": {"url": "https://none"},
    "both": {"url": "https://both", "token": "a", "token_env": "B"}
  }
}`, 0o600)
	openCfg := write(t, dir, "open.json", `{"profiles": {"inline": {"url": "https://inline", "token": "user:inline"}}}`, 0o644)
	badCfg := write(t, dir, "bad.json", "{\n  \"profiles\": {\n    \"x\": {\"url\": \"u\",}\n  }\n}", 0o600)
	unknownCfg := write(t, dir, "unknown.json", `{"profiles": {"x": {"uri": "u"}}}`, 0o600)

	tests := []struct {
		name    string
		flags   Flags
		env     map[string]string
		url     string
		token   string
		profile string
		err     string
		warning string
	}{
		{"env only", Flags{}, map[string]string{EnvURL: "http://e", EnvToken: " user:env\n"}, "http://e", "user:env", "", "", ""},
		{"flags beat env", Flags{URL: "http://flag", TokenFile: tokenFile}, map[string]string{EnvURL: "http://e", EnvToken: "user:env"}, "http://flag", "user:fromfile", "", "", ""},
		{"default profile from file", Flags{ConfigPath: cfg}, map[string]string{"DEV_TOKEN": "user:dev"}, "http://dev:4242", "user:dev", "dev", "", ""},
		{"env beats profile", Flags{ConfigPath: cfg, Profile: "prod"}, map[string]string{EnvToken: "user:env"}, "https://prod.example.com/ushosted", "user:env", "prod", "", ""},
		{"profile token file", Flags{ConfigPath: cfg, Profile: "prod"}, nil, "https://prod.example.com/ushosted", "user:fromfile", "prod", "", ""},
		{"config path from env", Flags{Profile: "inline"}, map[string]string{EnvConfigPath: cfg}, "https://inline", "user:inline", "inline", "", ""},
		{"nothing at all", Flags{}, nil, "", "", "", "no Unleash URL and no token given.\nNo config file at ", ""},
		{"no url", Flags{}, map[string]string{EnvToken: "user:x"}, "", "", "", "no Unleash URL given (the token came from UNLEASH_API_TOKEN)", ""},
		{"no token", Flags{URL: "http://x"}, nil, "", "", "", "no Unleash token given for http://x.\nNo config file at ", ""},
		{"unknown profile", Flags{ConfigPath: cfg, Profile: "stage"}, nil, "", "", "", `profile "stage" is not in ` + cfg + `; it has: both, dev, inline, none, prod`, ""},
		{"profile without token", Flags{ConfigPath: cfg, Profile: "none"}, nil, "", "", "", `profile "none" has no token: set one of token, token_file, token_env, token_command or token_keyring (unleash-tokens login does)`, ""},
		{"profile with two tokens", Flags{ConfigPath: cfg, Profile: "both"}, nil, "", "", "", `profile "both" sets more than one`, ""},
		{"token env unset", Flags{ConfigPath: cfg}, nil, "", "", "", `profile "dev" reads its token from $DEV_TOKEN, which is empty or not set`, ""},
		{"empty token file", Flags{URL: "http://x", TokenFile: emptyFile}, nil, "", "", "", "--token-file: " + emptyFile + " is empty; put the token on its first line", ""},
		{"missing token file", Flags{URL: "http://x", TokenFile: filepath.Join(dir, "nope")}, nil, "", "", "", "does not exist", ""},
		{"invalid JSON", Flags{ConfigPath: badCfg, Profile: "x"}, nil, "", "", "", "is not valid: JSON syntax error on line 3", ""},
		{"unknown field", Flags{ConfigPath: unknownCfg, Profile: "x"}, nil, "", "", "", `unknown setting "uri"`, ""},
		{"missing explicit config", Flags{ConfigPath: filepath.Join(dir, "nope.json")}, nil, "", "", "", "nope.json: no such file or directory", ""},
		{"URL without scheme", Flags{URL: "unleash.example.com"}, map[string]string{EnvToken: "t"}, "", "", "", "needs a scheme and a host", ""},
		{"readable inline token warns", Flags{ConfigPath: openCfg, Profile: "inline"}, nil, "https://inline", "user:inline", "inline", "", "chmod 600 " + openCfg},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{}
			for k, v := range tt.env {
				env[k] = v
			}
			r, err := Resolve(tt.flags, envOf(env))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.URL != tt.url || r.Token.Reveal() != tt.token || r.Profile != tt.profile {
				t.Fatalf("got %q %q %q", r.URL, r.Token.Reveal(), r.Profile)
			}
			if tt.warning == "" && len(r.Warnings) > 0 || tt.warning != "" && (len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], tt.warning)) {
				t.Fatalf("warnings %v, want %q", r.Warnings, tt.warning)
			}
		})
	}
}

func TestErrorsNeverQuoteTheFile(t *testing.T) {
	dir := t.TempDir()
	cfg := write(t, dir, "c.json", `{"profiles": {"p": {"url": "u", "token": "user:SECRET-VALUE"` /* unterminated */, 0o600)
	_, err := Resolve(Flags{ConfigPath: cfg, Profile: "p"}, envOf(nil))
	if err == nil || strings.Contains(err.Error(), "SECRET-VALUE") {
		t.Fatalf("got %v", err)
	}
}

func TestThresholds(t *testing.T) {
	dir := t.TempDir()
	cfg := write(t, dir, "config.json", `{"thresholds": {"soon": "7d", "stale": "2mo"}}`, 0o600)
	bad := write(t, dir, "bad.json", `{"thresholds": {"within": "1m"}}`, 0o600)
	env := envOf(map[string]string{EnvURL: "http://x", EnvToken: "user:x"})
	day := status.Day
	tests := []struct {
		name  string
		flags Flags
		want  status.Thresholds
		err   string
	}{
		{"defaults", Flags{}, status.Default, ""},
		{"from the file", Flags{ConfigPath: cfg}, status.Thresholds{Soon: 7 * day, Within: 14 * day, Stale: 60 * day}, ""},
		{"flags win", Flags{ConfigPath: cfg, Thresholds: Thresholds{Soon: "3d", Within: "45d"}}, status.Thresholds{Soon: 3 * day, Within: 45 * day, Stale: 60 * day}, ""},
		{"bad file value", Flags{ConfigPath: bad}, status.Thresholds{}, `thresholds.within in ` + bad + `: "1m" is ambiguous: write mo for months (1mo) or d for days (30d)`},
		{"bad flag", Flags{Thresholds: Thresholds{Stale: "soon"}}, status.Thresholds{}, `--stale: "soon" is not a length of time: use 12h, 7d, 2w, 3mo or 1y`},
		{"soon longer than within", Flags{Thresholds: Thresholds{Soon: "40d"}}, status.Thresholds{}, "the soon threshold (40d) is longer than the within threshold (14d): soon must be the shorter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Resolve(tt.flags, env)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || r.Thresholds != tt.want {
				t.Fatalf("got %+v, %v; want %+v", r.Thresholds, err, tt.want)
			}
		})
	}
}

// TestHostileFiles: token and config files are read up to a limit, control
// bytes are refused with a message about the file, and a token file others
// can read draws the same warning as such a config file.
func TestHostileFiles(t *testing.T) {
	dir := t.TempDir()
	sparse := filepath.Join(dir, "sparse")
	f, err := os.Create(sparse)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(1 << 30); err != nil { // 1 GiB of NUL bytes, on no disk
		t.Fatal(err)
	}
	f.Close()
	nulToken := write(t, dir, "nul-token", "user:abc\x00def\n", 0o600)
	escToken := write(t, dir, "esc-token", "\x1b[31muser:abc", 0o600)
	openToken := write(t, dir, "open-token", "user:fromfile\n", 0o644)
	nulConfig := write(t, dir, "nul.json", "{\n\"profiles\": {}\n\x00}", 0o600)
	bigConfig := write(t, dir, "big.json", `{"profiles":{}, "x":"`+strings.Repeat("a", 1<<20)+`"}`, 0o600)
	profileOpenToken := write(t, dir, "profile.json", `{"profiles": {"p": {"url": "https://p", "token_file": "`+openToken+`"}}}`, 0o600)

	tests := []struct {
		name    string
		flags   Flags
		env     map[string]string
		err     string // exact
		warning string // exact
	}{
		{"/dev/zero as the token file", Flags{URL: "https://x", TokenFile: "/dev/zero"}, nil,
			"--token-file: /dev/zero is larger than 1 KiB: a token file holds only the token", ""},
		{"a 1 GiB sparse token file", Flags{URL: "https://x", TokenFile: sparse}, nil,
			"--token-file: " + sparse + " is larger than 1 KiB: a token file holds only the token", ""},
		{"a NUL in the token file", Flags{URL: "https://x", TokenFile: nulToken}, nil,
			"--token-file: " + nulToken + " holds a control character (byte 0x00 at position 9): a token file holds only the token, as text", ""},
		{"an escape in the token file", Flags{URL: "https://x", TokenFile: escToken}, nil,
			"--token-file: " + escToken + " holds a control character (byte 0x1b at position 1): a token file holds only the token, as text", ""},
		{"a control byte in the token variable", Flags{URL: "https://x"}, map[string]string{EnvToken: "user:a\x00b"},
			"the token from UNLEASH_API_TOKEN holds a control character (byte 0x00 at position 7): check what was stored there", ""},
		{"/dev/zero as the config file", Flags{ConfigPath: "/dev/zero"}, nil,
			"config file /dev/zero is larger than 1 MiB: is it the right file?", ""},
		{"/dev/urandom as the config file", Flags{ConfigPath: "/dev/urandom"}, nil,
			"config file /dev/urandom is larger than 1 MiB: is it the right file?", ""},
		{"a config file over 1 MiB", Flags{ConfigPath: bigConfig}, nil,
			"config file " + bigConfig + " is larger than 1 MiB: is it the right file?", ""},
		{"a NUL in the config file", Flags{ConfigPath: nulConfig}, nil,
			"config file " + nulConfig + " is not valid: it holds a control character (byte 0x00) on line 3; is it a text file?", ""},
		{"a token file others can read", Flags{URL: "https://x", TokenFile: openToken}, nil, "",
			openToken + " holds a token and is readable by others (mode 0644); fix with: chmod 600 " + openToken},
		{"a profile's token file others can read", Flags{ConfigPath: profileOpenToken, Profile: "p"}, nil, "",
			openToken + " holds a token and is readable by others (mode 0644); fix with: chmod 600 " + openToken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Resolve(tt.flags, envOf(tt.env))
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("err\n got %v\nwant %s", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Warnings) != 1 || r.Warnings[0] != tt.warning {
				t.Fatalf("warnings %q, want %q", r.Warnings, tt.warning)
			}
		})
	}
}

// TestURLPasswordNotInMessages: the URL a message names has no password.
func TestURLPasswordNotInMessages(t *testing.T) {
	for _, url := range []string{"http://user:Secret@host", "https://user:Se#cret@host/", "https://user:Se/cret@host"} {
		_, err := Resolve(Flags{URL: url}, envOf(nil))
		if err == nil || strings.Contains(err.Error(), "cret") || !strings.Contains(err.Error(), "no Unleash token given for") {
			t.Errorf("%s: %v", url, err)
		}
		_, err = Resolve(Flags{URL: url}, envOf(map[string]string{EnvToken: "user:x"}))
		if err != nil && strings.Contains(err.Error(), "cret") {
			t.Errorf("%s: %v", url, err)
		}
	}
}

// TestNothingGivenFitsEightyColumns: what a first run prints says each
// command on a line of its own and no line past 80 columns ("No config
// file at …" aside: the path is the user's), so a terminal never breaks
// "unleash-tokens login" apart.
func TestNothingGivenFitsEightyColumns(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir()) // the default path, where nothing is
	t.Setenv("HOME", t.TempDir())
	_, err := Resolve(Flags{}, func(string) (string, bool) { return "", false })
	if err == nil {
		t.Fatal("no error with nothing given")
	}
	msg := "unleash-tokens: " + err.Error()
	for _, cmd := range []string{"\n  unleash-tokens login\n", "\n  unleash-tokens --demo\n"} {
		if !strings.Contains(msg, cmd) {
			t.Errorf("%q is not on a line of its own:\n%s", strings.TrimSpace(cmd), msg)
		}
	}
	for _, line := range strings.Split(msg, "\n") {
		if len([]rune(line)) > 80 && !strings.HasPrefix(line, "No config file at ") {
			t.Errorf("%d columns: %q", len([]rune(line)), line)
		}
	}
}
