package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spf13/pflag"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/internal/textcols"
	"github.com/unleash-tokens/unleash-tokens/status"
	"github.com/unleash-tokens/unleash-tokens/tokenref"
)

// The commands for each kind of object (api-token, sa-token, project; pat
// is in pat.go): lists as a table, JSON or CSV with the audit's field
// names, and API tokens' writes.

// listFormats are what --format takes for a list.
var listFormats = []string{"table", "json", "csv"}

// registerFormat adds --format to a list command.
func registerFormat(fs *pflag.FlagSet, format *string) {
	fs.StringVar(format, "format", "table", "table, json or csv (json and csv have the audit's field names)")
}

// checkFormat refuses a --format a list does not write.
func checkFormat(format string, stderr io.Writer) bool {
	for _, f := range listFormats {
		if f == format {
			return true
		}
	}
	fmt.Fprintf(stderr, "unleash-tokens: --format %q: use table, json or csv\n", format)
	return false
}

// noArgs refuses arguments for a command that takes none.
func noArgs(name string, rest []string, stderr io.Writer) bool {
	if len(rest) > 0 {
		fmt.Fprintf(stderr, "unleash-tokens: unexpected argument %q: %s takes none\n", rest[0], name)
		return false
	}
	return true
}

// writeTokens writes tokens as a list: a table (KIND, ID, the audit's
// words), or the audit's JSON objects or CSV rows.
func writeTokens(stdout, stderr io.Writer, toks []audit.Token, format, instance string, th status.Thresholds, now time.Time) int {
	var err error
	switch format {
	case "json":
		err = audit.WriteListJSON(stdout, toks, instance, now)
	case "csv":
		err = audit.WriteListCSV(stdout, toks, now)
	default:
		rows := [][]string{{"KIND", "ID", "NAME", "WHERE", "EXPIRES", "LAST SEEN", "STATUS"}}
		for i := range toks {
			t := &toks[i]
			rows = append(rows, []string{t.Kind.Short(), t.Ident, textcols.Cut(t.Name, 60), textcols.Cut(t.WhereWithEnvironment(), 50),
				status.ExpiryWords(t.ExpiresAt, now), status.SeenWords(t.SeenAt, now), t.Categories.Words(th)})
		}
		err = tokensFit.Write(stdout, rows, nil)
	}
	if err != nil {
		fmt.Fprintln(stderr, "unleash-tokens:", err)
		return exitError
	}
	return exitOK
}

// tokensFit fits a list of tokens to a narrow terminal: KIND goes first (a
// list is of one kind), then STATUS (its words come from EXPIRES and LAST
// SEEN, which stay), then LAST SEEN, before ids and dates are cut.
var tokensFit = textcols.Fit{CutFirst: []string{"NAME", "WHERE", "STATUS"}, Drop: []string{"KIND", "STATUS", "LAST SEEN"}}

// listed opens the server (or the demo) for a list and reads it. It gives
// the thresholds and the instance the list is of, named as the audit names
// it (in JSON "instance"): the profile's name, or the URL without one.
func listed(g *globals, stderr io.Writer, read func(ctx context.Context, c *api.Client) error) (status.Thresholds, string, int) {
	who, code := auditTarget(&g.conn, g.demo, stderr)
	if who.client == nil {
		return who.thresholds, "", code
	}
	ctx, stop := interruptible()
	defer stop()
	if err := read(ctx, who.client); err != nil {
		return who.thresholds, "", failure(stderr, err)
	}
	return who.thresholds, who.label(), exitOK
}

func saTokenList(g *globals, format string, rest []string, stdout, stderr io.Writer) int {
	if !noArgs("sa-token list", rest, stderr) || !checkFormat(format, stderr) {
		return exitUsage
	}
	type account struct {
		api.ServiceAccount
		pats []api.PAT
	}
	var accounts []account
	th, instance, code := listed(g, stderr, func(ctx context.Context, c *api.Client) error {
		list, err := c.ListServiceAccounts(ctx)
		if err != nil {
			return err
		}
		for _, a := range list.Accounts {
			pats := a.Tokens
			if pats == nil { // older servers list them apart
				if pats, err = c.ListServiceAccountTokens(ctx, a.ID); err != nil {
					return err
				}
			}
			accounts = append(accounts, account{a, pats})
		}
		return nil
	})
	if code != exitOK {
		return code
	}
	now := clock()
	var toks []audit.Token
	for _, a := range accounts {
		toks = append(toks, audit.ServiceAccountRows(a.ServiceAccount, a.pats, th, now)...)
	}
	return writeTokens(stdout, stderr, toks, format, instance, th, now)
}

func apiTokenList(g *globals, format string, rest []string, stdout, stderr io.Writer) int {
	if !noArgs("api-token list", rest, stderr) || !checkFormat(format, stderr) {
		return exitUsage
	}
	var list []api.APIToken
	th, instance, code := listed(g, stderr, func(ctx context.Context, c *api.Client) (err error) {
		list, err = c.ListAPITokens(ctx)
		return err
	})
	if code != exitOK {
		return code
	}
	now := clock()
	return writeTokens(stdout, stderr, audit.APITokenRows(list, th, now), format, instance, th, now)
}

// projectRow is a project in project list's JSON and CSV.
type projectRow struct {
	ID          string     `json:"id"`
	Name        string     `json:"name"`
	Description string     `json:"description,omitempty"`
	CreatedAt   *time.Time `json:"created_at"`
}

func projectList(g *globals, format string, rest []string, stdout, stderr io.Writer) int {
	if !noArgs("project list", rest, stderr) || !checkFormat(format, stderr) {
		return exitUsage
	}
	var list []api.Project
	_, _, code := listed(g, stderr, func(ctx context.Context, c *api.Client) (err error) {
		list, err = c.ListProjects(ctx)
		return err
	})
	if code != exitOK {
		return code
	}
	rows := make([]projectRow, len(list))
	for i, p := range list {
		rows[i] = projectRow{ID: api.Clean(p.ID), Name: api.Clean(p.Name), Description: api.Clean(p.Description), CreatedAt: audit.UTC(p.CreatedAt)}
	}
	var err error
	switch format {
	case "json":
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(rows)
	case "csv":
		cw := csv.NewWriter(stdout)
		_ = cw.Write([]string{"id", "name", "description", "created_at"})
		for _, p := range rows {
			_ = cw.Write([]string{audit.CSVSafe(p.ID), audit.CSVSafe(p.Name), audit.CSVSafe(p.Description), audit.Stamp(p.CreatedAt)})
		}
		cw.Flush()
		err = cw.Error()
	default:
		table := [][]string{{"ID", "NAME", "CREATED", "DESCRIPTION"}}
		for _, p := range rows {
			created := "-"
			if p.CreatedAt != nil {
				created = status.Date(*p.CreatedAt)
			}
			table = append(table, []string{p.ID, textcols.Cut(p.Name, 40), created, textcols.Cut(p.Description, 60)})
		}
		// CREATED goes before the names are cut short: the project's id stays whole.
		err = textcols.Fit{CutFirst: []string{"NAME", "DESCRIPTION"}, Drop: []string{"CREATED"}}.Write(stdout, table, nil)
	}
	if err != nil {
		fmt.Fprintln(stderr, "unleash-tokens:", err)
		return exitError
	}
	return exitOK
}

// apiTokenCreateFlags are api-token create's flags.
type apiTokenCreateFlags struct {
	name, tokenType, environment, expires string
	projects                              []string
}

func (f *apiTokenCreateFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.name, "name", "", "the token's name, e.g. checkout-web (required)")
	fs.StringVar(&f.tokenType, "type", "backend", "backend or frontend")
	fs.StringVar(&f.environment, "environment", "", "the environment it reads, e.g. production (required)")
	fs.StringArrayVar(&f.projects, "project", nil, "a project it reads; repeat for several (default: all projects)")
	fs.StringVar(&f.expires, "expires", "90d", "when it expires: 90d, 2027-01-31, never …")
}

func apiTokenCreate(g *globals, f apiTokenCreateFlags, rest []string, stdout, stderr io.Writer) int {
	if len(rest) > 0 {
		fmt.Fprintf(stderr, "unleash-tokens: unexpected argument %q: give the name with --name\n", rest[0])
		return exitUsage
	}
	name := strings.TrimSpace(f.name)
	switch {
	case name == "":
		fmt.Fprintln(stderr, `unleash-tokens: a name is required, e.g. --name checkout-web`)
		return exitUsage
	case utf8.RuneCountInString(name) > api.MaxNameLength:
		fmt.Fprintf(stderr, "unleash-tokens: the name is %d characters long; keep it to %d or fewer\n", utf8.RuneCountInString(name), api.MaxNameLength)
		return exitUsage
	case strings.TrimSpace(f.environment) == "":
		fmt.Fprintln(stderr, "unleash-tokens: an environment is required, e.g. --environment production")
		return exitUsage
	}
	typ, err := api.ParseTokenType(f.tokenType)
	if err != nil || typ == api.TypeAdmin {
		fmt.Fprintf(stderr, "unleash-tokens: --type %q: use backend or frontend\n", f.tokenType)
		return exitUsage
	}
	now := clock()
	when, err := status.ParseExpiry(f.expires, now)
	if err != nil {
		fmt.Fprintln(stderr, "unleash-tokens: --expires:", err)
		return exitUsage
	}
	projects := f.projects
	if len(projects) == 0 {
		projects = []string{"*"}
	}
	client, _, code := g.conn.clientOrDemo(g.demo, stderr)
	if client == nil {
		return code
	}
	if status.IsNever(&when, now) {
		fmt.Fprintln(stderr, "unleash-tokens: warning: this token will never expire; an expiry is recommended, as a leaked token stays valid.")
	}
	ctx, stop := interruptible()
	defer stop()
	var expires *time.Time
	if !status.IsNever(&when, now) {
		expires = &when
	}
	tok, err := client.CreateAPIToken(ctx, api.CreateAPIToken{Name: name, Type: typ, Environment: strings.TrimSpace(f.environment), Projects: projects, ExpiresAt: expires})
	switch {
	case api.OutcomeUnknown(err):
		fmt.Fprintf(stderr, "unleash-tokens: %s\nIt may have been created: unleash-tokens api-token list shows whether. It was not retried.\n", api.Clean(err.Error()))
		return exitError
	case err != nil:
		return failure(stderr, err)
	}
	if tok.Credential != nil {
		defer tok.Credential.Wipe()
		writeSecret(stdout, tok.Credential)
	}
	fmt.Fprintf(stderr, "Created API token %q (%s, %s, %s), %s. The secret is on standard output and will not be shown again.\n",
		api.Clean(name), typ, api.Clean(tok.Environment), audit.ProjectsWhere(tok.Projects), expiryPhrase(tok.ExpiresAt, now))
	return exitOK
}

// apiTokenSelect are the flags that narrow an API token's name to one.
func registerAPITokenSelect(fs *pflag.FlagSet, a *rotateArgs) {
	fs.StringVar(&a.environment, "environment", "", "only tokens of this environment")
	fs.StringVar(&a.tokenType, "type", "", "only tokens of this type (backend or frontend)")
	fs.StringVar(&a.project, "project", "", "only tokens of this project (* for all-projects tokens)")
	fs.StringVar(&a.created, "created", "", "only the token created at this time, as the candidates list shows it (a prefix will do)")
}

// findAPIToken finds the one API token rest names, as rotate does, saying
// what was not done when it cannot.
func findAPIToken(ctx context.Context, c *api.Client, a rotateArgs, rest []string, verb string, stderr io.Writer) (tokenref.Token, int, bool) {
	if len(rest) != 1 || strings.TrimSpace(rest[0]) == "" {
		fmt.Fprintf(stderr, "unleash-tokens: api-token %s takes one token: its name or selector (a name that starts with - goes after --)\n", verb)
		return tokenref.Token{}, exitUsage, false
	}
	a.kind, a.name = tokenref.APIToken, rest[0]
	if api.Secret(a.name).FormatKind() == api.FormatV1 || api.Secret(a.name).FormatKind() == api.FormatV2 {
		fmt.Fprintln(stderr, "unleash-tokens: that looks like a token's secret: name the token instead (its name or selector). A secret on a command line is visible to every user of this machine; consider it exposed.")
		return tokenref.Token{}, exitUsage, false
	}
	var said bytes.Buffer
	tok, code, ok := findToRotate(ctx, c, a, &said)
	_, _ = io.WriteString(stderr, strings.ReplaceAll(said.String(), "nothing was rotated", "nothing was "+verb+"d"))
	return tok, code, ok
}

func apiTokenDelete(g *globals, a rotateArgs, rest []string, stdout, stderr io.Writer) int {
	client, _, code := g.conn.clientOrDemo(g.demo, stderr)
	if client == nil {
		return code
	}
	ctx, stop := interruptible()
	defer stop()
	tok, code, ok := findAPIToken(ctx, client, a, rest, "delete", stderr)
	if !ok {
		return code
	}
	what := tok.Describe()
	if err := tokenref.Delete(ctx, client, tok); err != nil {
		return failure(stderr, err)
	}
	// The server answers 200 whether or not it deleted anything: look.
	now, found, err := tokenref.Reread(ctx, client, []tokenref.Token{tok}).Find(tok)
	_ = now
	switch {
	case err != nil:
		fmt.Fprintf(stderr, "unleash-tokens: the server accepted deleting %s, but the list could not be re-read to confirm: %s\n", what, api.Clean(err.Error()))
		return exitError
	case found:
		fmt.Fprintf(stderr, "unleash-tokens: the server answered OK, but %s is still listed: it was not deleted.\n", what)
		return exitError
	}
	fmt.Fprintf(stderr, "Deleted %s.\n", what)
	return exitOK
}

// apiTokenExpireFlags are api-token expire's own flags.
type apiTokenExpireFlags struct {
	sel rotateArgs
	at  string
}

func apiTokenExpire(g *globals, f apiTokenExpireFlags, rest []string, stdout, stderr io.Writer) int {
	if strings.TrimSpace(f.at) == "" {
		fmt.Fprintln(stderr, "unleash-tokens: say when with --at: 24h, 7d, a date such as 2027-01-31, or now")
		return exitUsage
	}
	now := clock()
	when := now
	if f.at != "now" {
		var err error
		if when, err = status.ParseExpiry(f.at, now); err != nil || status.IsNever(&when, now) {
			if err == nil {
				err = fmt.Errorf("%q: an API token cannot be set to never expire here; give a time", f.at)
			}
			fmt.Fprintln(stderr, "unleash-tokens: --at:", err)
			return exitUsage
		}
	}
	client, _, code := g.conn.clientOrDemo(g.demo, stderr)
	if client == nil {
		return code
	}
	ctx, stop := interruptible()
	defer stop()
	tok, code, ok := findAPIToken(ctx, client, f.sel, rest, "expire", stderr)
	if !ok {
		return code
	}
	what := tok.Describe()
	if err := tokenref.SetExpiry(ctx, client, tok, when); err != nil {
		return failure(stderr, err)
	}
	after, found, err := tokenref.Reread(ctx, client, []tokenref.Token{tok}).Find(tok)
	switch {
	case err != nil:
		fmt.Fprintf(stderr, "unleash-tokens: the server accepted the new expiry of %s, but the list could not be re-read to confirm: %s\n", what, api.Clean(err.Error()))
		return exitError
	case !found || !tokenref.ExpiryIs(after, when):
		fmt.Fprintf(stderr, "unleash-tokens: the server answered OK, but %s does not show the new expiry.\n", what)
		return exitError
	}
	fmt.Fprintf(stderr, "%s now %s.\n", strings.ToUpper(what[:1])+what[1:], expiryPhrase(&when, now))
	return exitOK
}
