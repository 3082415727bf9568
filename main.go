// Command unleash-tokens is a terminal UI and a command line for Unleash
// tokens: personal access tokens, service-account tokens, project and API
// tokens, with their expiry and last-seen status. The work is in package cli.
package main

import (
	"os"

	"github.com/unleash-tokens/unleash-tokens/cli"
	"github.com/unleash-tokens/unleash-tokens/internal/gcpace"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = ""

// tuiGCPercent is the collector's target while the terminal UI runs
// (unless GOGC is set; internal/gcpace.SetLarge): it holds its lists for as
// long as it runs, so its resident set is what the user's machine keeps
// giving it, where a command's lasts for a second. At 30 the heap grows to
// 1.3 times what is held. Measured at 100,000 tokens (five runs each, load
// 1.6): the TUI's peak 119-131 MiB; with gcpace's 32 MiB of headroom kept
// under 30, 131-144; at 20, 114-122, for more collections while loading.
// The audit command's user time at 30 was 1.10-1.21 s against 1.03-1.11 s
// at 50, which a command that exits need not pay.
const tuiGCPercent = 30

func main() {
	setGC()
	cli.Version = version
	cli.TUIGCPercent = tuiGCPercent
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}

// setGC paces the collector by the heap's size (internal/gcpace) unless
// GOGC is set.
func setGC() {
	if os.Getenv("GOGC") == "" {
		gcpace.Start()
	}
}
