package config

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
)

// FuzzConfigFile: any config file gives a result or an error that says what
// to fix, never a panic, and an error never quotes the token the file holds.
func FuzzConfigFile(f *testing.F) {
	const secret = "user:fuzzsecret0123456789abcdef0123456789abcdef01234567"
	for _, s := range []string{
		`{"default_profile":"a","profiles":{"a":{"url":"https://a.example.com","token":"` + secret + `"}}}`,
		`{"profiles":{"a":{"url":"http://127.0.0.1:4242","token_env":"X"}}}`,
		`{"profiles":{"a":{"url":"u","token_file":"~/tok"}}}`,
		`{"profiles":{"a":{"url":"u","token":"` + secret + `",}}}`,
		`{"profiles":{"a":{"uri":"u"}}}`,
		`{"thresholds":{"soon":"7d","within":"30d","stale":"90d"}}`,
		`{"thresholds":{"soon":"40d"}}`,
		`{"profiles":{"a":{"url":"http://127.0.0.1:4242","token_command":["pass","show","x"]}}}`,
		`{"profiles":{"a":{"url":"http://127.0.0.1:4242","token_command":"pass show x","token_command_timeout":"2s"}}}`,
		`{"risks":{"orphaned":false,"created_by":false}}`,
		`{"profiles":{"a":{"url":"http://127.0.0.1:4242","token_keyring":"fuzz"}}}`,
		`{"profiles":{"a":{"url":"http://127.0.0.1:4242","token_keyring":"absent"}}}`,
		`{"profiles": []}`, `[]`, `null`, ``, `{`, "\xff\xfe", `{"profiles":{"a":{"url":"` + secret + `"}}}`,
	} {
		f.Add(s, "a")
	}
	dir := f.TempDir()
	runTokenCommand = func(context.Context, TokenCommand, time.Duration, Env) (api.Secret, error) {
		return "", errors.New("token_command: not run while fuzzing")
	}
	Keyring = fakeKeyring{"fuzz": "user:from-the-keyring"} // the OS keyring is not read while fuzzing
	f.Fuzz(func(t *testing.T, body, profile string) {
		path := filepath.Join(dir, "config.json")
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := Resolve(Flags{ConfigPath: path, Profile: profile}, envOf(map[string]string{"X": "user:x"}))
		if err == nil {
			return
		}
		msg := err.Error()
		if msg == "" {
			t.Fatal("empty error")
		}
		if strings.Contains(msg, secret[5:25]) {
			t.Fatalf("the error quotes the file's token: %s", msg)
		}
	})
}
