//go:build !unix

package cli

import (
	"os"

	tea "github.com/charmbracelet/bubbletea"
)

// terminalSignals is Bubble Tea's own handling where there are no Unix
// signals.
type terminalSignals struct{}

func newTerminalSignals() *terminalSignals              { return &terminalSignals{} }
func (s *terminalSignals) options() []tea.ProgramOption { return nil }
func (s *terminalSignals) watch(*tea.Program)           {}
func (s *terminalSignals) release() os.Signal           { return nil }
func exitBy(os.Signal) int                              { return exitError }
