// Command unleash-tokens is a terminal UI and a command line for Unleash
// tokens: personal access tokens, service-account tokens, project and API
// tokens, with their expiry and last-seen status. The work is in package cli.
package main

import (
	"os"

	"github.com/unleash-tokens/unleash-tokens/cli"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = ""

func main() {
	cli.Version = version
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
