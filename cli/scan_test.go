package cli

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// The secret scan for the commands: everything they print in every test is
// recorded; when the tests have run, TestMain fails the run if anything
// shaped like a secret's body (a long hex run) is on stderr, or on stdout of
// any command but pat create and rotate, whose stdout is the new secret by
// design (and nothing more).
var printed struct {
	sync.Mutex
	outputs []commandOutput
}

type commandOutput struct {
	args           []string
	stdout, stderr string
}

var secretBody = regexp.MustCompile(`[0-9a-f]{24,}`)

func recordOutput(args []string, stdout, stderr string) {
	printed.Lock()
	printed.outputs = append(printed.outputs, commandOutput{args, stdout, stderr})
	printed.Unlock()
}

func scanOutputs() []string {
	printed.Lock()
	defer printed.Unlock()
	var leaks []string
	for _, o := range printed.outputs {
		if hit := secretBody.FindString(o.stderr); hit != "" {
			leaks = append(leaks, fmt.Sprintf("%v: %q on stderr", o.args, hit))
		}
		creates := len(o.args) > 1 && (o.args[0] == "pat" || o.args[0] == "api-token") && o.args[1] == "create" || len(o.args) > 0 && o.args[0] == "rotate"
		if hit := secretBody.FindString(o.stdout); hit != "" && !creates {
			leaks = append(leaks, fmt.Sprintf("%v: %q on stdout", o.args, hit))
		}
		if creates && len(secretBody.FindAllString(o.stdout, -1)) > 1 {
			leaks = append(leaks, fmt.Sprintf("%v: more than the new secret on stdout", o.args))
		}
	}
	return leaks
}

func TestMain(m *testing.M) {
	code := m.Run()
	if leaks := scanOutputs(); len(leaks) > 0 {
		fmt.Fprintf(os.Stderr, "secret scan: %d leaks:\n  %s\n", len(leaks), strings.Join(leaks, "\n  "))
		code = 1
	} else if testing.Verbose() {
		fmt.Fprintf(os.Stderr, "secret scan: %d command outputs, no leak\n", len(printed.outputs))
	}
	os.Exit(code)
}

func TestSecretScanCatchesALeak(t *testing.T) {
	printed.Lock()
	saved := printed.outputs
	printed.outputs = []commandOutput{{args: []string{"audit"}, stderr: "user:" + strings.Repeat("cd", 28)}}
	printed.Unlock()
	leaks := scanOutputs()
	printed.Lock()
	printed.outputs = saved
	printed.Unlock()
	if len(leaks) != 1 {
		t.Fatalf("leaks %v", leaks)
	}
}
