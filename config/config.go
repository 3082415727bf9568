// Package config resolves where to connect and with which token: flags beat
// environment variables, which beat the config file's profile.
//
// The config file (JSON) lives at $UNLEASH_TOKENS_CONFIG, or
// <user config dir>/unleash-tokens/config.json:
//
//	{
//	  "default_profile": "staging",
//	  "profiles": {
//	    "dev":     {"url": "http://localhost:4242", "token_env": "UNLEASH_DEV_TOKEN"},
//	    "staging": {"url": "https://unleash.staging.example.com", "token_file": "~/.unleash/staging.token"},
//	    "local":   {"url": "http://127.0.0.1:4242", "token": "user:…"}
//	  }
//	}
package config

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/internal/redact"
	"github.com/unleash-tokens/unleash-tokens/status"
)

// Environment variables the app reads.
const (
	EnvURL        = "UNLEASH_URL"
	EnvToken      = "UNLEASH_API_TOKEN"
	EnvConfigPath = "UNLEASH_TOKENS_CONFIG"
)

// File is the config file.
type File struct {
	DefaultProfile string             `json:"default_profile,omitempty"`
	Profiles       map[string]Profile `json:"profiles"`
	Thresholds     Thresholds         `json:"thresholds,omitempty"`
	Risks          map[string]bool    `json:"risks,omitempty"` // a check's key → false turns it off; see audit.CheckKeys
}

// Thresholds are the windows as typed: "3d", "14d", "90d".
// Empty means the default.
type Thresholds struct {
	Soon   string `json:"soon,omitempty"`   // expiring soon: within this (3d)
	Within string `json:"within,omitempty"` // expiring: within this (14d)
	Stale  string `json:"stale,omitempty"`  // stale: not used for this long (90d)
}

// Profile is one named Unleash instance. The token comes from exactly one of
// Token (inline), TokenFile (a path; ~ expands), TokenEnv (a variable name),
// TokenCommand (a credential helper; see TokenCommand) or TokenKeyring (the
// OS keyring, where unleash-tokens login puts it).
type Profile struct {
	URL                 string       `json:"url"`
	Token               string       `json:"token,omitempty"`
	TokenFile           string       `json:"token_file,omitempty"`
	TokenEnv            string       `json:"token_env,omitempty"`
	TokenCommand        TokenCommand `json:"token_command,omitempty"`
	TokenCommandTimeout string       `json:"token_command_timeout,omitempty"` // "10s" unless set
	TokenKeyring        string       `json:"token_keyring,omitempty"`         // an account of KeyringService in the OS keyring
}

// Flags are the command-line values; empty means not given.
type Flags struct {
	URL        string
	TokenFile  string
	Profile    string
	ConfigPath string
	Thresholds Thresholds // --soon, --within, --stale
}

// Resolved is where to connect.
type Resolved struct {
	URL        string
	Token      api.Secret
	Profile    string   // "" when no profile was used
	Source     string   // where the token came from, for messages: "UNLEASH_API_TOKEN", "--token-file", "profile staging (token_file)"
	Warnings   []string // e.g. a config file holding a token that others can read
	Thresholds status.Thresholds
	Checks     audit.Checks // the risks to look for: all, less those the config file turns off
}

// Env looks up environment variables; os.LookupEnv in the app, a map in tests.
type Env func(string) (string, bool)

// example says how to give a URL and a token, after where the config file
// was looked for: each command on a line of its own, to copy, and no line
// past 80 columns (a terminal broke "unleash-tokens" / "login" apart).
const example = `To sign in and save a profile, its token in the OS keyring:
  unleash-tokens login
To look around without a server:
  unleash-tokens --demo
Or pass --url and --token-file, or set UNLEASH_URL and UNLEASH_API_TOKEN
(--help has more).`

// Resolve finds the URL and token. Its errors say exactly what to set. A
// profile's token_command runs here, with its time limit.
func Resolve(f Flags, env Env) (Resolved, error) {
	return ResolveContext(context.Background(), f, env)
}

// ResolveContext is Resolve with a context that can stop a token_command.
func ResolveContext(ctx context.Context, f Flags, env Env) (Resolved, error) {
	var r Resolved
	file, path, err := loadFile(f.ConfigPath, env)
	if err != nil {
		return r, err
	}
	if err = resolveSettings(&r, f, file, path); err != nil {
		return r, err
	}
	var prof *Profile
	name := f.Profile
	if name == "" {
		name = file.DefaultProfile
	}
	if name != "" {
		p, ok := file.Profiles[name]
		if !ok {
			if path == "" {
				return r, fmt.Errorf("profile %q: no config file found (looked for %s)", name, defaultPathOrHint(env))
			}
			return r, fmt.Errorf("profile %q is not in %s; it has: %s", name, path, profileNames(file))
		}
		prof, r.Profile = &p, name
	}

	switch v, ok := env(EnvURL); {
	case f.URL != "":
		r.URL = f.URL
	case ok && strings.TrimSpace(v) != "":
		r.URL = v
	case prof != nil:
		r.URL = prof.URL
	}
	r.URL = strings.TrimSpace(r.URL)

	switch v, ok := env(EnvToken); {
	case f.TokenFile != "":
		tok, err := readTokenFile(f.TokenFile, env)
		if err != nil {
			return r, fmt.Errorf("--token-file: %w", err)
		}
		r.Token, r.Source = tok, "--token-file"
		if w := permissionWarning(expandHome(f.TokenFile, env)); w != "" {
			r.Warnings = append(r.Warnings, w)
		}
	case ok && strings.TrimSpace(v) != "":
		r.Token, r.Source = api.Secret(strings.TrimSpace(v)), EnvToken
	case prof != nil:
		if err := resolveProfileToken(ctx, &r, name, *prof, path, env); err != nil {
			return r, err
		}
	}

	looked := "No config file at " + defaultPathOrHint(env) + "."
	if path != "" {
		looked = "The config file " + path + " names no default_profile (--profile picks one)."
	}
	switch {
	case r.URL == "" && r.Token.IsZero():
		return r, errors.New("no Unleash URL and no token given.\n" + looked + "\n" + example)
	case r.URL == "":
		return r, errors.New("no Unleash URL given (the token came from " + r.Source + ").\n" + looked + "\n" + example)
	case r.Token.IsZero():
		return r, errors.New("no Unleash token given for " + api.RedactURL(r.URL) + ".\n" + looked + "\n" + example)
	}
	redact.Learn(r.Token.Reveal()) // from a flag, the environment, a file or a command: never in any output
	if c, at := controlByte(r.Token.Reveal()); at >= 0 {
		return r, fmt.Errorf("the token from %s holds a control character (byte 0x%02x at position %d): check what was stored there", r.Source, c, at+1)
	}
	if _, err := api.ParseBaseURL(r.URL); err != nil {
		return r, err
	}
	return r, nil
}

// ResolveThresholds combines the flags' thresholds with the config file's
// (flags win) over the defaults, and checks that they make sense.
func ResolveThresholds(flags, file Thresholds, path string) (status.Thresholds, error) {
	th := status.Default
	for _, v := range []struct {
		flag, file, name string
		into             *time.Duration
	}{
		{flags.Soon, file.Soon, "soon", &th.Soon},
		{flags.Within, file.Within, "within", &th.Within},
		{flags.Stale, file.Stale, "stale", &th.Stale},
	} {
		text, where := v.flag, "--"+v.name
		if text == "" {
			text, where = v.file, fmt.Sprintf("thresholds.%s in %s", v.name, path)
		}
		if text == "" {
			continue
		}
		d, err := status.ParseSpan(text)
		if err != nil {
			return th, fmt.Errorf("%s: %v", where, err)
		}
		*v.into = d
	}
	if th.Soon > th.Within {
		return th, fmt.Errorf("the soon threshold (%s) is longer than the within threshold (%s): soon must be the shorter",
			status.Days(th.Soon), status.Days(th.Within))
	}
	return th, nil
}

func profileToken(ctx context.Context, name string, p Profile, env Env) (api.Secret, string, error) {
	if problem := tokenSourceProblem(p); problem != "" {
		return "", "", fmt.Errorf("profile %q %s", name, problem)
	}
	switch {
	case p.TokenKeyring != "":
		tok, err := KeyringGet(ctx, p.TokenKeyring)
		switch {
		case IsKeyringNotFound(err):
			return "", "", fmt.Errorf("profile %q: the OS keyring has no token %q: sign in again with unleash-tokens login --profile %s", name, p.TokenKeyring, name)
		case err != nil:
			return "", "", fmt.Errorf("profile %q: the OS keyring: %v", name, err)
		}
		return tok, fmt.Sprintf("profile %s (token_keyring)", name), nil
	case p.TokenCommand != nil:
		timeout, err := tokenCommandTimeout(p)
		if err != nil {
			return "", "", fmt.Errorf("profile %q: %w", name, err)
		}
		tok, err := runTokenCommand(ctx, p.TokenCommand, timeout, env)
		if err != nil {
			return "", "", fmt.Errorf("profile %q: %w", name, err)
		}
		return tok, fmt.Sprintf("profile %s (token_command)", name), nil
	case p.TokenFile != "":
		tok, err := readTokenFile(p.TokenFile, env)
		if err != nil {
			return "", "", fmt.Errorf("profile %q token_file: %w", name, err)
		}
		return tok, fmt.Sprintf("profile %s (token_file)", name), nil
	case p.TokenEnv != "":
		v, _ := env(p.TokenEnv)
		if strings.TrimSpace(v) == "" {
			return "", "", fmt.Errorf("profile %q reads its token from $%s, which is empty or not set", name, p.TokenEnv)
		}
		redact.Learn(v)
		return api.Secret(strings.TrimSpace(v)), fmt.Sprintf("profile %s ($%s)", name, p.TokenEnv), nil
	}
	redact.Learn(p.Token)
	return api.Secret(strings.TrimSpace(p.Token)), fmt.Sprintf("profile %s (token)", name), nil
}

// File size limits: a token is under 100 bytes, a config file a few KiB.
// Anything longer is the wrong file (or /dev/zero), not read to its end.
const (
	maxTokenFileBytes  = 1 << 10
	maxConfigFileBytes = 1 << 20
)

func readTokenFile(path string, env Env) (api.Secret, error) {
	path = expandHome(path, env)
	data, err := readLimited(path, maxTokenFileBytes)
	switch {
	case errors.Is(err, errTooLarge):
		return "", fmt.Errorf("%s is larger than 1 KiB: a token file holds only the token", path)
	case errors.Is(err, fs.ErrNotExist):
		return "", fmt.Errorf("%s does not exist", path)
	case err != nil:
		return "", fmt.Errorf("cannot read %s: %v", path, unwrapped(err))
	}
	tok := strings.TrimSpace(string(data))
	if tok == "" {
		return "", fmt.Errorf("%s is empty; put the token on its first line", path)
	}
	if strings.ContainsAny(tok, "\n\r") {
		return "", fmt.Errorf("%s has more than one line; keep only the token", path)
	}
	if c, at := controlByte(tok); at >= 0 {
		return "", fmt.Errorf("%s holds a control character (byte 0x%02x at position %d): a token file holds only the token, as text", path, c, at+1)
	}
	redact.Learn(tok)
	return api.Secret(tok), nil
}

var errTooLarge = errors.New("too large")

// readLimited reads path, or fails with errTooLarge after limit bytes.
func readLimited(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, errTooLarge
	}
	return data, nil
}

// controlByte finds the first control byte other than tab, newline and
// carriage return: a NUL, an escape, DEL. It returns -1 when there is none.
func controlByte(s string) (byte, int) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f {
			return c, i
		}
	}
	return 0, -1
}

// unwrapped drops the operation and path an *fs.PathError repeats.
func unwrapped(err error) error {
	if inner := errors.Unwrap(err); inner != nil {
		return inner
	}
	return err
}

// DefaultPath is where the config file lives unless $UNLEASH_TOKENS_CONFIG
// says otherwise. Tests replace it.
var DefaultPath = userConfigPath

func userConfigPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "unleash-tokens", "config.json"), nil
}

func defaultPathOrHint(env Env) string {
	if v, ok := env(EnvConfigPath); ok && v != "" {
		return v
	}
	if p, err := DefaultPath(); err == nil {
		return p
	}
	return "$" + EnvConfigPath
}

// loadFile reads the config file. A missing file at the default place is no
// error (the app runs on flags and env alone); a missing file that was asked
// for by --config or $UNLEASH_TOKENS_CONFIG is.
func loadFile(flagPath string, env Env) (File, string, error) {
	path, explicit := flagPath, flagPath != ""
	if path == "" {
		if v, ok := env(EnvConfigPath); ok && v != "" {
			path, explicit = v, true
		}
	}
	if path == "" {
		p, err := DefaultPath()
		if err != nil {
			return File{}, "", nil
		}
		path = p
	}
	path = expandHome(path, env)
	data, err := readLimited(path, maxConfigFileBytes)
	switch {
	case errors.Is(err, fs.ErrNotExist) && !explicit:
		return File{}, "", nil
	case errors.Is(err, errTooLarge):
		return File{}, path, fmt.Errorf("config file %s is larger than 1 MiB: is it the right file?", path)
	case err != nil:
		return File{}, path, fmt.Errorf("config file %s: %v", path, unwrapped(err))
	}
	if c, at := controlByte(string(data)); at >= 0 {
		line := 1 + strings.Count(string(data[:at]), "\n")
		return File{}, path, fmt.Errorf("config file %s is not valid: it holds a control character (byte 0x%02x) on line %d; is it a text file?", path, c, line)
	}
	var f File
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return File{}, path, fmt.Errorf("config file %s is not valid: %s", path, jsonProblem(data, err))
	}
	return f, path, nil
}

// jsonProblem says where a JSON error is, by line, without quoting the file
// (it may hold a token).
func jsonProblem(data []byte, err error) string {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		line := 1 + strings.Count(string(data[:min(int(syn.Offset), len(data))]), "\n")
		return fmt.Sprintf("JSON syntax error on line %d", line)
	}
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		return fmt.Sprintf("%q should be a %s", typ.Field, typ.Type)
	}
	if msg := err.Error(); strings.HasPrefix(msg, "json: unknown field ") {
		return "unknown setting " + strings.TrimPrefix(msg, "json: unknown field ") + " (known: default_profile, profiles, thresholds, risks; in a profile: url, token, token_file, token_env, token_command, token_command_timeout, token_keyring; in thresholds: soon, within, stale)"
	}
	if msg := err.Error(); strings.HasPrefix(msg, "token_command: ") {
		return msg
	}
	return "it is not the expected JSON"
}

// permissionWarning warns when a file holding a token can be read by others.
func permissionWarning(path string) string {
	if path == "" {
		return ""
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm()&0o077 == 0 {
		return ""
	}
	return fmt.Sprintf("%s holds a token and is readable by others (mode %04o); fix with: chmod 600 %s", path, st.Mode().Perm(), path)
}

func expandHome(path string, env Env) string {
	if path == "~" || strings.HasPrefix(path, "~/") {
		home, _ := env("HOME")
		if home == "" {
			home, _ = os.UserHomeDir()
		}
		return filepath.Join(home, strings.TrimPrefix(path, "~"))
	}
	return path
}

func profileNames(f File) string {
	if len(f.Profiles) == 0 {
		return "no profiles"
	}
	names := make([]string, 0, len(f.Profiles))
	for n := range f.Profiles {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}
