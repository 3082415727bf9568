package cli

import (
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
)

// helpConfigPath is the config file's default path as --help shows it:
// this machine's; the man pages name it as the user's would be.
var helpConfigPath = defaultConfigPath

// manConfigPath is the config file's default path in the man pages.
const manConfigPath = "$XDG_CONFIG_HOME/unleash-tokens/config.json"

// WriteManPages writes a man page per command (unleash-tokens.1,
// unleash-tokens-audit.1 …) into dir, the same on every machine.
func WriteManPages(dir string) error {
	root := manTree()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	old, _ := filepath.Glob(filepath.Join(dir, "*.1"))
	for _, f := range old { // a command that is gone leaves no page
		if err := os.Remove(f); err != nil {
			return err
		}
	}
	return doc.GenManTree(root, manHeader(), dir)
}

// manTree is the command tree as the man pages show it.
func manTree() *cobra.Command {
	saved := helpConfigPath
	helpConfigPath = func() string { return manConfigPath }
	defer func() { helpConfigPath = saved }()
	root := newRoot(&app{stdout: io.Discard, stderr: io.Discard})
	walk(root, func(c *cobra.Command) { c.DisableAutoGenTag = true })
	return root
}

func manHeader() *doc.GenManHeader {
	return &doc.GenManHeader{Title: "UNLEASH-TOKENS", Section: "1", Source: "unleash-tokens", Manual: "unleash-tokens manual",
		Date: &manDate}
}

// manDate is the date the man pages carry: fixed, so that they are the same
// wherever they are made.
var manDate = time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)
