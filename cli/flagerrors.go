package cli

import (
	"flag"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/unleash-tokens/unleash-tokens/config"
)

// Go's flag errors, which name a flag with one dash.
var (
	undefinedFlag = regexp.MustCompile(`^flag provided but not defined: -(.*)$`)
	invalidValue  = regexp.MustCompile(`^invalid (?:boolean )?value "(.*)" for (?:flag )?-([\w-]+): `)
	oneDash       = regexp.MustCompile(`(: |flag )-(\w)`)
)

// flagError words a flag error of fs for users: the flag as they type it
// (two dashes), what a duration looks like, why there is no --token. With
// seeHelp the caller adds where the flags are listed.
func flagError(fs *flag.FlagSet, err error) (msg string, seeHelp bool) {
	text := err.Error()
	if m := undefinedFlag.FindStringSubmatch(text); m != nil {
		name := strings.SplitN(m[1], "=", 2)[0]
		switch {
		case isTokenFlag(name):
			return noTokenFlag(name), false
		case strings.Contains(name, ":"): // a token pasted where a flag goes: not repeated
			return "flag provided but not defined (it looks like a token, so it is not repeated here)", true
		case fs.Name() != "unleash-tokens" && topFlagNames()[name]:
			return fmt.Sprintf("%s does not take --%s", strings.TrimPrefix(fs.Name(), "unleash-tokens "), name), true
		}
	}
	if m := invalidValue.FindStringSubmatch(text); m != nil {
		if f := fs.Lookup(m[2]); f != nil {
			getter, _ := f.Value.(flag.Getter)
			var v any
			if getter != nil {
				v = getter.Get()
			}
			switch v.(type) {
			case time.Duration:
				return fmt.Sprintf("--%s %q: give a duration such as 10s or 2m", m[2], m[1]), false
			case bool:
				return fmt.Sprintf("--%s=%q: give true or false, or only --%s", m[2], m[1], m[2]), false
			}
		}
	}
	return oneDash.ReplaceAllString(text, "$1--$2"), true
}

// tokenFlags are the flags people reach for to give a token, normalised
// (lower case, - for _).
var tokenFlags = map[string]bool{
	"token": true, "api-token": true, "apitoken": true, "api-key": true, "apikey": true, "key": true,
	"access-token": true, "auth-token": true, "unleash-token": true, "unleash-api-token": true,
	"pat": true, "personal-access-token": true, "secret": true, "password": true,
}

func isTokenFlag(name string) bool {
	return tokenFlags[strings.ReplaceAll(strings.ToLower(name), "_", "-")]
}

// noTokenFlag says why there is no flag for the token, and what to use.
func noTokenFlag(name string) string {
	return fmt.Sprintf("there is no --%s flag, on purpose: a token on the command line lands in shell history and in ps.\n"+
		"Give it with --token-file FILE, in the %s environment variable, or in a profile of the config file\n"+
		"(token_file, token_env or token_command: unleash-tokens --help shows how)", name, config.EnvToken)
}

// tokenFlagIn is the first token flag in args (before --), or "".
func tokenFlagIn(args []string) string {
	for _, a := range args {
		if a == "--" {
			return ""
		}
		if name, ok := strings.CutPrefix(a, "-"); ok {
			name = strings.SplitN(strings.TrimPrefix(name, "-"), "=", 2)[0]
			if isTokenFlag(name) {
				return name
			}
		}
	}
	return ""
}

// topFlagNames are the flags of unleash-tokens without a command.
func topFlagNames() map[string]bool {
	var o options
	names := map[string]bool{}
	topFlags(&o, io.Discard).VisitAll(func(f *flag.Flag) { names[f.Name] = true })
	return names
}
