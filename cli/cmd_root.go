package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// globals are the flags every command takes (cobra's persistent flags of
// the root): where to connect, how, and --demo.
type globals struct {
	conn connection
	demo bool
}

// app is one run of the command: its output, its flags and its exit code
// (the commands say why they failed on stderr themselves, and set code).
type app struct {
	stdout, stderr io.Writer
	g              globals
	tui            options // the terminal UI's own flags
	code           int
}

// run parses args into the command tree and runs the command; usage
// mistakes are one line on stderr with exit code 2.
func run(args []string, stdout, stderr io.Writer) int {
	if name := tokenFlagIn(args); name != "" { // never echo what follows it
		fmt.Fprintln(stderr, "unleash-tokens:", noTokenFlag(name))
		return exitUsage
	}
	a := &app{stdout: stdout, stderr: stderr}
	root := newRoot(a)
	if moved := misplacedCommand(root, args); moved != nil {
		fmt.Fprintln(stderr, "unleash-tokens: put the flags after the command: unleash-tokens "+shellWords(moved))
		return exitUsage
	}
	if args == nil {
		args = []string{} // nil would make cobra read os.Args
	}
	root.SetArgs(args)
	if err := root.Execute(); err != nil {
		var usage usageError
		if !errors.As(err, &usage) {
			err = usageError(strings.TrimSuffix(err.Error(), "\n"))
		}
		fmt.Fprintln(stderr, "unleash-tokens:", err)
		return exitUsage
	}
	return a.code
}

const rootLong = `unleash-tokens: browse, create and audit Unleash tokens (personal access tokens,
service-account tokens, project and API tokens) with their expiry and last-seen status.

Without a command it starts the terminal UI (--demo: on built-in demo data, no server
needed); the commands are for scripts, cron and CI.
`

const rootExamples = `  # the terminal UI on built-in demo data, no server needed
  unleash-tokens --demo

  # sign in once: asks the URL and a token, keeps the token in the OS keyring
  unleash-tokens login

  # the terminal UI on a profile of the config file
  unleash-tokens --profile prod

  # what needs attention, for cron or CI
  unleash-tokens audit --within 30d --format json`

// newRoot is the command tree of one run.
func newRoot(a *app) *cobra.Command {
	cobra.EnableCommandSorting = false // in the order commands() gives
	root := &cobra.Command{
		Use:           "unleash-tokens",
		Short:         "Browse, create and audit Unleash tokens",
		Long:          rootLong + configHelp,
		Example:       rootExamples,
		Args:          noArguments,
		SilenceErrors: true,
		SilenceUsage:  true,
		Version:       versionText(),
		RunE: func(cmd *cobra.Command, args []string) error {
			a.code = runTUI(&a.g, a.tui, a.stdout, a.stderr)
			return nil
		},
	}
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	registerGlobalFlags(root, &a.g)
	fs := root.Flags()
	fs.BoolVar(&a.tui.readOnly, "read-only", false, "turn every write off")
	fs.DurationVar(&a.tui.clearClipboard, "clear-clipboard", 0, "clear a copied secret from the clipboard after this long, e.g. 30s (if it is still there)")
	fs.BoolP("version", "v", false, "print the version, the Go version and the Unleash versions it supports")
	root.SetVersionTemplate("{{.Version}}")
	root.SetFlagErrorFunc(flagError)
	root.SetUsageTemplate(usageTemplate)
	root.SetHelpCommand(helpCommand())
	root.AddCommand(commands(a)...)
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	walk(root, func(c *cobra.Command) { c.SuggestionsMinimumDistance = 2 })
	return root
}

// walk calls f on cmd and every command under it.
func walk(cmd *cobra.Command, f func(*cobra.Command)) {
	f(cmd)
	for _, c := range cmd.Commands() {
		walk(c, f)
	}
}

// registerGlobalFlags puts the flags every command takes on the root.
func registerGlobalFlags(root *cobra.Command, g *globals) {
	pf := root.PersistentFlags()
	g.conn.register(pf)
	pf.BoolVar(&g.demo, "demo", false, "use built-in demo data: an in-memory Unleash, no server, no config (nothing written there lasts)")
	_ = root.RegisterFlagCompletionFunc("profile", func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return profileNames(g), cobra.ShellCompDirectiveNoFileComp
	})
	_ = root.RegisterFlagCompletionFunc("config", func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return []cobra.Completion{"json"}, cobra.ShellCompDirectiveFilterFileExt
	})
}

// noArguments is the root's: any word is a mistake, perhaps a misspelt
// command.
func noArguments(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		return usageError(fmt.Sprintf("unknown command %q: did you mean %s? (see unleash-tokens --help)", args[0], strings.Join(s, " or ")))
	}
	return usageError(fmt.Sprintf("unexpected argument %q (see --help)", args[0]))
}

// unknownSubcommand is the mistake of a word after a command that has
// subcommands (pat lsit), with what was perhaps meant.
func unknownSubcommand(cmd *cobra.Command, word string) error {
	names := subcommands(cmd)
	msg := fmt.Sprintf("unknown command %q: ", cmd.Name()+" "+word)
	if s := cmd.SuggestionsFor(word); len(s) > 0 {
		msg += fmt.Sprintf("did you mean %s %s? Or ", cmd.Name(), strings.Join(s, " or "))
	}
	return usageError(msg + "use " + joinOr(names))
}

// subcommands are a group's commands as typed: "pat list", "pat create".
func subcommands(cmd *cobra.Command) []string {
	var names []string
	for _, c := range cmd.Commands() {
		if c.IsAvailableCommand() {
			names = append(names, cmd.Name()+" "+c.Name())
		}
	}
	return names
}

// joinOr is "a, b or c".
func joinOr(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

// group makes a command whose work is in its subcommands (pat, api-token):
// alone it shows its usage on stderr (exit 2); "help" shows it on stdout.
func group(a *app, cmd *cobra.Command, subs ...*cobra.Command) *cobra.Command {
	cmd.Args = cobra.ArbitraryArgs
	cmd.Annotations = map[string]string{"group": "true"}
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		switch {
		case len(args) == 0:
			cmd.SetOut(a.stderr)
			_ = cmd.Help()
			// The last line a terminal shows says what was missing.
			fmt.Fprintf(a.stderr, "\nunleash-tokens: %s needs a command: use %s\n", cmd.Name(), joinOr(subcommands(cmd)))
			a.code = exitUsage
			return nil
		case args[0] == "help":
			return cmd.Help()
		}
		return unknownSubcommand(cmd, args[0])
	}
	cmd.AddCommand(subs...)
	return cmd
}

// helpCommand is help [command], which refuses a topic it does not know
// (cobra's prints the root's help, exit 0).
func helpCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "help [command]",
		Short: "Help about any command",
		Long:  "Help for any command: unleash-tokens help audit is unleash-tokens audit --help.",
		ValidArgsFunction: func(c *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			cmd, rest, err := c.Root().Find(args)
			if err != nil || len(rest) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var out []cobra.Completion
			for _, sub := range cmd.Commands() {
				if sub.IsAvailableCommand() && strings.HasPrefix(sub.Name(), toComplete) {
					out = append(out, cobra.CompletionWithDesc(sub.Name(), sub.Short))
				}
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(c *cobra.Command, args []string) error {
			cmd, rest, err := c.Root().Find(args)
			if err != nil || len(rest) > 0 {
				word := strings.Join(args, " ")
				if len(rest) > 0 {
					word = rest[0]
				}
				msg := fmt.Sprintf("unknown help topic %q", word)
				if cmd != nil && len(rest) > 0 {
					if s := cmd.SuggestionsFor(rest[0]); len(s) > 0 {
						msg += fmt.Sprintf(": did you mean help %s?", strings.TrimPrefix(cmd.CommandPath()+" ", "unleash-tokens ")+strings.Join(s, " or "))
					}
				}
				return usageError(msg + " (see unleash-tokens --help)")
			}
			return cmd.Help()
		},
	}
}

// misplacedCommand is args with the command first, when a flag that
// unleash-tokens alone does not take comes before a command (`--format json
// audit`): which words are that flag's value only the command knows, so
// they are not run, only shown. It is nil otherwise.
func misplacedCommand(root *cobra.Command, args []string) []string {
	at := -1
	for i, a := range args {
		if a == "--" {
			return nil
		}
		if i > 0 && subcommand(root, a) != nil {
			at = i
			break
		}
	}
	if at < 0 || !strings.HasPrefix(args[0], "-") {
		return nil
	}
	fs := pflag.NewFlagSet("unleash-tokens", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	fs.AddFlagSet(root.PersistentFlags())
	fs.AddFlagSet(root.Flags())
	fs.BoolP("help", "h", false, "")
	err := fs.Parse(args[:at])
	var notExist *pflag.NotExistError
	if !errors.As(err, &notExist) {
		return nil
	}
	return withFlagsAfter(root, args[at:], args[:at])
}

// subcommand is cmd's subcommand of that name, or nil.
func subcommand(cmd *cobra.Command, name string) *cobra.Command {
	for _, c := range cmd.Commands() {
		if c.Name() == name || c.HasAlias(name) {
			return c
		}
	}
	return nil
}

// withFlagsAfter puts flags after the command that starts rest (after a
// group's own command word, pat create; a group without one shows its
// usage, so the flags have nowhere to go).
func withFlagsAfter(root *cobra.Command, rest, flags []string) []string {
	head := 1
	if cmd := subcommand(root, rest[0]); cmd != nil && cmd.HasAvailableSubCommands() {
		if len(rest) == 1 || subcommand(cmd, rest[1]) == nil {
			return rest
		}
		head = 2
	}
	moved := append([]string{}, rest[:head]...)
	moved = append(moved, flags...)
	return append(moved, rest[head:]...)
}

// usageTemplate is cobra's, with the flags wrapped to 100 columns and a
// group's usage line left out (its work is in its subcommands).
const usageTemplate = `Usage:{{if and .Runnable (not (index .Annotations "group"))}}
  {{.UseLine}}{{end}}{{if .HasAvailableSubCommands}}
  {{.CommandPath}} [command]{{end}}{{if gt (len .Aliases) 0}}

Aliases:
  {{.NameAndAliases}}{{end}}{{if .HasExample}}

Examples:
{{.Example}}{{end}}{{if .HasAvailableSubCommands}}

Available Commands:{{range .Commands}}{{if (or .IsAvailableCommand (eq .Name "help"))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableLocalFlags}}

Flags:
{{(.LocalFlags.FlagUsagesWrapped 100) | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableInheritedFlags}}

Global Flags:
{{(.InheritedFlags.FlagUsagesWrapped 100) | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableSubCommands}}

Use "{{.CommandPath}} [command] --help" for more information about a command.{{end}}
`
