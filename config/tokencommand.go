package config

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/internal/redact"
)

// TokenCommand is a profile's credential helper, as gh, git and aws run
// theirs: a program and its arguments, run without a shell, whose standard
// output is the token.
//
// In the config file it is a JSON array, ["pass", "show", "unleash/prod"], or
// a string split at spaces, "pass show unleash/prod". The string form has no
// quoting: a string with a quote, backslash, $, `, |, ;, &, <, > or a
// newline is refused (use the array form), so what runs is always what the
// file says, never what a shell would make of it.
type TokenCommand []string

// UnmarshalJSON reads the array or the string form.
func (c *TokenCommand) UnmarshalJSON(b []byte) error {
	var list []string
	if err := json.Unmarshal(b, &list); err == nil {
		*c = list
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return errors.New("token_command: give an array of strings, e.g. [\"pass\", \"show\", \"unleash/prod\"]")
	}
	if i := strings.IndexAny(s, "'\"\\$`|;&<>\n\r"); i >= 0 {
		return fmt.Errorf("token_command: the string form is split at spaces only, without a shell, and %q has no meaning there: write the command as an array, e.g. [\"sh\", \"-c\", \"…\"] if you do want a shell", s[i:i+1])
	}
	*c = strings.Fields(s)
	return nil
}

// DefaultTokenCommandTimeout is how long a token_command may run unless the
// profile's token_command_timeout says otherwise.
const DefaultTokenCommandTimeout = 10 * time.Second

// Caps on what a token_command may print.
const (
	maxTokenCommandOutput = 16 << 10 // a token is one short line
	maxHelperStderr       = 4 << 10  // kept for the error message
	stderrExcerptChars    = 300
)

// TokenCommandError is a token_command that gave no token. Its text names
// the program (not its arguments, which may hold a path or a name the user
// would rather not see in a bug report), why it failed (its exit status),
// and the first line it wrote to stderr with every word of 8 or more
// characters blanked: a password or a token is such a word, and what is
// left ("gpg: … failed: No secret key") still says what went wrong. The
// helper's standard output is never quoted.
type TokenCommandError struct {
	Program  string // the base name of the program
	ExitCode int    // -1 when it did not exit by itself (timeout, signal, not started)
	Reason   string
	Stderr   string // the first line, cleaned, long words blanked
}

func (e *TokenCommandError) Error() string {
	msg := fmt.Sprintf("token_command %s %s", e.Program, e.Reason)
	if e.Stderr != "" {
		msg += "; it said: " + e.Stderr
	}
	return msg
}

// RunTokenCommand runs the helper with no shell, no standard input, the
// app's environment and a time limit, and returns the single line it
// printed. Its output is never logged or quoted in an error.
func RunTokenCommand(ctx context.Context, argv TokenCommand, timeout time.Duration, env Env) (api.Secret, error) {
	if len(argv) == 0 || strings.TrimSpace(argv[0]) == "" {
		return "", errors.New("token_command is empty: give the program and its arguments, e.g. [\"pass\", \"show\", \"unleash/prod\"]")
	}
	if timeout <= 0 {
		timeout = DefaultTokenCommandTimeout
	}
	program := filepath.Base(argv[0])
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, expandHome(argv[0], env), argv[1:]...)
	stdout := &capped{max: maxTokenCommandOutput}
	stderr := &capped{max: maxHelperStderr, keepTail: true}
	cmd.Stdin = nil // the null device: a helper that prompts gets EOF, not our terminal's keys
	cmd.Stdout, cmd.Stderr = stdout, stderr
	// The helper runs in a process group of its own, and at the time limit
	// the whole group is killed: a shell helper's children too. A child still
	// holding the pipes open cannot keep us waiting.
	ownProcessGroup(cmd)
	cmd.WaitDelay = time.Second
	err := cmd.Run()

	fail := func(code int, reason string) error {
		return &TokenCommandError{Program: program, ExitCode: code, Reason: reason, Stderr: excerpt(stderr.String(), stdout.Bytes())}
	}
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return "", fail(-1, fmt.Sprintf("did not finish within %s and was stopped (set token_command_timeout for a slower helper)", timeout))
	case ctx.Err() != nil:
		return "", fail(-1, "was stopped: "+ctx.Err().Error())
	case errors.Is(err, exec.ErrNotFound):
		return "", fail(-1, "was not found: install it or give its full path")
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		if exit.ExitCode() < 0 {
			return "", fail(-1, "was ended by a signal ("+exit.String()+")")
		}
		return "", fail(exit.ExitCode(), fmt.Sprintf("exited with status %d", exit.ExitCode()))
	}
	if err != nil && !errors.Is(err, exec.ErrWaitDelay) {
		return "", fail(-1, "could not run: "+api.Clean(errors.Unwrap(err).Error()))
	}
	if stdout.overflow {
		return "", fail(0, fmt.Sprintf("printed more than %d KiB; it should print only the token", maxTokenCommandOutput>>10))
	}
	tok := strings.TrimSpace(stdout.String())
	switch {
	case tok == "":
		return "", fail(0, "printed nothing; it should print the token")
	case strings.ContainsAny(tok, "\n\r"):
		return "", fail(0, fmt.Sprintf("printed %d lines; it should print only the token", strings.Count(tok, "\n")+1))
	}
	redact.Learn(tok) // token_command's output: never in any output
	return api.Secret(tok), nil
}

// capped is a writer that keeps at most max bytes: the first ones, or with
// keepTail the last ones. It never fails, so the helper is never killed by
// a broken pipe for writing too much.
type capped struct {
	mu       sync.Mutex
	buf      []byte
	max      int
	keepTail bool
	overflow bool
}

func (c *capped) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.buf = append(c.buf, p...)
	if len(c.buf) > c.max {
		c.overflow = true
		if c.keepTail {
			c.buf = append(c.buf[:0], c.buf[len(c.buf)-c.max:]...)
		} else {
			c.buf = c.buf[:c.max]
		}
	}
	return len(p), nil
}

func (c *capped) Bytes() []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.buf
}

func (c *capped) String() string { return string(c.Bytes()) }

var _ io.Writer = (*capped)(nil)

// longWord is a word that could be a secret: 8 characters or more.
var longWord = regexp.MustCompile(`\S{8,}`)

// excerpt is the first line the helper wrote to stderr, cleaned of control
// characters, with anything it also printed on stdout and every word of 8
// or more characters blanked out, cut short.
func excerpt(stderr string, stdout []byte) string {
	for _, line := range strings.Split(string(stdout), "\n") {
		if line = strings.TrimSpace(line); len(line) >= 4 {
			stderr = strings.ReplaceAll(stderr, line, "…")
		}
	}
	for _, l := range strings.FieldsFunc(stderr, func(r rune) bool { return r == '\n' || r == '\r' }) {
		if l = strings.TrimSpace(api.Clean(l)); l == "" {
			continue
		}
		l = longWord.ReplaceAllString(l, "…")
		if r := []rune(l); len(r) > stderrExcerptChars {
			l = string(r[:stderrExcerptChars]) + "…"
		}
		return l
	}
	return ""
}
