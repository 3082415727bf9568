//go:build unix

package cli

import (
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// terminalSignals gives the terminal back on every signal that ends or
// stops the app. Bubble Tea's own handler knows only SIGINT and SIGTERM;
// SIGHUP and SIGQUIT would leave the alternate screen, a hidden cursor and
// raw mode behind, and a SIGTSTP sent by kill would stop the app in that
// state.
//
//   - SIGHUP, SIGINT, SIGTERM: the program stops, the terminal is restored,
//     then the app dies of the same signal, so that the shell sees it (exit
//     status 129, 130, 143) and a script that ran it stops too.
//   - SIGQUIT: the same, but the app exits with 131 (128+3, what a shell
//     shows for it): Go answers a re-raised SIGQUIT with a goroutine dump.
//   - SIGTSTP, and ctrl+z (a key in raw mode): the terminal is released, the
//     app's process group stops; on SIGCONT (fg) the terminal goes back to
//     raw mode and the alternate screen, and the screen is repainted.
type terminalSignals struct {
	fatal   chan os.Signal
	stop    chan os.Signal
	quit    chan struct{}
	done    chan struct{}
	program *tea.Program
	got     os.Signal // the fatal signal received; read after done closes
}

var fatalSignals = []os.Signal{syscall.SIGHUP, syscall.SIGINT, syscall.SIGQUIT, syscall.SIGTERM}

func newTerminalSignals() *terminalSignals {
	s := &terminalSignals{fatal: make(chan os.Signal, 1), stop: make(chan os.Signal, 1), quit: make(chan struct{}), done: make(chan struct{})}
	for _, sig := range fatalSignals {
		if !signal.Ignored(sig) { // nohup's SIGHUP stays ignored
			signal.Notify(s.fatal, sig)
		}
	}
	signal.Notify(s.stop, syscall.SIGTSTP)
	return s
}

// options are the program options the handling needs.
func (s *terminalSignals) options() []tea.ProgramOption {
	return []tea.ProgramOption{tea.WithoutSignalHandler(), tea.WithFilter(s.filter)}
}

// filter turns ctrl+z into a suspension (ResumeMsg reaches the model after).
func (s *terminalSignals) filter(_ tea.Model, msg tea.Msg) tea.Msg {
	if k, ok := msg.(tea.KeyMsg); ok && k.Type == tea.KeyCtrlZ {
		if !canSuspend() {
			return nil
		}
		return suspend()
	}
	return msg
}

// watch acts on signals for p until release.
func (s *terminalSignals) watch(p *tea.Program) {
	s.program = p
	go func() {
		defer close(s.done)
		for {
			select {
			case sig := <-s.fatal:
				s.got = sig
				p.Kill() // Run restores the terminal and returns
				return
			case <-s.stop:
				if canSuspend() {
					p.Send(suspend())
				}
			case <-s.quit:
				return
			}
		}
	}()
}

// release stops the handling; the fatal signal that ended the program, if
// one did, is returned.
func (s *terminalSignals) release() os.Signal {
	close(s.quit)
	<-s.done
	signal.Stop(s.fatal)
	signal.Stop(s.stop)
	return s.got
}

// exitBy ends the app as the signal would have, once the terminal is back:
// it does not return for SIGHUP, SIGINT and SIGTERM; for SIGQUIT (and as a
// fallback) it gives the exit code a shell would show, 128 + the signal.
func exitBy(sig os.Signal) int {
	n := sig.(syscall.Signal)
	if n != syscall.SIGQUIT {
		signal.Reset(n)
		_ = syscall.Kill(os.Getpid(), n)
		time.Sleep(time.Second) // another thread may take the signal: wait to die of it
	}
	return 128 + int(n)
}

// suspend is the message that suspends the program: Bubble Tea's exec
// releases the terminal, stopSelf stops the process group until SIGCONT,
// and the terminal is taken back and repainted. (tea.Suspend cannot be used:
// it stops the app with SIGTSTP, which the app now catches.)
func suspend() tea.Msg {
	return tea.Exec(stopSelf{}, func(error) tea.Msg { return tea.ResumeMsg{} })()
}

// stopSelf is an ExecCommand whose run is the stop.
type stopSelf struct{}

// Run stops the process group and returns once it is continued. The kill
// returns before the stop has taken hold (another thread may take the
// signal), so the wait is for SIGCONT, not for the kill.
func (stopSelf) Run() error {
	cont := make(chan os.Signal, 1)
	signal.Notify(cont, syscall.SIGCONT)
	defer signal.Stop(cont)
	if err := syscall.Kill(0, syscall.SIGSTOP); err != nil {
		return err
	}
	<-cont
	return nil
}
func (stopSelf) SetStdin(io.Reader)  {}
func (stopSelf) SetStdout(io.Writer) {}
func (stopSelf) SetStderr(io.Writer) {}

// canSuspend reports whether a shell with job control can continue the app:
// it put the app in a process group of its own. Without one (sh -c), nothing
// would ever send SIGCONT, so ctrl+z and SIGTSTP are ignored.
func canSuspend() bool {
	parent, err := syscall.Getpgid(os.Getppid())
	return err == nil && parent != syscall.Getpgrp()
}
