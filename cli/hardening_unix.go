//go:build unix

package cli

import "syscall"

// noCoreDumps keeps a crash from writing the process's memory, tokens
// included, to a core file.
func noCoreDumps() {
	_ = syscall.Setrlimit(syscall.RLIMIT_CORE, &syscall.Rlimit{Cur: 0, Max: 0})
}
