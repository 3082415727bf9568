// Package cli is the unleash-tokens command: its flags and configuration,
// the terminal UI's start, --demo, and the commands for scripts (audit, pat).
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/mattn/go-isatty"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/config"
	"github.com/unleash-tokens/unleash-tokens/inmem"
	"github.com/unleash-tokens/unleash-tokens/status"
	"github.com/unleash-tokens/unleash-tokens/ui"
)

// Version is the release version; main sets it from -ldflags "-X main.version=…".
var Version = ""

// Exit codes.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// Main runs the command with its arguments (without the program name) and
// returns the exit code.
func Main(args []string, stdout, stderr io.Writer) int {
	noCoreDumps()
	return run(args, stdout, stderr)
}

type options struct {
	conn           connection
	demo           bool
	readOnly       bool
	version        bool
	clearClipboard time.Duration
}

// topFlags registers the flags of unleash-tokens without a command (the
// terminal UI's) into o; their usage goes to stdout.
func topFlags(o *options, stdout io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("unleash-tokens", flag.ContinueOnError)
	o.conn.register(fs)
	fs.BoolVar(&o.demo, "demo", false, "run on built-in demo data: an in-memory Unleash, no server, no config")
	fs.BoolVar(&o.readOnly, "read-only", false, "turn every write off")
	fs.DurationVar(&o.clearClipboard, "clear-clipboard", 0, "clear a copied secret from the clipboard after this long, e.g. 30s (if it is still there)")
	fs.BoolVar(&o.version, "version", false, "print the version and exit")
	fs.Usage = func() {
		usageWithFlags(stdout, usageText, fs)()
		fmt.Fprint(stdout, configHelp)
	}
	return fs
}

func parseFlags(args []string, stdout, stderr io.Writer) (options, error) {
	var o options
	fs := topFlags(&o, stdout)
	fs.SetOutput(stderr)
	if moved := misplacedCommand(args); moved != nil {
		if name := tokenFlagIn(args); name != "" { // never echo what follows it
			return o, usageError(noTokenFlag(name))
		}
		return o, usageError("put the flags after the command: unleash-tokens " + shellWords(moved))
	}
	rest, err := parseInterleaved(fs, args)
	if err != nil {
		return o, err
	}
	if len(rest) > 0 {
		return o, usageError(fmt.Sprintf("unexpected argument %q (see --help)", rest[0]))
	}
	return o, nil
}

const usageText = `unleash-tokens: browse, create and audit Unleash tokens (personal access tokens,
service-account tokens, project and API tokens) with their expiry and last-seen status.

Usage:
  unleash-tokens [flags]          the terminal UI
  unleash-tokens --demo           the terminal UI on built-in demo data, no server needed
  unleash-tokens pat list|create|delete [flags]
                                  personal access tokens, for scripts (pat --help)
  unleash-tokens audit [--within 14d] [--stale 90d] [--format table|json|csv|openmetrics] [--all-profiles]
                                  expired, expiring, stale and risky tokens, for cron and CI (audit --help)
  unleash-tokens serve-metrics [--listen 127.0.0.1:9810] [--every 5m]
                                  the audit as Prometheus metrics at /metrics (serve-metrics --help)
  unleash-tokens rotate pat|sa-token|api-token ID|NAME [--expires 90d] [--retire delete|grace=24h|keep]
                                  a new token of the same scope, proven, then the old one retired (rotate --help)
  unleash-tokens prune [--yes] [--format table|json|csv]
                                  delete the expired API tokens the audit finds; a dry run without --yes (prune --help)
`

const configHelp = `
Where to connect, first found wins: flags, then UNLEASH_URL and UNLEASH_API_TOKEN,
then a profile in the config file (JSON):

  {
    "default_profile": "staging",
    "profiles": {
      "staging": {"url": "https://unleash.staging.example.com", "token_file": "~/.unleash/staging.token"},
      "dev":     {"url": "http://localhost:4242", "token_env": "UNLEASH_DEV_TOKEN"}
    },
    "thresholds": {"soon": "3d", "within": "14d", "stale": "90d"}
  }

A profile's token is given inline ("token"), by file ("token_file"), by the name of
an environment variable ("token_env") or by a command that prints it ("token_command":
["pass", "show", "unleash/prod"], run without a shell, 10s at most unless
"token_command_timeout" says otherwise). No flag takes a token itself.
"risks": {"stored_in_clear": false} turns an audit check off.
`

// usageError is a mistake in the arguments that the caller still has to report.
type usageError string

func (e usageError) Error() string { return string(e) }

func defaultConfigPath() string {
	p, err := config.DefaultPath()
	if err != nil {
		return "<user config dir>/unleash-tokens/config.json"
	}
	return p
}

// commands are the subcommands, by name.
var commands = map[string]func(args []string, stdout, stderr io.Writer) int{
	"pat":           runPAT,
	"audit":         runAudit,
	"rotate":        runRotate,
	"prune":         runPrune,
	"serve-metrics": runServeMetrics,
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		if cmd, ok := commands[args[0]]; ok {
			return cmd(args[1:], stdout, stderr)
		}
		if args[0] == "help" { // help, or help audit: as --help does
			if len(args) > 1 && commands[args[1]] != nil {
				return run(append(args[1:2:2], "--help"), stdout, stderr)
			}
			args = []string{"--help"}
		}
		if moved := commandAfterFlags(args); moved != nil {
			return run(moved, stdout, stderr)
		}
	}
	o, err := parseFlags(args, stdout, stderr)
	var usageErr usageError
	switch {
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &usageErr):
		fmt.Fprintln(stderr, "unleash-tokens:", err)
		return exitUsage
	case err != nil:
		return exitUsage // parseInterleaved said why
	}
	if o.clearClipboard < 0 {
		fmt.Fprintf(stderr, "unleash-tokens: --clear-clipboard %s: give a positive duration such as 30s, or leave it out\n", o.clearClipboard)
		return exitUsage
	}
	if o.version {
		fmt.Fprintln(stdout, "unleash-tokens", versionString())
		return exitOK
	}
	var demoThresholds status.Thresholds
	if o.demo { // its flags are checked before the terminal is
		th, ok := o.conn.demoThresholds(stderr)
		if !ok {
			return exitUsage
		}
		demoThresholds = th
	}
	if f, ok := stdout.(*os.File); !ok || !isatty.IsTerminal(f.Fd()) && !isatty.IsCygwinTerminal(f.Fd()) {
		fmt.Fprintln(stderr, "unleash-tokens: the terminal UI needs a terminal, and standard output is not one.\n"+
			"For scripts: unleash-tokens audit, unleash-tokens pat list|create|delete (see --help).")
		return exitUsage
	}

	if strings.EqualFold(os.Getenv("TERM"), "dumb") {
		fmt.Fprintln(stderr, "unleash-tokens: this terminal (TERM=dumb) cannot draw the terminal UI.\n"+
			"Use a terminal that can, or the commands for scripts: unleash-tokens audit, unleash-tokens pat list|create|delete.")
		return exitUsage
	}

	var opts ui.Options
	var token api.Secret
	if o.demo {
		opts = demoOptions()
		opts.Thresholds = demoThresholds
	} else {
		client, resolved, code := o.conn.client(stderr)
		if client == nil {
			return code
		}
		opts = ui.Options{Client: client, URL: client.BaseURL(), Profile: resolved.Profile, Now: time.Now, Thresholds: resolved.Thresholds, Checks: resolved.Checks}
		token = resolved.Token
		if profiles, _, err := o.conn.profiles(); err == nil { // P switches among them
			opts.Profiles = profiles
			opts.Open = o.conn.openInstance
		}
	}
	opts.ReadOnly = o.readOnly
	opts.ClearClipboardAfter = o.clearClipboard

	lipgloss.SetHasDarkBackground(darkBackground())
	model := ui.New(opts)
	app := ui.Guard(model, token.Reveal())
	signals := newTerminalSignals()
	p := tea.NewProgram(app, append(signals.options(), tea.WithAltScreen())...)
	signals.watch(p)
	_, err = p.Run()
	clearClipboardNow(model, stderr) // before a signal ends the app
	notes := model.QuitNotes()       // creates still on their way: the token may exist, its secret lost
	for _, l := range notes {
		fmt.Fprintln(stderr, "unleash-tokens:", l)
	}
	if sig := signals.release(); sig != nil { // the terminal is back: end as the signal would
		return exitBy(sig)
	}
	if crash := app.Crash(); crash != "" {
		fmt.Fprintf(stderr, "unleash-tokens: internal error, the app stopped: %s\n"+
			"This is a bug; please report it with that line (it holds no token).\n", crash)
		return exitError
	}
	if err != nil {
		fmt.Fprintln(stderr, "unleash-tokens:", api.Clean(err.Error()))
		return exitError
	}
	if len(notes) > 0 {
		return exitError // a write may have happened that nobody saw
	}
	return exitOK
}

// clearClipboardNow clears what --clear-clipboard had yet to clear, waiting
// at most clearOnQuitLimit for the clipboard tool (a hung X server must not
// keep the app from ending).
func clearClipboardNow(m *ui.Model, stderr io.Writer) {
	said := make(chan []string, 1)
	go func() { said <- m.ClearClipboardNow() }()
	select {
	case lines := <-said:
		for _, l := range lines {
			fmt.Fprintln(stderr, "unleash-tokens:", l)
		}
	case <-time.After(clearOnQuitLimit):
		fmt.Fprintln(stderr, "unleash-tokens: the clipboard tool did not answer: clear the clipboard yourself.")
	}
}

const clearOnQuitLimit = 3 * time.Second

// demoOptions runs the app on the in-memory Unleash, answered in-process,
// with a second demo instance (open source, with risky tokens) to switch to.
func demoOptions() ui.Options {
	client, pat := demoInstance(demoLatency)
	return ui.Options{Client: client, SignedInPAT: pat, URL: demoURL, Profile: "demo", Now: time.Now, Checks: audit.AllChecks,
		Profiles: demoProfiles(), Open: demoOpener(demoLatency), ProfilesFrom: "The demo's instances, in memory (no config file is read)."}
}

// demoLatency is how long the terminal UI's demo takes to answer, as a
// server would; the commands' demo answers at once.
const demoLatency = 250 * time.Millisecond

// demoProfiles are the demo's instances: the P picker's list, and what
// audit --demo --all-profiles audits.
func demoProfiles() []config.ProfileInfo {
	return []config.ProfileInfo{
		{Name: "demo", URL: demoURL, TokenSource: "built in", Default: true},
		{Name: "demo-open-source", URL: demoOSSURL, TokenSource: "built in"},
	}
}

const demoOSSURL = "demo (in-memory Unleash, open source)"

// demoOpener opens a demo instance by its profile name: a fresh in-memory
// Unleash each time, answering after latency.
func demoOpener(latency time.Duration) func(context.Context, string) (ui.Instance, error) {
	return func(_ context.Context, profile string) (ui.Instance, error) {
		in := ui.Instance{Profile: profile, Thresholds: status.Default, Checks: audit.AllChecks}
		switch profile {
		case "demo":
			in.Client, in.SignedInPAT = demoInstance(latency)
			in.URL = demoURL
		case "demo-open-source":
			srv := inmem.New(inmem.WithLatency(latency), inmem.OpenSource(), inmem.Risky())
			client, err := api.New("https://demo-oss.unleash.invalid", inmem.AdminPAT, api.WithHTTPClient(srv.HTTPClient()))
			if err != nil {
				return in, err
			}
			in.Client, in.URL, in.SignedInPAT = client, demoOSSURL, srv.PATID(inmem.AdminPAT)
		default:
			return in, fmt.Errorf("no demo profile %q", profile)
		}
		return in, nil
	}
}

const demoURL = "demo (in-memory Unleash)"

// demoClient talks to a fresh in-memory Unleash with its seed data.
func demoClient(latency time.Duration) *api.Client {
	client, _ := demoInstance(latency)
	return client
}

// demoInstance is demoClient and the id of the PAT it signs in with, which
// the demo knows as a real server never says.
func demoInstance(latency time.Duration) (*api.Client, int) {
	srv := inmem.New(inmem.WithLatency(latency))
	client, err := api.New("https://demo.unleash.invalid", inmem.AdminPAT, api.WithHTTPClient(srv.HTTPClient()))
	if err != nil {
		panic(err) // a constant URL
	}
	return client, srv.PATID(inmem.AdminPAT)
}

// darkBackground decides light or dark once, without querying the terminal
// (a query can stall start-up on some terminals): UNLEASH_TOKENS_THEME=light
// or dark wins, then COLORFGBG, then dark.
func darkBackground() bool {
	switch strings.ToLower(os.Getenv("UNLEASH_TOKENS_THEME")) {
	case "light":
		return false
	case "dark":
		return true
	}
	if v := os.Getenv("COLORFGBG"); v != "" {
		parts := strings.Split(v, ";")
		bg := parts[len(parts)-1]
		return !(bg == "7" || bg == "15")
	}
	return true
}

// versionString is what --version prints: the release's version (-ldflags
// or the module's, as go install gives it), else, as `go version -m` would
// show a build from a checkout, "devel" and the commit, "-dirty" when the
// checkout had changes.
func versionString() string {
	info, _ := debug.ReadBuildInfo()
	return versionOf(Version, info)
}

func versionOf(stamped string, info *debug.BuildInfo) string {
	if stamped != "" {
		return stamped
	}
	if info == nil {
		return "devel"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var revision, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			revision = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if revision == "" {
		return "devel"
	}
	v := "devel " + revision[:min(len(revision), 12)]
	if modified == "true" {
		v += "-dirty"
	}
	return v
}
