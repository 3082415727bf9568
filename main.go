// Command unleash-tokens is a terminal UI and a command line for Unleash
// tokens: personal access tokens, service-account tokens, project and API
// tokens, with their expiry and last-seen status. The work is in package cli.
package main

import (
	"os"
	"runtime/debug"

	"github.com/unleash-tokens/unleash-tokens/cli"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = ""

// gcPercent is the garbage collector's target (GOGC) unless the
// environment sets one. Nearly all the heap is token lists held until the
// process ends or reloads them, so the default of 100 lets the heap grow
// to twice what is held before collecting: at 100,000 tokens that doubling
// was most of the peak resident set. At 50 the heap grows to 1.5 times what
// is held; the collector runs twice as often, but each run costs in
// proportion to the live heap, which is the same, and it never runs more
// than the allocation asks for (no limit the live heap could reach, so no
// thrashing). Measured at 100,000 tokens: the audit's peak 129-135 MiB
// against 142-177 MiB, its CPU time unchanged (1.19-1.28 s of user time
// against 1.25-1.37 s); see the README's Speed section.
const gcPercent = 50

// tuiGCPercent is the target while the terminal UI runs (unless GOGC is
// set): it holds its lists for as long as it runs, so its resident set is
// what the user's machine keeps giving it, where a command's lasts for a
// second. At 30 the heap grows to 1.3 times what is held. Measured at
// 100,000 tokens, the TUI's peak 114-131 MiB against 130-145 MiB at 50; the
// audit command's user time at 30 was 1.10-1.21 s against 1.03-1.11 s, which
// a command that exits need not pay.
const tuiGCPercent = 30

func main() {
	setGC()
	cli.Version = version
	cli.TUIGCPercent = tuiGCPercent
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}

// setGC sets the collector's target to gcPercent unless GOGC is set.
func setGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
}
