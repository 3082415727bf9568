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

func main() {
	setGC()
	cli.Version = version
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}

// setGC paces the collector by the heap's size (internal/gcpace) unless
// GOGC is set.
func setGC() {
	if os.Getenv("GOGC") == "" {
		gcpace.Start()
	}
}
