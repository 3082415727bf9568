package cli

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// printFlags lists fs's flags as users type them, with two dashes (Go's
// flag package accepts both, and prints one): "--ca-file string", its
// usage on the next line, and its default when it has one.
func printFlags(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		kind, usage := flag.UnquoteUsage(f)
		line := "  --" + f.Name
		if kind != "" {
			line += " " + kind
		}
		line += "\n    \t" + strings.ReplaceAll(usage, "\n", "\n    \t")
		switch f.DefValue {
		case "", "false", "0", "0s":
		default:
			line += fmt.Sprintf(" (default %s)", f.DefValue)
		}
		fmt.Fprintln(w, line)
	})
}

// usageWithFlags is a FlagSet's Usage: the command's text, then its flags.
func usageWithFlags(w io.Writer, text string, fs *flag.FlagSet) func() {
	return func() {
		fmt.Fprint(w, text)
		fmt.Fprint(w, "\nFlags:\n")
		printFlags(w, fs)
	}
}
