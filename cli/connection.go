package cli

import (
	"context"
	"crypto/x509"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/config"
	"github.com/unleash-tokens/unleash-tokens/status"
)

// connection holds the flags every command shares: where to connect, how.
type connection struct {
	flags        config.Flags
	timeout      time.Duration
	caFile       string
	insecureHTTP bool
}

func (c *connection) register(fs *pflag.FlagSet) {
	fs.StringVar(&c.flags.URL, "url", "", "Unleash base URL, with any path prefix (env "+config.EnvURL+")")
	fs.StringVar(&c.flags.TokenFile, "token-file", "", "file holding the token (env "+config.EnvToken+" holds the token itself)")
	fs.StringVar(&c.flags.Profile, "profile", "", "profile from the config file")
	fs.StringVar(&c.flags.ConfigPath, "config", "", "config file (env "+config.EnvConfigPath+"; default "+helpConfigPath()+")")
	fs.DurationVar(&c.timeout, "timeout", api.DefaultTimeout, "how long one request may take, retries included")
	fs.StringVar(&c.caFile, "ca-file", "", "PEM file of a CA to trust as well as the system's, for a server with a private certificate")
	fs.BoolVar(&c.insecureHTTP, "insecure-http", false, "allow plain http:// to a host other than this machine (the token travels in clear)")
	fs.StringVar(&c.flags.Thresholds.Soon, "soon", "", "a token past half its lifetime and expiring within this is expiring soon: "+spanHelp(status.Default.Soon, "soon"))
	fs.StringVar(&c.flags.Thresholds.Within, "within", "", "a token past half its lifetime and expiring within this is expiring: "+spanHelp(status.Default.Within, "within"))
	fs.StringVar(&c.flags.Thresholds.Stale, "stale", "", "a token not used for this long is stale: "+spanHelp(status.Default.Stale, "stale"))
}

// spanHelp says what a threshold flag takes and where else it is set.
func spanHelp(def time.Duration, name string) string {
	return status.SpanExamples + ", more than zero (default " + status.Days(def) + "; config thresholds." + name + ")"
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
	client, err := c.newClient(resolved)
	if err != nil {
		fmt.Fprintln(stderr, "unleash-tokens:", err)
		return nil, resolved, exitUsage
	}
	return client, resolved, exitOK
}

// checkTimeout refuses a --timeout that would fail every request.
func (c *connection) checkTimeout() error {
	if c.timeout <= 0 {
		return fmt.Errorf("--timeout %s: give a positive duration such as 15s", c.timeout)
	}
	return nil
}

// demoThresholds are --demo's: the flags' alone (no config file is read);
// on a bad flag (a threshold, or --timeout, though the demo answers at
// once) it has said why on stderr.
func (c *connection) demoThresholds(stderr io.Writer) (status.Thresholds, bool) {
	th, err := config.ResolveThresholds(c.flags.Thresholds, config.Thresholds{}, "")
	if err == nil {
		err = c.checkTimeout()
	}
	if err != nil {
		fmt.Fprintln(stderr, "unleash-tokens:", err)
		return th, false
	}
	return th, true
}

// clientOrDemo is client, or with demo the in-memory Unleash of --demo.
func (c *connection) clientOrDemo(demo bool, stderr io.Writer) (*api.Client, status.Thresholds, int) {
	if demo {
		th, ok := c.demoThresholds(stderr)
		if !ok {
			return nil, th, exitUsage
		}
		return demoClient(0), th, exitOK
	}
	client, resolved, code := c.client(stderr)
	return client, resolved.Thresholds, code
}

// newClient makes a client for a resolved configuration with the
// connection's flags: the cleartext rule, --ca-file, --timeout.
func (c *connection) newClient(resolved config.Resolved) (*api.Client, error) {
	base, err := api.ParseBaseURL(resolved.URL)
	if err == nil {
		err = api.CheckCleartext(base, c.insecureHTTP)
	}
	if err != nil {
		return nil, err
	}
	var roots *x509.CertPool
	if c.caFile != "" {
		if roots, err = api.LoadCAFile(c.caFile); err != nil {
			return nil, fmt.Errorf("--ca-file %w", err)
		}
	}
	if err := c.checkTimeout(); err != nil {
		return nil, err
	}
	return api.New(resolved.URL, resolved.Token, api.WithTimeout(c.timeout), api.WithHTTPClient(api.NewHTTPClient(roots)))
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
