package cli

import (
	"context"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/config"
)

// commands are the subcommands of unleash-tokens; each calls its run
// function with the parsed flags.
func commands(a *app) []*cobra.Command {
	return []*cobra.Command{
		loginCommand(a), logoutCommand(a),
		patCommand(a), apiTokenCommand(a), saTokenCommand(a), projectCommand(a), auditCommand(a), pruneCommand(a), rotateCommand(a), serveMetricsCommand(a),
	}
}

func loginCommand(a *app) *cobra.Command {
	var f loginFlags
	cmd := &cobra.Command{
		Use:   "login",
		Short: "Sign in to a server: the token to the OS keyring, a profile to the config file",
		Long:  loginLong,
		Example: "  unleash-tokens login\n" +
			"  unleash-tokens login --url https://unleash.example.com --profile prod\n" +
			"  pass show unleash/prod | unleash-tokens login --url https://unleash.example.com --with-token\n" +
			"  unleash-tokens login --demo",
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			a.code = runLogin(&a.g, f, args, a.stdout, a.stderr)
			return nil
		},
	}
	f.register(cmd.Flags())
	return cmd
}

func logoutCommand(a *app) *cobra.Command {
	return &cobra.Command{
		Use:     "logout",
		Short:   "Remove a profile that login made, and its token",
		Long:    logoutLong,
		Example: "  unleash-tokens logout\n  unleash-tokens logout --profile prod",
		Args:    cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			a.code = runLogout(&a.g, args, a.stdout, a.stderr)
			return nil
		},
	}
}

func patCommand(a *app) *cobra.Command {
	var create patCreateFlags
	list := listCommand(a, "Your PATs, with their ids", "pat", patList)
	createCmd := &cobra.Command{
		Use:   "create --description D [--expires 30d]",
		Short: "Create a PAT: only its secret goes to standard output",
		Example: "  unleash-tokens pat create --description 'ci deploy' --expires 7d > ci.token\n" +
			"  unleash-tokens pat create --demo --description 'try it'",
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			a.code = patCreate(&a.g, create, args, a.stdout, a.stderr)
			return nil
		},
	}
	create.register(createCmd.Flags())
	del := &cobra.Command{
		Use:               "delete ID",
		Short:             "Delete one of your PATs by its id",
		Example:           "  unleash-tokens pat delete 12\n  unleash-tokens pat delete --demo 5",
		Args:              cobra.ArbitraryArgs,
		ValidArgsFunction: completePATs(a),
		RunE: func(cmd *cobra.Command, args []string) error {
			a.code = patDelete(&a.g, args, a.stdout, a.stderr)
			return nil
		},
	}
	return group(a, &cobra.Command{
		Use:   "pat",
		Short: "Your personal access tokens: list, create, delete",
		Long:  patLong,
		Example: "  unleash-tokens pat list --format json\n" +
			"  unleash-tokens pat create --description D --expires 30d > d.token\n" +
			"  unleash-tokens pat delete 12",
	}, list, createCmd, del)
}

func auditCommand(a *app) *cobra.Command {
	var f auditFlags
	cmd := &cobra.Command{
		Use:   "audit",
		Short: "Expired, expiring, stale and risky tokens, for cron and CI",
		Long:  auditLong,
		Example: "  unleash-tokens audit\n" +
			"  unleash-tokens audit --within 30d --stale 60d --format json\n" +
			"  unleash-tokens audit --all-profiles --format csv > tokens.csv\n" +
			"  unleash-tokens audit --demo --all",
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			a.code = runAudit(&a.g, f, args, a.stdout, a.stderr)
			return nil
		},
	}
	f.register(cmd.Flags())
	completeValues(cmd, "format", "table", "json", "csv", "openmetrics")
	return cmd
}

func pruneCommand(a *app) *cobra.Command {
	var f pruneFlags
	cmd := &cobra.Command{
		Use:   "prune",
		Short: "Delete the expired API tokens the audit finds (a dry run without --yes)",
		Long:  pruneLong,
		Example: "  unleash-tokens prune\n" +
			"  unleash-tokens prune --expired-for 30d --name 'ci-*' --yes\n" +
			"  unleash-tokens prune --demo --yes --format json",
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			a.code = runPrune(&a.g, f, args, a.stdout, a.stderr)
			return nil
		},
	}
	f.register(cmd.Flags())
	completeValues(cmd, "format", "table", "json", "csv")
	return cmd
}

func rotateCommand(a *app) *cobra.Command {
	var f rotateArgs
	cmd := &cobra.Command{
		Use:   "rotate pat|sa-token|api-token ID|NAME|SELECTOR",
		Short: "A new token of the same scope, proven, then the old one retired",
		Long:  rotateLong,
		Example: "  unleash-tokens rotate pat 12 --expires 90d > new.token\n" +
			"  unleash-tokens rotate api-token ci-backend --environment production --retire grace=24h\n" +
			"  unleash-tokens rotate sa-token 'deploy bot' --account ci\n" +
			"  unleash-tokens rotate api-token -- -legacy-name   # a name that starts with -\n" +
			"  unleash-tokens rotate --demo pat 5",
		Args: cobra.ArbitraryArgs,
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			switch len(args) {
			case 0:
				return []cobra.Completion{"pat\tpersonal access token", "sa-token\tservice-account token", "api-token\tAPI or project token"}, cobra.ShellCompDirectiveNoFileComp
			case 1:
				switch args[0] {
				case "pat":
					return completePATs(a)(cmd, nil, toComplete)
				case "api-token":
					return completeAPITokens(a), cobra.ShellCompDirectiveNoFileComp
				case "sa-token", "service-account-token":
					return completeSATokens(a), cobra.ShellCompDirectiveNoFileComp
				}
			}
			return nil, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			a.code = runRotate(&a.g, f, args, a.stdout, a.stderr)
			return nil
		},
	}
	f.register(cmd.Flags())
	completeValues(cmd, "retire", "grace=24h", "delete", "keep", "delete-first")
	completeValues(cmd, "type", "backend", "frontend")
	return cmd
}

func serveMetricsCommand(a *app) *cobra.Command {
	var f serveMetricsFlags
	cmd := &cobra.Command{
		Use:   "serve-metrics",
		Short: "The audit as Prometheus metrics at /metrics",
		Long:  serveMetricsLong,
		Example: "  unleash-tokens serve-metrics --listen 127.0.0.1:9810 --every 5m\n" +
			"  unleash-tokens serve-metrics --all-profiles\n" +
			"  unleash-tokens serve-metrics --demo",
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			a.code = runServeMetrics(&a.g, f, args, a.stdout, a.stderr)
			return nil
		},
	}
	f.register(cmd.Flags())
	return cmd
}

// completeValues completes a flag's value from a fixed list.
func completeValues(cmd *cobra.Command, flag string, values ...string) {
	_ = cmd.RegisterFlagCompletionFunc(flag, cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp))
}

// profileNames are the config file's profiles (the demo's with --demo),
// for completion: reading the config file only.
func profileNames(g *globals) []cobra.Completion {
	if g.demo {
		return []cobra.Completion{"demo", "demo-open-source"}
	}
	profiles, _, err := config.Profiles(g.conn.flags, os.LookupEnv)
	if err != nil {
		return nil
	}
	var out []cobra.Completion
	for _, p := range profiles {
		out = append(out, cobra.CompletionWithDesc(p.Name, p.URL))
	}
	return out
}

// completionLimit bounds a completion that asks the server.
const completionLimit = 3 * time.Second

// completionClient is a client for completion, or nil: nothing is said
// (a completion prints no messages).
func completionClient(g *globals) (*api.Client, context.Context, context.CancelFunc) {
	conn := g.conn
	if conn.timeout <= 0 || conn.timeout > completionLimit {
		conn.timeout = completionLimit
	}
	client, _, _ := conn.clientOrDemo(g.demo, io.Discard)
	ctx, cancel := context.WithTimeout(context.Background(), completionLimit)
	return client, ctx, cancel
}

// completePATs completes a PAT id, with its description, from the server.
func completePATs(a *app) cobra.CompletionFunc {
	return func(_ *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		client, ctx, cancel := completionClient(&a.g)
		defer cancel()
		if client == nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		pats, err := client.ListPATs(ctx)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []cobra.Completion
		for _, p := range pats {
			out = append(out, cobra.CompletionWithDesc(strconv.Itoa(p.ID), api.Clean(p.Description)))
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// completeAPITokens are the API tokens' names, from the server.
func completeAPITokens(a *app) []cobra.Completion {
	client, ctx, cancel := completionClient(&a.g)
	defer cancel()
	if client == nil {
		return nil
	}
	toks, err := client.ListAPITokens(ctx)
	if err != nil {
		return nil
	}
	seen := map[string]bool{}
	var out []cobra.Completion
	for _, t := range toks {
		if name := api.Clean(t.Name); !seen[name] && !strings.HasPrefix(name, "-") {
			seen[name] = true
			out = append(out, name)
		}
	}
	return out
}

// listCommand is NOUN list, with --format.
func listCommand(a *app, short, noun string, run func(*globals, string, []string, io.Writer, io.Writer) int) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "list",
		Short: short,
		Example: "  unleash-tokens " + noun + " list\n" +
			"  unleash-tokens " + noun + " list --format json | jq '.[].name'\n" +
			"  unleash-tokens " + noun + " list --demo --format csv",
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			a.code = run(&a.g, format, args, a.stdout, a.stderr)
			return nil
		},
	}
	registerFormat(cmd.Flags(), &format)
	completeValues(cmd, "format", listFormats...)
	return cmd
}

const apiTokenLong = `API tokens (backend and frontend, for SDKs; project tokens are API tokens of one project),
for scripts. list shows them all, as the audit does (the same fields in JSON and CSV);
create prints only the new secret on standard output; delete and expire name a token by
its name or selector, narrowed with --environment, --type, --project or --created when
the name matches several (they are listed), and re-read the list to confirm. A name that
starts with - goes after --. --demo works on the built-in demo data.
`

func apiTokenCommand(a *app) *cobra.Command {
	var create apiTokenCreateFlags
	createCmd := &cobra.Command{
		Use:   "create --name N --environment E",
		Short: "Create an API token: only its secret goes to standard output",
		Example: "  unleash-tokens api-token create --name checkout-web --environment production --type frontend\n" +
			"  unleash-tokens api-token create --name ci --environment dev --project payments --expires 7d",
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			a.code = apiTokenCreate(&a.g, create, args, a.stdout, a.stderr)
			return nil
		},
	}
	create.register(createCmd.Flags())
	completeValues(createCmd, "type", "backend", "frontend")
	var del rotateArgs
	deleteCmd := &cobra.Command{
		Use:   "delete NAME|SELECTOR",
		Short: "Delete one API token",
		Example: "  unleash-tokens api-token delete ci-old\n" +
			"  unleash-tokens api-token delete checkout-web --environment staging\n" +
			"  unleash-tokens api-token delete -- -legacy-name",
		Args:              cobra.ArbitraryArgs,
		ValidArgsFunction: completeAPITokenName(a),
		RunE: func(cmd *cobra.Command, args []string) error {
			a.code = apiTokenDelete(&a.g, del, args, a.stdout, a.stderr)
			return nil
		},
	}
	registerAPITokenSelect(deleteCmd.Flags(), &del)
	var exp apiTokenExpireFlags
	expireCmd := &cobra.Command{
		Use:   "expire NAME|SELECTOR --at 24h|DATE|now",
		Short: "Set when an API token expires (now stops it)",
		Example: "  unleash-tokens api-token expire ci-old --at 24h\n" +
			"  unleash-tokens api-token expire checkout-web --environment staging --at now",
		Args:              cobra.ArbitraryArgs,
		ValidArgsFunction: completeAPITokenName(a),
		RunE: func(cmd *cobra.Command, args []string) error {
			a.code = apiTokenExpire(&a.g, exp, args, a.stdout, a.stderr)
			return nil
		},
	}
	registerAPITokenSelect(expireCmd.Flags(), &exp.sel)
	expireCmd.Flags().StringVar(&exp.at, "at", "", "when it expires: 24h, 7d, 2027-01-31 (the end of that day, UTC), or now")
	return group(a, &cobra.Command{
		Use:   "api-token",
		Short: "API tokens: list, create, delete, expire",
		Long:  apiTokenLong,
		Example: "  unleash-tokens api-token list --format json\n" +
			"  unleash-tokens api-token create --name ci --environment development > ci.token\n" +
			"  unleash-tokens api-token expire ci-old --at 24h",
	}, listCommand(a, "Every API token, as the audit lists them", "api-token", apiTokenList), createCmd, deleteCmd, expireCmd)
}

func saTokenCommand(a *app) *cobra.Command {
	return group(a, &cobra.Command{
		Use:     "sa-token",
		Short:   "Service-account tokens (Unleash Enterprise): list",
		Long:    "Service accounts' tokens, for scripts (Unleash Enterprise). rotate sa-token rotates one.\n",
		Example: "  unleash-tokens sa-token list --format json",
	}, listCommand(a, "Every service account's tokens", "sa-token", saTokenList))
}

func projectCommand(a *app) *cobra.Command {
	return group(a, &cobra.Command{
		Use:     "project",
		Short:   "Projects: list",
		Long:    "Projects, for scripts: their ids are what --project takes.\n",
		Example: "  unleash-tokens project list --format csv",
	}, listCommand(a, "Every project, with its id", "project", projectList))
}

// completeAPITokenName completes an API token's name from the server.
func completeAPITokenName(a *app) cobra.CompletionFunc {
	return func(_ *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return completeAPITokens(a), cobra.ShellCompDirectiveNoFileComp
	}
}

// completeSATokens are the service-account tokens' ids, with their
// descriptions and accounts, from the server (when the list of accounts
// carries their tokens: one request).
func completeSATokens(a *app) []cobra.Completion {
	client, ctx, cancel := completionClient(&a.g)
	defer cancel()
	if client == nil {
		return nil
	}
	list, err := client.ListServiceAccounts(ctx)
	if err != nil {
		return nil
	}
	var out []cobra.Completion
	for _, acct := range list.Accounts {
		for _, p := range acct.Tokens {
			out = append(out, cobra.CompletionWithDesc(strconv.Itoa(p.ID), api.Clean(p.Description)+" ("+api.Clean(acct.Name)+")"))
		}
	}
	return out
}
