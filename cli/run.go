// Package cli is the unleash-tokens command: its flags and configuration,
// the terminal UI's start, --demo, and the commands for scripts (audit, pat).
package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
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
	"github.com/unleash-tokens/unleash-tokens/internal/gcpace"
	"github.com/unleash-tokens/unleash-tokens/status"
	"github.com/unleash-tokens/unleash-tokens/ui"
)

// Version is the release version; main sets it from -ldflags "-X main.version=…".
var Version = ""

// TUIGCPercent is the garbage collector's target while the terminal UI
// runs, unless the environment sets GOGC; 0 leaves it as it is. Set by
// package main, where the reason is.
var TUIGCPercent = 0

// setTUIGC sets the collector's target to TUIGCPercent unless GOGC is set.
func setTUIGC() {
	if TUIGCPercent > 0 && os.Getenv("GOGC") == "" {
		gcpace.SetLarge(TUIGCPercent)
	}
}

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
	clearClipboard time.Duration
}

const configHelp = `
Where to connect, first found wins: flags, then UNLEASH_URL and UNLEASH_API_TOKEN,
then a profile in the config file (JSON):

    {
      "default_profile": "staging",
      "profiles": {
        "staging": {"url": "https://unleash.staging.example.com",
                    "token_file": "~/.unleash/staging.token"},
        "dev":     {"url": "http://localhost:4242", "token_env": "UNLEASH_DEV_TOKEN"}
      },
      "thresholds": {"soon": "3d", "within": "14d", "stale": "90d"}
    }

A profile's token is given inline ("token"), by file ("token_file"), by the name of
an environment variable ("token_env"), by a command that prints it ("token_command":
["pass", "show", "unleash/prod"], run without a shell, 10s at most unless
"token_command_timeout" says otherwise) or by the OS keyring ("token_keyring": "prod",
as unleash-tokens login writes it). No flag takes a token itself.
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

// runTUI starts the terminal UI with the flags of unleash-tokens without a
// command.
func runTUI(g *globals, o options, stdout, stderr io.Writer) int {
	if o.clearClipboard < 0 {
		fmt.Fprintf(stderr, "unleash-tokens: --clear-clipboard %s: give a positive duration such as 30s, or leave it out\n", o.clearClipboard)
		return exitUsage
	}
	setTUIGC()
	o.conn, o.demo = g.conn, g.demo
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
	_, err := p.Run()
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

// BuildDate is when the binary was built, set with -ldflags "-X
// github.com/unleash-tokens/unleash-tokens/cli.BuildDate=…"; without it
// --version gives the commit's time, when the build recorded one.
var BuildDate = ""

// versionText is all --version prints: the version, the build date, the Go
// version and platform, and the Unleash versions the app supports.
func versionText() string {
	info, _ := debug.ReadBuildInfo()
	return versionTextOf(Version, BuildDate, info, runtime.Version()+" "+runtime.GOOS+"/"+runtime.GOARCH)
}

func versionTextOf(stamped, date string, info *debug.BuildInfo, goVersion string) string {
	if date == "" {
		date = buildSetting(info, "vcs.time")
	}
	built := "build date unknown"
	if date != "" {
		built = "built " + date
		if date == buildSetting(info, "vcs.time") {
			built = "committed " + date
		}
	}
	return fmt.Sprintf("unleash-tokens %s\n%s\n%s\nfor Unleash %d.%d and later, open source and Enterprise\n",
		versionOf(stamped, info), built, goVersion, api.OldestSupported.Major, api.OldestSupported.Minor)
}

// buildSetting is one of the build's settings (vcs.revision …), or "".
func buildSetting(info *debug.BuildInfo, key string) string {
	if info == nil {
		return ""
	}
	for _, s := range info.Settings {
		if s.Key == key {
			return s.Value
		}
	}
	return ""
}

// versionOf is the first line --version prints: the release's version
// (-ldflags or the module's, as go install gives it), else, as `go version
// -m` would show a build from a checkout, "devel" and the commit ("-dirty"
// when the checkout had changes), or "devel, unknown commit".
func versionOf(stamped string, info *debug.BuildInfo) string {
	if stamped != "" {
		return stamped
	}
	if info != nil {
		if v := info.Main.Version; v != "" && v != "(devel)" {
			return v
		}
	}
	revision := buildSetting(info, "vcs.revision")
	if revision == "" {
		return "devel, unknown commit"
	}
	v := "devel, commit " + revision[:min(len(revision), 12)]
	if buildSetting(info, "vcs.modified") == "true" {
		v += "-dirty"
	}
	return v
}
