package cli

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spf13/pflag"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/status"
)

const patLong = `Your personal access tokens, for scripts.

--demo runs any of them on the built-in demo data instead of a server (each run starts
from the demo's own PATs: what create or delete does there is gone when it ends).

--expires takes 7d, 30d (the default), 12h, 2w, 3mo, 1y, a date (2027-01-31: the end of
that day, UTC), a date and time (2027-01-31 18:00, UTC) or never.
Messages go to standard error. Exit codes: 0 done, 1 the server refused or failed,
2 bad usage or configuration. Connection settings are the terminal UI's.
`

// patCreateFlags are pat create's own flags.
type patCreateFlags struct{ desc, expires string }

func (f *patCreateFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.desc, "description", "", "what the token is for; unique among your PATs (required)")
	fs.StringVar(&f.expires, "expires", "30d", "when it expires: 30d, 2027-01-31, never …")
}

func patCreate(g *globals, f patCreateFlags, rest []string, stdout, stderr io.Writer) int {
	conn, demo, desc, expires := g.conn, g.demo, f.desc, f.expires
	if len(rest) > 0 {
		fmt.Fprintf(stderr, "unleash-tokens: unexpected argument %q: give the description with --description\n", rest[0])
		return exitUsage
	}
	desc = strings.TrimSpace(desc)
	if desc == "" {
		fmt.Fprintln(stderr, `unleash-tokens: a description is required, e.g. --description "ci deploy"`)
		return exitUsage
	}
	if n := utf8.RuneCountInString(desc); n > api.MaxNameLength {
		fmt.Fprintf(stderr, "unleash-tokens: the description is %d characters long; keep it to %d or fewer\n", n, api.MaxNameLength)
		return exitUsage
	}
	now := clock()
	when, err := status.ParseExpiry(expires, now)
	if err != nil {
		fmt.Fprintln(stderr, "unleash-tokens: --expires:", err)
		return exitUsage
	}
	client, _, code := conn.clientOrDemo(demo, stderr)
	if client == nil {
		return code
	}
	if status.IsNever(&when, now) {
		fmt.Fprintln(stderr, "unleash-tokens: warning: this token will never expire; an expiry is recommended, as a leaked token stays valid.")
	}
	ctx, stop := interruptible()
	defer stop()
	pat, err := client.CreatePAT(ctx, api.CreatePAT{Description: desc, ExpiresAt: when})
	switch {
	case api.KindOf(err) == api.KindConflict:
		fmt.Fprintf(stderr, "unleash-tokens: you already have a PAT described %q: choose another description, or delete that one (unleash-tokens pat list shows ids).\n", api.Clean(desc))
		return exitError
	case api.KindOf(err) == api.KindLimitReached:
		fmt.Fprintf(stderr, "unleash-tokens: %s\nUnleash allows 10 PATs per user: delete one first (unleash-tokens pat list shows them).\n", api.Clean(err.Error()))
		return exitError
	case api.OutcomeUnknown(err):
		return patLost(client, desc, err, stderr)
	case err != nil:
		return failure(stderr, err)
	}
	defer pat.Credential.Wipe()
	writeSecret(stdout, pat.Credential)
	fmt.Fprintf(stderr, "Created PAT %q (id %d), %s. The secret is on standard output and will not be shown again.\n",
		api.Clean(pat.Description), pat.ID, expiryPhrase(pat.ExpiresAt, now))
	return exitOK
}

// patLost answers a create whose answer was lost: it may have happened, so
// it is not retried; the list says whether it did.
func patLost(client *api.Client, desc string, cause error, stderr io.Writer) int {
	ctx, cancel := context.WithTimeout(context.Background(), api.DefaultTimeout)
	defer cancel()
	what := fmt.Sprintf("PAT %q", api.Clean(desc))
	fmt.Fprintln(stderr, "unleash-tokens:", api.Clean(cause.Error()))
	pats, err := client.ListPATs(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "unleash-tokens: the list of PATs could not be read to see whether %s was created (%s).\n"+
			"Run \"unleash-tokens pat list\" before trying again: a second run could make a second token.\n", what, api.Clean(err.Error()))
		return exitError
	}
	for _, p := range pats {
		if p.Description == desc {
			fmt.Fprintf(stderr, "unleash-tokens: no answer in time, but %s (id %d) now exists. Its secret is lost: delete it with \"unleash-tokens pat delete %d\", then create another.\n", what, p.ID, p.ID)
			return exitError
		}
	}
	fmt.Fprintf(stderr, "unleash-tokens: no answer in time, and no %s exists: nothing was created. It is safe to try again.\n", what)
	return exitError
}

func patDelete(g *globals, rest []string, stdout, stderr io.Writer) int {
	conn, demo := g.conn, g.demo
	id, idErr := 0, error(nil)
	if len(rest) == 1 {
		id, idErr = strconv.Atoi(rest[0])
	}
	if len(rest) != 1 || idErr != nil || id <= 0 {
		fmt.Fprintln(stderr, "unleash-tokens: pat delete takes one PAT id, a number such as 12 (unleash-tokens pat list shows them)")
		return exitUsage
	}
	client, _, code := conn.clientOrDemo(demo, stderr)
	if client == nil {
		return code
	}
	ctx, stop := interruptible()
	defer stop()
	before, err := client.ListPATs(ctx)
	if err != nil {
		return failure(stderr, err)
	}
	target, ok := findPAT(before, id)
	if !ok {
		fmt.Fprintf(stderr, "unleash-tokens: you have no PAT with id %d: nothing was deleted (unleash-tokens pat list shows yours).\n", id)
		return exitError
	}
	what := fmt.Sprintf("PAT %d %q", id, api.Clean(target.Description))
	delErr := client.DeletePAT(ctx, id)
	lost := api.OutcomeUnknown(delErr) // the request went out, its answer did not come back: it may have landed
	if delErr != nil && !lost {
		return failure(stderr, delErr)
	}
	answered := "the server accepted deleting " + what
	if lost {
		fmt.Fprintln(stderr, "unleash-tokens:", api.Clean(delErr.Error()))
		answered = "no answer came to deleting " + what
	}
	// The server answers 200 whether or not it deleted anything, and a lost
	// answer says nothing: look.
	after, err := client.ListPATs(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "unleash-tokens: %s, and the list could not be re-read to confirm whether it is gone: %s\n"+
			"Run \"unleash-tokens pat list\" to see.\n", answered, api.Clean(err.Error()))
		return exitError
	}
	if _, still := findPAT(after, id); still {
		if lost {
			fmt.Fprintf(stderr, "unleash-tokens: %s, and it is still listed: it was not deleted. It is safe to try again.\n", answered)
		} else {
			fmt.Fprintf(stderr, "unleash-tokens: the server answered OK, but %s is still listed: it was not deleted.\n", what)
		}
		return exitError
	}
	if lost {
		fmt.Fprintf(stderr, "Deleted %s: its answer was lost, but the list no longer has it.\n", what)
		return exitOK
	}
	fmt.Fprintf(stderr, "Deleted %s.\n", what)
	return exitOK
}

func patList(g *globals, format string, rest []string, stdout, stderr io.Writer) int {
	if len(rest) > 0 {
		fmt.Fprintf(stderr, "unleash-tokens: unexpected argument %q: pat list takes none\n", rest[0])
		return exitUsage
	}
	if !checkFormat(format, stderr) {
		return exitUsage
	}
	var pats []api.PAT
	th, instance, code := listed(g, stderr, func(ctx context.Context, c *api.Client) (err error) {
		pats, err = c.ListPATs(ctx)
		return err
	})
	if code != exitOK {
		return code
	}
	if len(pats) == 0 && format == "table" {
		fmt.Fprintln(stderr, "You have no personal access tokens.")
		return exitOK
	}
	now := clock()
	return writeTokens(stdout, stderr, audit.PATRows(pats, th, now), format, instance, th, now)
}

func findPAT(pats []api.PAT, id int) (api.PAT, bool) {
	for _, p := range pats {
		if p.ID == id {
			return p, true
		}
	}
	return api.PAT{}, false
}

// expiryPhrase is "expires 2026-12-23 12:00 UTC (in 30d)" or "never expires".
func expiryPhrase(t *time.Time, now time.Time) string {
	if status.IsNever(t, now) {
		return "never expires"
	}
	return fmt.Sprintf("expires %s (%s)", t.UTC().Format("2006-01-02 15:04 UTC"), status.ExpiryWords(t, now))
}
