package cli

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/unleash-tokens/unleash-tokens/config"
)

// flagError words a flag error of cmd for users: the flag as they typed it,
// what a duration looks like, why there is no --token; where the flags are
// listed when that helps.
func flagError(cmd *cobra.Command, err error) error {
	see := fmt.Sprintf(" (see %s --help)", cmd.CommandPath())
	var notExist *pflag.NotExistError
	var needs *pflag.ValueRequiredError
	var invalid *pflag.InvalidValueError
	switch {
	case errors.As(err, &notExist):
		if short := notExist.GetSpecifiedShortnames(); short != "" { // one dash: -v, -demo, -user:…
			word := strings.SplitN(short, "=", 2)[0]
			switch {
			case isTokenFlag(word):
				return usageError(noTokenFlag(word))
			case strings.Contains(word, ":"): // a token pasted where a flag goes: not repeated
				return usageError("flag provided but not defined (it looks like a token, so it is not repeated here)" + see)
			case len(word) > 1 && cmd.Flags().Lookup(word) != nil:
				return usageError(fmt.Sprintf("-%s has one dash: write --%s%s", word, word, see))
			}
			return usageError("flag provided but not defined: -" + word + see)
		}
		name := notExist.GetSpecifiedName()
		switch {
		case isTokenFlag(name):
			return usageError(noTokenFlag(name))
		case strings.Contains(name, ":"):
			return usageError("flag provided but not defined (it looks like a token, so it is not repeated here)" + see)
		case cmd.HasParent() && cmd.Root().LocalNonPersistentFlags().Lookup(name) != nil:
			return usageError(fmt.Sprintf("%s does not take --%s%s", strings.TrimPrefix(cmd.CommandPath(), "unleash-tokens "), name, see))
		}
		if near := nearestFlag(cmd, name); near != "" {
			return usageError(fmt.Sprintf("flag provided but not defined: --%s: did you mean --%s?%s", name, near, see))
		}
		return usageError("flag provided but not defined: --" + name + see)
	case errors.As(err, &needs):
		return usageError(err.Error() + see)
	case errors.As(err, &invalid):
		f := invalid.GetFlag()
		switch f.Value.Type() {
		case "duration":
			return usageError(fmt.Sprintf("--%s %q: give a duration such as 10s or 2m", f.Name, invalid.GetValue()))
		case "bool":
			return usageError(fmt.Sprintf("--%s=%q: give true or false, or only --%s", f.Name, invalid.GetValue(), f.Name))
		}
	}
	return usageError(err.Error() + see)
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

// plainWord is a word a shell takes as it is.
var plainWord = regexp.MustCompile(`^[A-Za-z0-9_./:=@%+,-]+$`)

// shellWords joins args as a shell command line to copy, quoting where needed.
func shellWords(args []string) string {
	words := make([]string, len(args))
	for i, a := range args {
		if plainWord.MatchString(a) {
			words[i] = a
		} else {
			words[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
	}
	return strings.Join(words, " ")
}

// nearestFlag is the flag of cmd that name is likely a misspelling of (at
// most two edits away, or its start), or "".
func nearestFlag(cmd *cobra.Command, name string) string {
	best, bestDist := "", 3
	visit := func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		d := editDistance(name, f.Name)
		if len(name) >= 3 && strings.HasPrefix(f.Name, name) {
			d = 1
		}
		if d < bestDist {
			best, bestDist = f.Name, d
		}
	}
	cmd.Flags().VisitAll(visit)
	cmd.InheritedFlags().VisitAll(visit)
	return best
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
