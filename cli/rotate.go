package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/rotate"
	"github.com/unleash-tokens/unleash-tokens/status"
	"github.com/unleash-tokens/unleash-tokens/tokenref"
)

const rotateUsage = `Usage:
  unleash-tokens rotate pat ID|DESCRIPTION [--expires 90d] [--retire keep|delete|delete-first]
  unleash-tokens rotate sa-token ID|DESCRIPTION [--account NAME|ID] [--expires 90d]
                 [--retire keep|delete|delete-first]
  unleash-tokens rotate api-token NAME|SELECTOR [--environment E] [--type backend|frontend] [--project P]
                 [--created TIME] [--expires 90d] [--retire grace=24h|delete|keep]
`

const rotateLong = `Makes a new token with the old one's scope (an API token's name, type, environment and
projects; a PAT's description with " (rotated DATE)", as descriptions are unique), proves
that its secret works without printing it (a PAT or service-account token signs in, a
backend token reads /api/client/features, a frontend token /api/frontend), and only then
retires the old one as --retire says:
  grace=24h     API tokens: set the old one to expire in 24h (or 1h, 7d …), so Unleash
                cuts it off then and nothing has to stay running (the default for API tokens)
  delete        delete the old one now
  keep          leave it (the default for PATs and service-account tokens: Unleash cannot
                set them to expire later)
  delete-first  only at Unleash's cap of 10 PATs: delete the old one BEFORE creating the new
                one. Its secret stops working at once, and if the create fails you have neither.

--expires sets the new token's expiry (30d, 2027-01-31, never …); by default it lives as
long as the old one did, or 90 days when the old one had no expiry. A create that gets no
answer is never retried, and nothing is deleted after it.

A service-account token may be named by its id alone; --account narrows a description to
one account. A name that matches several tokens is refused and the candidates are listed:
narrow it with the flags shown. A name or selector that starts with - goes after --:
unleash-tokens rotate api-token -- -legacy-name. Never pass a secret: name the token.
--demo rotates in the built-in demo data (nothing written there lasts).

The new secret alone goes to standard output; everything else to standard error.
Exit codes: 0 rotated; 1 the server refused or failed (the messages say which step, and
whether the old token is kept); 2 bad usage or configuration, or a name that matches no
token or several.
`

type rotateArgs struct {
	kind        tokenref.Kind
	name        string
	account     string
	environment string
	tokenType   string
	project     string
	created     string
	expires     string
	retire      string
}

func (a *rotateArgs) register(fs *pflag.FlagSet) {
	fs.StringVar(&a.expires, "expires", "", "the new token's expiry (default: the old token's lifetime, or 90d)")
	fs.StringVar(&a.retire, "retire", "", "what becomes of the old token: grace=24h, delete, keep or delete-first (default: grace=24h for API tokens, keep for the others)")
	fs.StringVar(&a.account, "account", "", "sa-token: the service account, by name or id")
	fs.StringVar(&a.environment, "environment", "", "api-token: only tokens of this environment")
	fs.StringVar(&a.tokenType, "type", "", "api-token: only tokens of this type (backend or frontend)")
	fs.StringVar(&a.project, "project", "", "api-token: only tokens of this project (* for all-projects tokens)")
	fs.StringVar(&a.created, "created", "", "api-token: only the token created at this time, as the candidates list shows it (a prefix will do)")
}

func runRotate(g *globals, a rotateArgs, rest []string, stdout, stderr io.Writer) int {
	conn, demo := g.conn, g.demo
	if code, ok := a.parsePositional(rest, stderr); !ok {
		return code
	}
	if code, ok := a.checkFlags(stderr); !ok {
		return code
	}
	retire, err := a.retirement()
	if err != nil {
		fmt.Fprintln(stderr, "unleash-tokens: --retire", err)
		return exitUsage
	}
	now := clock()
	opts := rotate.Options{Now: now}
	if a.expires != "" {
		when, err := status.ParseExpiry(a.expires, now)
		if err != nil {
			fmt.Fprintln(stderr, "unleash-tokens: --expires:", err)
			return exitUsage
		}
		opts.ExpiresAt = &when
	}
	client, _, code := conn.clientOrDemo(demo, stderr)
	if client == nil {
		return code
	}
	ctx, stop := interruptible()
	defer stop()

	old, code, ok := findToRotate(ctx, client, a, stderr)
	if !ok {
		return code
	}
	if err := retire.Allowed(old); err != nil {
		fmt.Fprintln(stderr, "unleash-tokens: --retire:", err)
		return exitUsage
	}
	plan, err := rotate.NewPlan(ctx, client, old, opts)
	if err != nil {
		return failure(stderr, err)
	}
	fmt.Fprintf(stderr, "Rotating %s, which %s.\n", plan.Old.Describe(), expiryPhrase(plan.Old.ExpiresAt(), now))
	for _, w := range plan.Warnings {
		fmt.Fprintln(stderr, "unleash-tokens: warning:", w)
	}
	switch {
	case plan.AtCap && retire.How != rotate.DeleteFirst:
		fmt.Fprintf(stderr, "unleash-tokens: %s\nNothing was created. To delete the old token first, run again with --retire delete-first.\n", plan.CapNote())
		return exitError
	case plan.AtCap:
		switch own, why := signsInWith(ctx, client, plan.Old, now); own {
		case ownCertain:
			fmt.Fprintf(stderr, "unleash-tokens: --retire delete-first: %s is the token this command signs in with (%s): "+
				"once it is deleted, the server refuses this command, so its replacement could not be made. Nothing was written.\n"+
				"Sign in with another PAT of the same user (--token-file), or make room by deleting a token you no longer use.\n", plan.Old.Describe(), why)
			return exitUsage
		case ownMaybe:
			fmt.Fprintf(stderr, "unleash-tokens: warning: %s may be the token this command signs in with (%s): if it is, the create after its delete will be refused.\n", plan.Old.Describe(), why)
		}
		fmt.Fprintf(stderr, "unleash-tokens: warning: deleting %s before its replacement exists: its secret stops working now, and if the new one cannot be made you have neither.\n", plan.Old.Describe())
	case retire.How == rotate.DeleteFirst:
		fmt.Fprintf(stderr, "unleash-tokens: --retire delete-first is only for a full set of %d PATs, and there is room: use --retire delete, which waits until the new token is proven. Nothing was written.\n", api.PATLimit)
		return exitUsage
	}

	res := rotate.Run(ctx, client, plan, retire)
	defer res.Secret.Wipe()
	for _, s := range res.Steps {
		fmt.Fprintf(stderr, "%-7s %s\n", string(s.Name)+":", s.Message)
	}
	prove, proved := res.Step(rotate.StepProve)
	switch {
	case proved && prove.Outcome == rotate.Done:
		writeSecret(stdout, res.Secret)
		fmt.Fprintln(stderr, "The new secret is on standard output and will not be shown again.")
	case proved && prove.Outcome == rotate.Unknown:
		writeSecret(stdout, res.Secret)
		fmt.Fprintln(stderr, "The new secret is on standard output, although it could not be proven: check that it works before you use it, then retire the old token.")
	case proved:
		fmt.Fprintf(stderr, "The new token does not work, so its secret is not printed: delete %s.\n", res.New.Describe())
	}
	if res.Done() {
		return exitOK
	}
	return exitError
}

// writeSecret prints a new secret alone on its line, from its own bytes
// (two writes: appending the newline could copy them).
func writeSecret(stdout io.Writer, s *api.Credential) {
	if s.IsZero() {
		return
	}
	_, _ = stdout.Write(s.Bytes())
	_, _ = stdout.Write([]byte{'\n'})
}

func (a *rotateArgs) parsePositional(rest []string, stderr io.Writer) (int, bool) {
	if len(rest) == 0 {
		fmt.Fprint(stderr, rotateUsage)
		fmt.Fprintln(stderr, "\nunleash-tokens: rotate what? use rotate pat, rotate sa-token or rotate api-token, and name the token")
		return exitUsage, false
	}
	switch rest[0] {
	case "pat":
		a.kind = tokenref.PAT
	case "sa-token", "service-account-token":
		a.kind = tokenref.ServiceAccountToken
	case "api-token", "project-token":
		a.kind = tokenref.APIToken
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stderr, rotateUsage)
		return exitOK, false
	default:
		fmt.Fprintf(stderr, "unleash-tokens: rotate what? %q: use rotate pat, rotate sa-token or rotate api-token\n", rest[0])
		return exitUsage, false
	}
	if len(rest) != 2 || strings.TrimSpace(rest[1]) == "" {
		fmt.Fprintf(stderr, "unleash-tokens: rotate %s takes one token: its id, description or name (see rotate --help)\n", rest[0])
		return exitUsage, false
	}
	a.name = rest[1]
	if api.Secret(a.name).FormatKind() == api.FormatV1 || api.Secret(a.name).FormatKind() == api.FormatV2 {
		fmt.Fprintln(stderr, "unleash-tokens: that looks like a token's secret: name the token instead (its name, id or selector). A secret on a command line is visible to every user of this machine; consider it exposed.")
		return exitUsage, false
	}
	return exitOK, true
}

func (a *rotateArgs) checkFlags(stderr io.Writer) (int, bool) {
	apiOnly := map[string]string{"--environment": a.environment, "--type": a.tokenType, "--project": a.project, "--created": a.created}
	for _, f := range []string{"--environment", "--type", "--project", "--created"} {
		if apiOnly[f] != "" && a.kind != tokenref.APIToken {
			fmt.Fprintf(stderr, "unleash-tokens: %s is for rotate api-token\n", f)
			return exitUsage, false
		}
	}
	if a.account != "" && a.kind != tokenref.ServiceAccountToken {
		fmt.Fprintln(stderr, "unleash-tokens: --account is for rotate sa-token")
		return exitUsage, false
	}
	if a.tokenType != "" {
		if _, err := api.ParseTokenType(a.tokenType); err != nil {
			fmt.Fprintln(stderr, "unleash-tokens: --type:", err)
			return exitUsage, false
		}
	}
	return exitOK, true
}

// retirement is --retire, or the default for the kind.
func (a *rotateArgs) retirement() (rotate.Retire, error) {
	if a.retire == "" {
		if a.kind == tokenref.APIToken {
			return rotate.Retire{How: rotate.Grace, Grace: rotate.DefaultGrace}, nil
		}
		return rotate.Retire{How: rotate.Keep}, nil
	}
	return rotate.ParseRetire(a.retire)
}

// ownership is whether the old token is the one the command signs in with.
type ownership int

const (
	ownNot     ownership = iota
	ownMaybe             // it could be: a server never says which PAT a request used
	ownCertain           // it is: no other token of its user could sign in
)

// signsInWith says whether old, a PAT or service-account token, is the token
// the client signs in with, and why it thinks so. Only a PAT (`user:…`) of
// the same user, not expired, can be; when old is the only such one, it is.
func signsInWith(ctx context.Context, c *api.Client, old tokenref.Token, now time.Time) (ownership, string) {
	if old.Kind == tokenref.APIToken || !c.SignsInWithPAT() {
		return ownNot, ""
	}
	if e := old.ExpiresAt(); e != nil && !e.After(now) {
		return ownNot, "" // the server refuses an expired token: this command does not sign in with it
	}
	var list []api.PAT
	var err error
	if old.Kind == tokenref.PAT {
		list, err = c.ListPATs(ctx) // the signed-in user's own
	} else {
		var me api.User
		if me, err = c.Me(ctx); err == nil && me.ID != old.AccountID {
			return ownNot, ""
		}
		if err == nil {
			list, err = c.ListServiceAccountTokens(ctx, old.AccountID)
		}
	}
	if err != nil {
		return ownMaybe, "which the server does not say, and the list to tell could not be read: " + api.Clean(err.Error())
	}
	live := 0
	for _, p := range list {
		if p.ExpiresAt == nil || p.ExpiresAt.After(now) {
			live++
		}
	}
	if live <= 1 {
		return ownCertain, "it is the only one of its user's tokens that has not expired"
	}
	return ownMaybe, fmt.Sprintf("the server does not say which of its user's %d unexpired tokens that is", live)
}
