package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/spf13/pflag"
	"golang.org/x/term"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/config"
)

const loginLong = `Signs in to an Unleash server and saves a profile for it, as gh auth login does.

It asks for the server's URL (unless --url gives it) and a token, read without echo (or,
with --with-token, the first line of standard input), proves the token by reading who it
belongs to (GET /api/admin/user) and says who you are signed in as and the server's version.
Then it keeps the token in the OS keyring (Secret Service, macOS Keychain or Windows
Credential Manager); where there is none, in a file readable by you alone (mode 0600) next
to the config file, which it names. The profile it writes to the config file refers to the
token ("token_keyring" or "token_file"), never holds it. The profile is --profile, or the
server's host name; the first one becomes the default.

A personal access token (user:…) is what the app needs for everything; make one in
Unleash under Profile → Personal API tokens. logout removes the token and the profile.
--demo signs in to the built-in demo data and stores nothing.
`

const logoutLong = `Removes a profile that login made: its token from the OS keyring (or its token
file) and the profile from the config file. The profile is --profile, or the default one.
`

// loginFlags are login's own flags.
type loginFlags struct{ withToken, noKeyring bool }

func (f *loginFlags) register(fs *pflag.FlagSet) {
	fs.BoolVar(&f.withToken, "with-token", false, "read the token from standard input (its first line) instead of asking")
	fs.BoolVar(&f.noKeyring, "no-keyring", false, "keep the token in a file readable by you alone (mode 0600), not in the OS keyring")
}

// stdin is the commands' standard input; tests replace it.
var stdin io.Reader = os.Stdin

// loginTokenDir is where login keeps tokens when there is no OS keyring:
// beside the config file.
func loginTokenDir(configPath string) string {
	return filepath.Join(filepath.Dir(configPath), "tokens")
}

var unsafeFileChars = regexp.MustCompile(`[^A-Za-z0-9._-]`)

func runLogin(g *globals, f loginFlags, rest []string, stdout, stderr io.Writer) int {
	if len(rest) > 0 {
		fmt.Fprintf(stderr, "unleash-tokens: unexpected argument %q: login takes only flags (--url, --profile, --with-token)\n", rest[0])
		return exitUsage
	}
	if g.demo {
		return loginDemo(stderr)
	}
	in := bufio.NewReader(stdin)
	interactive := isTerminal(stdin)
	rawURL, code := loginURL(in, g.conn.flags.URL, f.withToken, interactive, stderr)
	if code != exitOK {
		return code
	}
	base, err := api.ParseBaseURL(rawURL)
	if err == nil {
		err = api.CheckCleartext(base, g.conn.insecureHTTP)
	}
	if err != nil {
		fmt.Fprintln(stderr, "unleash-tokens:", err)
		return exitUsage
	}
	token, code := readLoginToken(in, f.withToken, interactive, stderr)
	if code != exitOK {
		return code
	}
	client, err := g.conn.newClient(config.Resolved{URL: rawURL, Token: token})
	if err != nil {
		fmt.Fprintln(stderr, "unleash-tokens:", err)
		return exitUsage
	}
	ctx, stop := interruptible()
	defer stop()
	if code := proveLogin(ctx, client, api.RedactURL(client.BaseURL()), stderr); code != exitOK {
		return code
	}

	path, err := config.Path(g.conn.flags.ConfigPath, os.LookupEnv)
	if err != nil {
		fmt.Fprintln(stderr, "unleash-tokens:", err)
		return exitError
	}
	name := g.conn.flags.Profile
	if name == "" {
		name = base.Hostname()
	}
	profile := config.Profile{URL: rawURL}
	where := ""
	err = errNoKeyringAsked
	if !f.noKeyring {
		err = config.KeyringSet(ctx, name, token)
	}
	if err == nil {
		profile.TokenKeyring = name
		where = fmt.Sprintf("The token is in the OS keyring (service %s, account %s).", config.KeyringService, name)
	} else {
		file := filepath.Join(loginTokenDir(path), unsafeFileChars.ReplaceAllString(name, "_")+".token")
		if werr := writePrivate(file, token); werr != nil {
			fmt.Fprintf(stderr, "unleash-tokens: the OS keyring cannot keep the token (%s), and neither can %s: %v. Nothing was saved.\n", keyringWords(err), file, werr)
			return exitError
		}
		profile.TokenFile = file
		where = fmt.Sprintf("The OS keyring cannot keep it (%s), so the token is in %s, readable by you alone (mode 0600).", keyringWords(err), file)
		if f.noKeyring {
			where = fmt.Sprintf("The token is in %s, readable by you alone (mode 0600).", file)
		}
	}
	becameDefault, replaced := false, ""
	err = config.Update(path, os.LookupEnv, func(f *config.File) error {
		if old, ok := f.Profiles[name]; ok && old.TokenKeyring != name && old.TokenFile != profile.TokenFile {
			replaced = fmt.Sprintf("It replaces profile %q, which took its token from %s.", name, tokenWords(old))
		}
		f.Profiles[name] = profile
		if f.DefaultProfile == "" {
			f.DefaultProfile, becameDefault = name, true
		}
		return nil
	})
	if err != nil {
		fmt.Fprintln(stderr, "unleash-tokens:", err)
		return exitError
	}
	fmt.Fprintln(stderr, where)
	if replaced != "" {
		fmt.Fprintln(stderr, replaced)
	}
	if becameDefault {
		fmt.Fprintf(stderr, "Saved profile %q, the default, in %s: run unleash-tokens.\n", name, path)
	} else {
		fmt.Fprintf(stderr, "Saved profile %q in %s: run unleash-tokens --profile %s.\n", name, path, shellWords([]string{name}))
	}
	return exitOK
}

// loginURL is the server to log in to: --url, else the first line of
// standard input, asked for on a terminal.
func loginURL(in *bufio.Reader, flagURL string, withToken, interactive bool, stderr io.Writer) (string, int) {
	if rawURL := strings.TrimSpace(flagURL); rawURL != "" {
		return rawURL, exitOK
	}
	if !interactive && !withToken {
		fmt.Fprintln(stderr, "unleash-tokens: standard input is not a terminal: give the server with --url and the token on standard input with --with-token")
		return "", exitUsage
	}
	if interactive {
		fmt.Fprint(stderr, "Unleash URL (with any path prefix, e.g. https://unleash.example.com): ")
	}
	line, _ := in.ReadString('\n')
	if rawURL := strings.TrimSpace(line); rawURL != "" {
		return rawURL, exitOK
	}
	fmt.Fprintln(stderr, "unleash-tokens: no URL given: nothing was saved")
	return "", exitUsage
}

// errNoKeyringAsked is login --no-keyring's reason.
var errNoKeyringAsked = errors.New("--no-keyring")

// keyringWords is why the keyring could not keep a token, in a few words.
func keyringWords(err error) string {
	switch {
	case errors.Is(err, config.ErrNoKeyring):
		return "there is none here"
	case errors.Is(err, errNoKeyringAsked):
		return "--no-keyring"
	}
	return api.Clean(err.Error())
}

// readLoginToken reads the token: the first line of standard input with
// --with-token, else asked for on the terminal without echo.
func readLoginToken(in *bufio.Reader, withToken, interactive bool, stderr io.Writer) (api.Secret, int) {
	var raw string
	switch {
	case withToken:
		line, err := in.ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			fmt.Fprintln(stderr, "unleash-tokens: reading the token from standard input:", err)
			return "", exitError
		}
		raw = line
	case interactive:
		fmt.Fprint(stderr, "Token (a personal access token, user:…; not shown as you type): ")
		b, err := term.ReadPassword(int(stdin.(*os.File).Fd()))
		fmt.Fprintln(stderr)
		if err != nil {
			fmt.Fprintln(stderr, "unleash-tokens: reading the token:", err)
			return "", exitError
		}
		raw = string(b)
	default:
		fmt.Fprintln(stderr, "unleash-tokens: standard input is not a terminal: give the token on it with --with-token")
		return "", exitUsage
	}
	token := api.Secret(strings.TrimSpace(raw))
	if token.IsZero() {
		fmt.Fprintln(stderr, "unleash-tokens: no token given: nothing was saved")
		return "", exitUsage
	}
	if strings.ContainsAny(token.Reveal(), " \t\r\n\x00") {
		fmt.Fprintln(stderr, "unleash-tokens: the token holds a space or a control character: give the token alone")
		return "", exitUsage
	}
	return token, exitOK
}

// proveLogin reads who the token signs in as and the server's version, and
// says them.
func proveLogin(ctx context.Context, client *api.Client, shown string, stderr io.Writer) int {
	me, err := client.Me(ctx)
	if err != nil {
		return failure(stderr, err)
	}
	server := "version unknown"
	if ed, err := client.Edition(ctx); err == nil && ed.Version != "" {
		server = "Unleash " + api.Clean(ed.Version)
		if ed.Environment != "" {
			server += " " + api.Clean(ed.Environment)
		}
	}
	who := api.Clean(me.DisplayName())
	if me.Email != "" && !strings.Contains(who, me.Email) {
		who += " <" + api.Clean(me.Email) + ">"
	}
	fmt.Fprintf(stderr, "Signed in to %s, %s, as %s.\n", shown, server, who) // one pair of parentheses: the demo's name has its own
	return exitOK
}

// loginDemo signs in to the demo's in-memory Unleash and stores nothing.
func loginDemo(stderr io.Writer) int {
	client := demoClient(0)
	ctx, stop := interruptible()
	defer stop()
	if code := proveLogin(ctx, client, demoURL, stderr); code != exitOK {
		return code
	}
	fmt.Fprintln(stderr, "With --demo nothing is stored: a real login keeps the token in the OS keyring (or a file\n"+
		"readable by you alone) and saves a profile that refers to it in the config file.")
	return exitOK
}

// writePrivate writes a token to a new file readable by its owner alone.
func writePrivate(path string, token api.Secret) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return err
	}
	_, err = f.Write([]byte(token.Reveal() + "\n"))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func runLogout(g *globals, rest []string, stdout, stderr io.Writer) int {
	if len(rest) > 0 {
		fmt.Fprintf(stderr, "unleash-tokens: unexpected argument %q: name the profile with --profile\n", rest[0])
		return exitUsage
	}
	if g.demo {
		fmt.Fprintln(stderr, "With --demo there is nothing to remove: login --demo stores nothing.")
		return exitOK
	}
	path, err := config.Path(g.conn.flags.ConfigPath, os.LookupEnv)
	if err != nil {
		fmt.Fprintln(stderr, "unleash-tokens:", err)
		return exitError
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) { // not "has no default_profile" of a file that is not there
		fmt.Fprintf(stderr, "unleash-tokens: no config file at %s: nothing to log out of (unleash-tokens login makes one)\n", path)
		return exitUsage
	}
	ctx, stop := interruptible()
	defer stop()
	var said []string
	err = config.Update(path, os.LookupEnv, func(f *config.File) error {
		name := g.conn.flags.Profile
		if name == "" {
			name = f.DefaultProfile
		}
		p, ok := f.Profiles[name]
		switch {
		case name == "":
			return usageError(fmt.Sprintf("no profile to log out of: %s has no default_profile; name one with --profile", path))
		case !ok:
			return usageError(fmt.Sprintf("profile %q is not in %s: nothing was removed", name, path))
		case p.TokenKeyring != "":
			if err := config.KeyringDelete(ctx, p.TokenKeyring); err != nil {
				return fmt.Errorf("the OS keyring did not remove the token of profile %q (%s): nothing was removed", name, keyringWords(err))
			}
			said = append(said, fmt.Sprintf("Removed the token of profile %q from the OS keyring.", name))
		case p.TokenFile != "" && filepath.Dir(p.TokenFile) == loginTokenDir(path):
			if err := os.Remove(p.TokenFile); err != nil && !errors.Is(err, os.ErrNotExist) {
				return fmt.Errorf("removing %s: %v: nothing was removed", p.TokenFile, err)
			}
			said = append(said, fmt.Sprintf("Removed the token of profile %q (%s).", name, p.TokenFile))
		default:
			return usageError(fmt.Sprintf("profile %q was not made by login (its token comes from %s): edit %s to remove it", name, tokenWords(p), path))
		}
		delete(f.Profiles, name)
		if f.DefaultProfile == name {
			f.DefaultProfile = ""
		}
		said = append(said, fmt.Sprintf("Removed profile %q from %s.", name, path))
		return nil
	})
	var usage usageError
	switch {
	case errors.As(err, &usage):
		fmt.Fprintln(stderr, "unleash-tokens:", err)
		return exitUsage
	case err != nil:
		fmt.Fprintln(stderr, "unleash-tokens:", err)
		return exitError
	}
	fmt.Fprintln(stderr, strings.Join(said, "\n"))
	return exitOK
}

// tokenWords names a profile's token source.
func tokenWords(p config.Profile) string {
	switch {
	case p.TokenCommand != nil:
		return "token_command"
	case p.TokenEnv != "":
		return "$" + p.TokenEnv
	case p.TokenFile != "":
		return "token_file " + p.TokenFile
	case p.TokenKeyring != "":
		return "the OS keyring (" + p.TokenKeyring + ")"
	}
	return "the config file itself"
}

// isTerminal says whether r is a terminal.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
