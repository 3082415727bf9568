package config

import (
	"context"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"
)

// fakeKeyring is a keyring of fixed entries, by account.
type fakeKeyring map[string]string

func (k fakeKeyring) Get(_, a string) (string, error) {
	if v, ok := k[a]; ok {
		return v, nil
	}
	return "", keyring.ErrNotFound
}
func (k fakeKeyring) Set(_, a, s string) error { k[a] = s; return nil }
func (k fakeKeyring) Delete(_, a string) error { delete(k, a); return nil }

// A profile's token_keyring reads the OS keyring; an entry that is not
// there says how to put it back.
func TestTokenKeyring(t *testing.T) {
	saved := Keyring
	Keyring = fakeKeyring{"prod": " user:abc \n"}
	t.Cleanup(func() { Keyring = saved })
	file := File{Profiles: map[string]Profile{
		"prod":  {URL: "https://u.example.com", TokenKeyring: "prod"},
		"gone":  {URL: "https://u.example.com", TokenKeyring: "gone"},
		"twice": {URL: "https://u.example.com", TokenKeyring: "prod", TokenEnv: "X"},
	}}
	tests := []struct {
		name, want, err string
	}{
		{"prod", "user:abc", ""},
		{"gone", "", `profile "gone": the OS keyring has no token "gone": sign in again with unleash-tokens login --profile gone`},
		{"twice", "", "sets more than one of token, token_file, token_env, token_command and token_keyring: keep one"},
	}
	for _, tt := range tests {
		tok, src, err := profileToken(context.Background(), tt.name, file.Profiles[tt.name], envOf(nil))
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Fatalf("%s: err %v, want %q", tt.name, err, tt.err)
			}
			continue
		}
		if err != nil || tok.Reveal() != tt.want || src != "profile prod (token_keyring)" {
			t.Fatalf("%s: %q %q %v", tt.name, tok.Reveal(), src, err)
		}
	}
	if w := tokenSourceWords(file.Profiles["prod"]); w != "OS keyring (prod)" {
		t.Fatalf("words %q", w)
	}
}
