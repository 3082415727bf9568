// Command gendocs writes the man pages of unleash-tokens into docs/man (or
// the directory given): go run ./internal/gendocs. A test in cli fails when
// the committed pages differ from what it writes.
package main

import (
	"fmt"
	"os"

	"github.com/unleash-tokens/unleash-tokens/cli"
)

func main() {
	dir := "docs/man"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	if err := cli.WriteManPages(dir); err != nil {
		fmt.Fprintln(os.Stderr, "gendocs:", err)
		os.Exit(1)
	}
}
