package cli

import (
	"context"
	"os"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/config"
	"github.com/unleash-tokens/unleash-tokens/status"
	"github.com/unleash-tokens/unleash-tokens/ui"
)

// profiles lists the config file's profiles for a picker: name, URL, where
// the token comes from, and any mistake visible without I/O. It reads the
// config file only.
func (c *connection) profiles() ([]config.ProfileInfo, string, error) {
	return config.Profiles(c.flags, os.LookupEnv)
}

// openProfile resolves the named profile (reading its token file or running
// its token_command, with its time limit) and makes a client for it with the
// connection's flags (--ca-file, --timeout, --insecure-http). It is I/O:
// call it from a tea.Cmd, never from Update. Warnings (a config file others
// can read) are in the Resolved.
func (c *connection) openProfile(ctx context.Context, name string) (*api.Client, config.Resolved, error) {
	resolved, err := config.ResolveProfile(ctx, c.flags, os.LookupEnv, name)
	if err != nil {
		return nil, resolved, err
	}
	client, err := c.newClient(resolved)
	resolved.Token = "" // the client holds it; the caller needs no copy
	return client, resolved, err
}

// openInstance opens a profile as the terminal UI's instance.
func (c *connection) openInstance(ctx context.Context, name string) (ui.Instance, error) {
	in, _, err := c.openWithWarnings(ctx, name)
	return in, err
}

// openWithWarnings opens a profile as an instance, with the warnings its
// configuration drew (a config file others can read).
func (c *connection) openWithWarnings(ctx context.Context, name string) (ui.Instance, []string, error) {
	client, resolved, err := c.openProfile(ctx, name)
	if err != nil {
		return ui.Instance{}, resolved.Warnings, err
	}
	return ui.Instance{Client: client, URL: client.BaseURL(), Profile: resolved.Profile, Thresholds: resolved.Thresholds, Checks: resolved.Checks},
		resolved.Warnings, nil
}

// instanceOpener opens an instance by its profile name: a config file's
// (connection.openWithWarnings) or the demo's (demoInstances).
type instanceOpener func(ctx context.Context, name string) (ui.Instance, []string, error)

// demoInstances opens the demo's instances for the commands, answering at
// once, with the thresholds of the flags.
func demoInstances(th status.Thresholds) instanceOpener {
	open := demoOpener(0)
	return func(ctx context.Context, name string) (ui.Instance, []string, error) {
		in, err := open(ctx, name)
		in.Thresholds = th
		return in, nil, err
	}
}
