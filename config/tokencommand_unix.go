//go:build unix

package config

import (
	"os/exec"
	"syscall"
)

// ownProcessGroup starts the helper in a process group of its own and makes
// cancelling it (the time limit) kill that whole group, so that a helper's
// children ("sh -c 'sleep 100 & …'") do not outlive it.
func ownProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}
