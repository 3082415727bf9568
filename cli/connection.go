package cli

import (
	"context"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/config"
)

// connection holds the flags every command shares: where to connect, how.
type connection struct {
	flags        config.Flags
	timeout      time.Duration
	caFile       string
	insecureHTTP bool
}

func (c *connection) register(fs *flag.FlagSet) {
	fs.StringVar(&c.flags.URL, "url", "", "Unleash base URL, with any path prefix (env "+config.EnvURL+")")
	fs.StringVar(&c.flags.TokenFile, "token-file", "", "file holding the token (env "+config.EnvToken+" holds the token itself)")
	fs.StringVar(&c.flags.Profile, "profile", "", "profile from the config file")
	fs.StringVar(&c.flags.ConfigPath, "config", "", "config file (env "+config.EnvConfigPath+"; default "+defaultConfigPath()+")")
	fs.DurationVar(&c.timeout, "timeout", api.DefaultTimeout, "how long one request may take, retries included")
	fs.StringVar(&c.caFile, "ca-file", "", "PEM file of a CA to trust as well as the system's, for a server with a private certificate")
	fs.BoolVar(&c.insecureHTTP, "insecure-http", false, "allow plain http:// to a host other than this machine (the token travels in clear)")
	fs.StringVar(&c.flags.Thresholds.Soon, "soon", "", "a token expiring within this is expiring soon (default 7d; config thresholds.soon)")
	fs.StringVar(&c.flags.Thresholds.Within, "within", "", "a token expiring within this is expiring (default 30d; config thresholds.within)")
	fs.StringVar(&c.flags.Thresholds.Stale, "stale", "", "a token not used for this long is stale (default 90d; config thresholds.stale)")
}

// client resolves the configuration and makes a client; on failure it has
// said why on stderr and returns the exit code.
func (c *connection) client(stderr io.Writer) (*api.Client, config.Resolved, int) {
	resolved, err := config.Resolve(c.flags, os.LookupEnv)
	if err != nil {
		fmt.Fprintln(stderr, "unleash-tokens:", err)
		return nil, resolved, exitUsage
	}
	for _, w := range resolved.Warnings {
		fmt.Fprintln(stderr, "unleash-tokens: warning:", w)
	}
	base, err := api.ParseBaseURL(resolved.URL)
	if err == nil {
		err = api.CheckCleartext(base, c.insecureHTTP)
	}
	if err != nil {
		fmt.Fprintln(stderr, "unleash-tokens:", err)
		return nil, resolved, exitUsage
	}
	var roots *x509.CertPool
	if c.caFile != "" {
		if roots, err = api.LoadCAFile(c.caFile); err != nil {
			fmt.Fprintln(stderr, "unleash-tokens: --ca-file", err)
			return nil, resolved, exitUsage
		}
	}
	if c.timeout <= 0 {
		fmt.Fprintf(stderr, "unleash-tokens: --timeout %s: give a positive duration such as 15s\n", c.timeout)
		return nil, resolved, exitUsage
	}
	client, err := api.New(resolved.URL, resolved.Token, api.WithTimeout(c.timeout), api.WithHTTPClient(api.NewHTTPClient(roots)))
	if err != nil {
		fmt.Fprintln(stderr, "unleash-tokens:", err)
		return nil, resolved, exitUsage
	}
	return client, resolved, exitOK
}

// parseInterleaved parses flags that may come before or after the
// positional arguments (`pat delete 12 --profile prod`), and returns those.
// A bad flag is one line on stderr, not the whole usage; --help prints the
// usage and gives flag.ErrHelp.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	usage, out := fs.Usage, fs.Output()
	fs.Usage = func() {}
	fs.SetOutput(io.Discard)
	defer func() { fs.Usage = usage; fs.SetOutput(out) }()
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			fs.SetOutput(out)
			if errors.Is(err, flag.ErrHelp) {
				usage()
			} else {
				fmt.Fprintf(out, "unleash-tokens: %v (see %s --help)\n", err, fs.Name())
			}
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		if args[0] == "--" {
			return append(positional, args[1:]...), nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// interruptible is a context that ctrl+c cancels, for commands.
func interruptible() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt)
}

// failure prints an API error with what to do next, and gives its exit code.
func failure(stderr io.Writer, err error) int {
	text := api.Clean(err.Error())
	if e, ok := api.AsError(err); ok && e.Hint() != "" {
		text += "\n" + e.Hint()
	}
	fmt.Fprintln(stderr, "unleash-tokens:", strings.ReplaceAll(text, "\n", "\n  "))
	return exitError
}

// clock is the commands' time; tests fix it.
var clock = time.Now

// cut shortens s to w terminal columns (wide characters count two), ending
// in "…" when it cut.
func cut(s string, w int) string { return ansi.Truncate(s, w, "…") }

// writeAligned writes rows in columns two spaces apart, measured in terminal
// columns so wide characters keep them aligned; style colours a cell after
// it is padded, so colour codes never count as width.
func writeAligned(w io.Writer, rows [][]string, style func(row, col int) *lipgloss.Style) error {
	if len(rows) == 0 {
		return nil
	}
	widths := make([]int, len(rows[0]))
	for _, row := range rows {
		for i, cell := range row {
			widths[i] = max(widths[i], ansi.StringWidth(cell))
		}
	}
	for n, row := range rows {
		var b strings.Builder
		for i, cell := range row {
			if i < len(row)-1 {
				cell += strings.Repeat(" ", widths[i]-ansi.StringWidth(cell)+2)
			} else {
				cell = strings.TrimRight(cell, " ")
			}
			if st := style(n, i); st != nil {
				cell = st.Render(cell)
			}
			b.WriteString(cell)
		}
		if _, err := fmt.Fprintln(w, b.String()); err != nil {
			return err
		}
	}
	return nil
}
