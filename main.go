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
// 1.3 times what is held. Measured at 100,000 tokens, the peak read once the
// audit's report is made (seven runs each, quiet and with one core busy):
// 114-118 MiB at 30, 105-113 at 20, but a load of 100,000 tokens took
// 343-444 ms at 20 against 294-318 at 30. The audit command's user time at
// 30 was 1.10-1.21 s against 1.03-1.11 s at 50, which a command that exits
// need not pay.
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
