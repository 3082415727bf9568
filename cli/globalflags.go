package cli

import (
	"io"
	"regexp"
	"strings"
)

// commandAfterFlags moves the flags of unleash-tokens that come before a
// command to the command, which takes them too: `unleash-tokens --profile
// prod audit --all` runs `unleash-tokens audit --profile prod --all` (and
// `--profile prod pat delete 12` runs `pat delete --profile prod 12`). It is
// nil when args do not start with such flags followed by a command.
func commandAfterFlags(args []string) []string {
	var o options
	fs := topFlags(&o, io.Discard)
	fs.SetOutput(io.Discard)
	if fs.Parse(args) != nil {
		return nil
	}
	rest := fs.Args()
	flags := args[:len(args)-len(rest)]
	if len(rest) == 0 || commands[rest[0]] == nil || len(flags) == 0 || flags[len(flags)-1] == "--" {
		return nil // after --, a word is an argument, not a command
	}
	return withFlagsAfter(rest, flags)
}

// misplacedCommand is args with the command first, when a flag that
// unleash-tokens alone does not take comes before a command (`--format json
// audit`): which words are that flag's value only the command knows, so
// they are not run, only shown. It is nil otherwise.
func misplacedCommand(args []string) []string {
	var o options
	fs := topFlags(&o, io.Discard)
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	if err == nil || !strings.HasPrefix(err.Error(), "flag provided but not defined") {
		return nil
	}
	for i, a := range args {
		if a == "--" {
			return nil
		}
		if i > 0 && commands[a] != nil {
			return withFlagsAfter(args[i:], args[:i])
		}
	}
	return nil
}

// withFlagsAfter puts flags after the command that starts rest (after
// pat's own command word; pat without one shows its usage, so the flags
// have nowhere to go).
func withFlagsAfter(rest, flags []string) []string {
	head := 1
	if rest[0] == "pat" {
		if len(rest) == 1 || strings.HasPrefix(rest[1], "-") {
			return rest
		}
		head = 2
	}
	moved := append([]string{}, rest[:head]...)
	moved = append(moved, flags...)
	return append(moved, rest[head:]...)
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
