package config

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/internal/redact"
)

// ProfileInfo is one profile of the config file as a picker lists it. It is
// read from the config file alone: no token file is read, no variable looked
// up, no command run (see CheckProfile for that).
type ProfileInfo struct {
	Name        string
	URL         string
	TokenSource string // where its token comes from: "token_command pass", "token_file ~/.unleash/prod.token", "$UNLEASH_DEV_TOKEN", "token in the config file"
	Default     bool   // the config file's default_profile
	Problem     string // what is wrong with it that shows without I/O (no URL, a bad URL, no token or two); "" when nothing
}

// Profiles lists the config file's profiles, sorted by name, and the path of
// the file it read ("" when there is no config file: no profiles, no error).
func Profiles(f Flags, env Env) ([]ProfileInfo, string, error) {
	file, path, err := loadFile(f.ConfigPath, env)
	if err != nil {
		return nil, path, err
	}
	out := make([]ProfileInfo, 0, len(file.Profiles))
	for name, p := range file.Profiles {
		redact.Learn(p.Token) // an inline token is one the app knows, used or not
		info := ProfileInfo{Name: name, URL: strings.TrimSpace(p.URL), TokenSource: tokenSourceWords(p), Default: name == file.DefaultProfile}
		switch _, urlErr := api.ParseBaseURL(p.URL); {
		case strings.TrimSpace(p.URL) == "":
			info.Problem = "it has no url"
		case urlErr != nil:
			info.Problem = urlErr.Error()
		default:
			info.Problem = tokenSourceProblem(p)
			if info.Problem == "" {
				if _, err := tokenCommandTimeout(p); err != nil {
					info.Problem = err.Error()
				}
			}
		}
		out = append(out, info)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, path, nil
}

// ResolveProfile is where the named profile connects, from the config file
// alone: --url, --token-file, --profile, UNLEASH_URL and UNLEASH_API_TOKEN
// are not consulted (they choose the instance the app starts on, not the one
// a user switches to). --config and the thresholds flags still apply. Reading
// its token is I/O (a file, a command with its time limit): call it off the
// UI goroutine.
func ResolveProfile(ctx context.Context, f Flags, env Env, name string) (Resolved, error) {
	var r Resolved
	file, path, err := loadFile(f.ConfigPath, env)
	if err != nil {
		return r, err
	}
	if err = resolveSettings(&r, f, file, path); err != nil {
		return r, err
	}
	p, ok := file.Profiles[name]
	if !ok {
		if path == "" {
			return r, fmt.Errorf("profile %q: no config file found (looked for %s)", name, defaultPathOrHint(env))
		}
		return r, fmt.Errorf("profile %q is not in %s; it has: %s", name, path, profileNames(file))
	}
	r.Profile, r.URL = name, strings.TrimSpace(p.URL)
	if r.URL == "" {
		return r, fmt.Errorf("profile %q has no url", name)
	}
	if _, err := api.ParseBaseURL(r.URL); err != nil {
		return r, fmt.Errorf("profile %q: %w", name, err)
	}
	return r, resolveProfileToken(ctx, &r, name, p, path, env)
}

// CheckProfile says whether the profile's token resolves (its file reads, its
// variable is set, its command prints one line), without keeping the token
// and without contacting the server. It is I/O, like ResolveProfile.
func CheckProfile(ctx context.Context, f Flags, env Env, name string) error {
	_, err := ResolveProfile(ctx, f, env, name)
	return err
}

// resolveSettings fills what does not depend on the profile: thresholds and
// the risk checks.
func resolveSettings(r *Resolved, f Flags, file File, path string) error {
	var err error
	if r.Thresholds, err = ResolveThresholds(f.Thresholds, file.Thresholds, path); err != nil {
		return err
	}
	r.Checks, err = ResolveChecks(file.Risks, path)
	return err
}

// ResolveChecks turns the config file's "risks" object into the checks to
// run: every check unless it is set to false.
func ResolveChecks(risks map[string]bool, path string) (audit.Checks, error) {
	checks := audit.AllChecks
	keys := make([]string, 0, len(risks))
	for k := range risks {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		c, ok := audit.CheckByKey(k)
		if !ok {
			return checks, fmt.Errorf("risks.%s in %s: no such check (known: %s)", k, path, strings.Join(audit.CheckKeys(), ", "))
		}
		if !risks[k] {
			checks &^= c
		}
	}
	return checks, nil
}

func resolveProfileToken(ctx context.Context, r *Resolved, name string, p Profile, path string, env Env) error {
	tok, src, err := profileToken(ctx, name, p, env)
	if err != nil {
		return err
	}
	r.Token, r.Source = tok, src
	warnFor := ""
	switch {
	case p.Token != "":
		warnFor = path
	case p.TokenFile != "":
		warnFor = expandHome(p.TokenFile, env)
	}
	if w := permissionWarning(warnFor); w != "" {
		r.Warnings = append(r.Warnings, w)
	}
	if c, at := controlByte(r.Token.Reveal()); at >= 0 {
		return fmt.Errorf("the token from %s holds a control character (byte 0x%02x at position %d): check what was stored there", r.Source, c, at+1)
	}
	return nil
}

// tokenSourceProblem is "" when exactly one token source is set, else what
// is wrong, to follow `profile "x"`.
func tokenSourceProblem(p Profile) string {
	set := 0
	for _, v := range []bool{p.Token != "", p.TokenFile != "", p.TokenEnv != "", p.TokenCommand != nil, p.TokenKeyring != ""} {
		if v {
			set++
		}
	}
	switch {
	case set == 0:
		return "has no token: set one of token, token_file, token_env, token_command or token_keyring (unleash-tokens login does)"
	case set > 1:
		return "sets more than one of token, token_file, token_env, token_command and token_keyring: keep one"
	case p.TokenCommand != nil && len(p.TokenCommand) == 0:
		return "has an empty token_command: give the program and its arguments"
	}
	return ""
}

func tokenSourceWords(p Profile) string {
	var words []string
	if p.Token != "" {
		words = append(words, "token in the config file")
	}
	if p.TokenFile != "" {
		words = append(words, "token_file "+p.TokenFile)
	}
	if p.TokenEnv != "" {
		words = append(words, "$"+p.TokenEnv)
	}
	if p.TokenKeyring != "" {
		words = append(words, "OS keyring ("+p.TokenKeyring+")")
	}
	switch {
	case p.TokenCommand == nil:
	case len(p.TokenCommand) == 0:
		words = append(words, "token_command (empty)")
	default:
		words = append(words, "token_command "+p.TokenCommand[0])
	}
	return strings.Join(words, " and ")
}

// runTokenCommand is RunTokenCommand; the fuzz test replaces it, so that a
// fuzzed config file never runs a program.
var runTokenCommand = RunTokenCommand

func tokenCommandTimeout(p Profile) (time.Duration, error) {
	if p.TokenCommandTimeout == "" {
		return DefaultTokenCommandTimeout, nil
	}
	d, err := time.ParseDuration(p.TokenCommandTimeout)
	if err != nil || d <= 0 {
		return 0, errors.New("token_command_timeout " + fmt.Sprintf("%q", p.TokenCommandTimeout) + ": give a positive duration such as 30s")
	}
	return d, nil
}
