package cli

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/unleash-tokens/unleash-tokens/inmem"
)

// A misspelt command or help topic says what was perhaps meant, with exit 2.
func TestDidYouMean(t *testing.T) {
	tests := []struct {
		args   []string
		stderr string // exact
	}{
		{[]string{"audi"}, `unknown command "audi": did you mean audit? (see unleash-tokens --help)`},
		{[]string{"rotat", "pat", "1"}, `unknown command "rotat": did you mean rotate? (see unleash-tokens --help)`},
		{[]string{"pat", "lsit"}, `unknown command "pat lsit": did you mean pat list? Or use pat list, pat create or pat delete`},
		{[]string{"help", "bogus"}, `unknown help topic "bogus" (see unleash-tokens --help)`},
		{[]string{"help", "audi"}, `unknown help topic "audi": did you mean help audit? (see unleash-tokens --help)`},
		{[]string{"help", "pat", "lsit"}, `unknown help topic "lsit": did you mean help pat list? (see unleash-tokens --help)`},
		{[]string{"audit", "-v"}, `flag provided but not defined: -v (see unleash-tokens audit --help)`},
		{[]string{"audit", "-demo"}, `-demo has one dash: write --demo (see unleash-tokens audit --help)`},
		{[]string{"audit", "--fromat", "json"}, `flag provided but not defined: --fromat: did you mean --format? (see unleash-tokens audit --help)`},
		{[]string{"pat", "list", "--prof", "x"}, `flag provided but not defined: --prof: did you mean --profile? (see unleash-tokens pat list --help)`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			noConfig(t)
			r := runCommand(tt.args...)
			if r.code != exitUsage || r.stderr != "unleash-tokens: "+tt.stderr+"\n" || r.stdout != "" {
				t.Fatalf("exit %d\nstdout: %s\nstderr: %q\n  want: %q", r.code, r.stdout, r.stderr, tt.stderr)
			}
		})
	}
}

// -v and --version print the version; help and help TOPIC print to stdout.
func TestVersionAndHelpTopics(t *testing.T) {
	noConfig(t)
	for _, args := range [][]string{{"-v"}, {"--version"}} {
		if r := runCommand(args...); r.code != exitOK || !strings.HasPrefix(r.stdout, "unleash-tokens ") || r.stderr != "" {
			t.Fatalf("%q: exit %d\nstdout: %s\nstderr: %s", args, r.code, r.stdout, r.stderr)
		}
	}
	if r := runCommand("help", "pat", "list"); r.code != exitOK || !strings.Contains(r.stdout, "unleash-tokens pat list [flags]") {
		t.Fatalf("exit %d\nstdout: %s", r.code, r.stdout)
	}
}

// Every command's help: lines of 100 columns at most, an Examples section,
// the global flags once, under Global Flags (the root lists them as its own).
func TestEveryHelp(t *testing.T) {
	noConfig(t)
	root := newRoot(&app{stdout: io.Discard, stderr: io.Discard})
	n := 0
	walk(root, func(c *cobra.Command) {
		path := strings.Fields(c.CommandPath())[1:]
		t.Run(c.CommandPath(), func(t *testing.T) {
			r := runCommand(append(path, "--help")...)
			if r.code != exitOK || r.stderr != "" {
				t.Fatalf("exit %d, stderr %s", r.code, r.stderr)
			}
			for _, line := range strings.Split(r.stdout, "\n") {
				if w := utf8.RuneCountInString(line); w > 100 {
					t.Errorf("a line of %d columns: %q", w, line)
				}
			}
			if strings.Count(r.stdout, "--timeout duration") != 1 {
				t.Errorf("--timeout listed %d times:\n%s", strings.Count(r.stdout, "--timeout duration"), r.stdout)
			}
			if c.HasParent() && !strings.Contains(r.stdout, "Global Flags:\n") {
				t.Errorf("no Global Flags:\n%s", r.stdout)
			}
			ours := c.Name() != "help" && c.Name() != "completion" && (!c.HasParent() || c.Parent().Name() != "completion")
			if ours && !strings.Contains(r.stdout, "\nExamples:\n  ") {
				t.Errorf("no examples:\n%s", r.stdout)
			}
		})
		n++
	})
	if n < 10 {
		t.Fatalf("only %d commands", n)
	}
}

// A rotate selector that starts with - goes after --, as rotate --help says.
func TestRotateSelectorAfterDashes(t *testing.T) {
	noConfig(t)
	r := runCommand("rotate", "--demo", "api-token", "--", "-legacy-name")
	if r.code == exitOK || !strings.Contains(r.stderr, `no API token matches "-legacy-name"`) { // the name was taken as one
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	help := runCommand("rotate", "--help").stdout
	if !strings.Contains(help, "unleash-tokens rotate api-token -- -legacy-name") {
		t.Fatalf("rotate --help does not say how:\n%s", help)
	}
}

// The completion scripts load in bash; the others are written; profile
// names and PAT ids complete.
func TestCompletion(t *testing.T) {
	noConfig(t)
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		r := runCommand("completion", shell)
		if r.code != exitOK || !strings.Contains(r.stdout, "unleash-tokens") {
			t.Fatalf("completion %s: exit %d\n%s", shell, r.code, r.stderr)
		}
		if shell != "bash" {
			continue
		}
		// As the README says: bash's script needs the bash-completion
		// package (its _get_comp_words_by_ref), and its help says so.
		if !strings.Contains(r.stdout, "_get_comp_words_by_ref") {
			t.Fatal("the bash script no longer needs bash-completion: the README says it does")
		}
		if h := runCommand("completion", "bash", "--help"); !strings.Contains(h.stdout, "'bash-completion' package") {
			t.Fatalf("completion bash --help does not name the bash-completion package:\n%s", h.stdout)
		}
		if _, err := exec.LookPath("bash"); err != nil {
			t.Log("no bash: the script is not loaded")
			continue
		}
		script := filepath.Join(t.TempDir(), "ut.bash")
		if err := os.WriteFile(script, []byte(r.stdout), 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("bash", "-c", "source "+script+" && complete -p unleash-tokens").CombinedOutput()
		if err != nil || !strings.Contains(string(out), "unleash-tokens") {
			t.Fatalf("bash: %v: %s", err, out)
		}
	}
	_, ts := inmem.NewTestServer()
	t.Cleanup(ts.Close)
	profilesConfig(t, map[string]any{"prod": map[string]any{"url": ts.URL, "token": inmem.AdminPAT}, "staging": map[string]any{"url": ts.URL}})
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"__complete", "audit", "--profile", ""}, []string{"prod\t" + ts.URL, "staging\t" + ts.URL}},
		{[]string{"__complete", "--demo", "--profile", ""}, []string{"demo", "demo-open-source"}},
		{[]string{"__complete", "--demo", "pat", "delete", ""}, []string{"5\tlaptop terraform"}},
		{[]string{"__complete", "--profile", "prod", "pat", "delete", ""}, []string{"\t"}},
		{[]string{"__complete", "rotate", ""}, []string{"pat\t", "sa-token\t", "api-token\t"}},
		{[]string{"__complete", "--demo", "rotate", "sa-token", ""}, []string{"\tgithub actions (CI runner)"}},
		{[]string{"__complete", "--demo", "rotate", "api-token", ""}, []string{"checkout-web\n"}},
		{[]string{"__complete", "--demo", "api-token", "delete", ""}, []string{"checkout-web\n"}},
		{[]string{"__complete", "audit", "--format", ""}, []string{"json", "openmetrics"}},
		{[]string{"__complete", "a"}, []string{"audit\t"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			r := runCommand(tt.args...)
			for _, w := range tt.want {
				if !strings.Contains(r.stdout, w) {
					t.Fatalf("no %q in\n%s\nstderr: %s", w, r.stdout, r.stderr)
				}
			}
		})
	}
}

// The committed man pages are what go run ./internal/gendocs writes.
func TestManPagesUpToDate(t *testing.T) {
	dir := t.TempDir()
	if err := WriteManPages(dir); err != nil {
		t.Fatal(err)
	}
	made, _ := filepath.Glob(filepath.Join(dir, "*.1"))
	committed, _ := filepath.Glob(filepath.Join("..", "docs", "man", "*.1"))
	if len(made) != len(committed) {
		t.Fatalf("%d pages made, %d committed: run go run ./internal/gendocs", len(made), len(committed))
	}
	for _, f := range made {
		want, _ := os.ReadFile(f)
		got, err := os.ReadFile(filepath.Join("..", "docs", "man", filepath.Base(f)))
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("docs/man/%s differs from what the commands say: run go run ./internal/gendocs", filepath.Base(f))
		}
	}
}

// The config file example in the man page is a literal block (.EX … .EE):
// as a paragraph, roff dropped its first line's indent, so "{" stood apart
// from the rest of the JSON.
func TestManPageKeepsTheConfigExample(t *testing.T) {
	dir := t.TempDir()
	if err := WriteManPages(dir); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(dir, "unleash-tokens.1"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), ".EX\n{\n  \"default_profile\": \"staging\",") {
		t.Fatalf("the config example is no literal block:\n%s", page)
	}
}

// The README's command list names every command and its subcommands, in
// the order the help lists them, and no command that does not exist.
func TestREADMENamesEveryCommand(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	root := newRoot(&app{stdout: io.Discard, stderr: io.Discard})
	for _, c := range root.Commands() {
		if c.Hidden {
			continue
		}
		want := "\nunleash-tokens " + c.Name()
		if c.HasAvailableSubCommands() {
			var subs []string
			for _, s := range c.Commands() {
				if s.IsAvailableCommand() {
					subs = append(subs, s.Name())
				}
			}
			want += " " + strings.Join(subs, "|")
		}
		if !bytes.Contains(readme, []byte(want+" ")) {
			t.Errorf("the README's command list lacks %q", strings.TrimPrefix(want, "\n"))
		}
	}
	_, list, _ := strings.Cut(string(readme), "## For scripts\n")
	list, _, _ = strings.Cut(list, "```\n\n")
	for _, line := range strings.Split(list, "\n") {
		if words := strings.Fields(line); len(words) > 1 && strings.HasPrefix(line, "unleash-tokens ") && line[len("unleash-tokens ")] != ' ' {
			if subcommand(root, words[1]) == nil {
				t.Errorf("the README lists %q, which is no command", words[1])
			}
		}
	}
}
