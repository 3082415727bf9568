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

// tuiGCPercent is the collector's target for a large heap while the
// terminal UI runs (unless GOGC is set; a small heap is paced as in every
// command, internal/gcpace): it holds its lists for as long as it runs, so
// its resident set is what the user's machine keeps giving it, where a
// command's lasts for a second. At 30 the heap grows to 1.3 times what is
// held. Measured at 100,000 tokens, the TUI's peak 114-131 MiB against
// 130-145 MiB at 50; the audit command's user time at 30 was 1.10-1.21 s
// against 1.03-1.11 s, which a command that exits need not pay.
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
