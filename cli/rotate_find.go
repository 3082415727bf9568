package cli

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/internal/textcols"
	"github.com/unleash-tokens/unleash-tokens/status"
	"github.com/unleash-tokens/unleash-tokens/tokenref"
)

// createdLayout is how candidates show their creation time, and what
// --created matches a prefix of: to the millisecond, as Unleash keeps it, so
// that two tokens of one name made in the same second (by a script) can be
// told apart. The layout to the second, as RFC 3339 writes it, matches too.
const (
	createdLayout        = "2006-01-02T15:04:05.000Z"
	createdLayoutSeconds = "2006-01-02T15:04:05Z"
)

// createdMatches says whether a token created at t is the one --created
// names (a prefix of either layout).
func createdMatches(t time.Time, created string) bool {
	t = t.UTC()
	return strings.HasPrefix(t.Format(createdLayout), created) || strings.HasPrefix(t.Format(createdLayoutSeconds), created)
}

// findToRotate finds the one token the arguments name. A name matching none
// is exit 2, as rotate --help says; several, exit 2 with the candidates.
func findToRotate(ctx context.Context, c *api.Client, a rotateArgs, stderr io.Writer) (tokenref.Token, int, bool) {
	var candidates []tokenref.Token
	var err error
	switch a.kind {
	case tokenref.PAT:
		candidates, err = patCandidates(ctx, c, a.name)
	case tokenref.ServiceAccountToken:
		candidates, err = accountCandidates(ctx, c, a)
	case tokenref.APIToken:
		candidates, err = apiTokenCandidates(ctx, c, a)
	}
	if err != nil {
		if _, isAPI := api.AsError(err); isAPI {
			return tokenref.Token{}, failure(stderr, err), false
		}
		fmt.Fprintln(stderr, "unleash-tokens:", err) // a --account that names none
		return tokenref.Token{}, exitUsage, false
	}
	switch len(candidates) {
	case 0:
		narrowed := ""
		if a.kind == tokenref.APIToken && a.environment+a.tokenType+a.project+a.created != "" {
			narrowed = " with the --environment, --type, --project and --created given"
		}
		fmt.Fprintf(stderr, "unleash-tokens: no %s matches %q%s: nothing was rotated.%s\n", a.kind, api.Clean(a.name), narrowed, listHint(a.kind))
		return tokenref.Token{}, exitUsage, false
	case 1:
		return candidates[0], exitOK, true
	}
	fmt.Fprintf(stderr, "unleash-tokens: %q matches %s; nothing was rotated. Name one %s:\n",
		api.Clean(a.name), textcols.Plural(len(candidates), a.kind.String()), narrowHint(a.kind))
	writeCandidates(stderr, candidates)
	return tokenref.Token{}, exitUsage, false
}

func listHint(k tokenref.Kind) string {
	switch k {
	case tokenref.PAT:
		return " (unleash-tokens pat list shows yours)"
	case tokenref.ServiceAccountToken:
		return " (give its id, or its description with --account)"
	}
	return " (names match whole and exactly first, then ignoring case; unleash-tokens audit --all lists every token)"
}

func narrowHint(k tokenref.Kind) string {
	switch k {
	case tokenref.PAT:
		return "by its id"
	case tokenref.ServiceAccountToken:
		return "by its id, or add --account"
	}
	return "with --environment, --type, --project or --created (or by its selector, on servers that show one)"
}

// matchName keeps what matches name exactly, or else ignoring case.
func matchName[T any](list []T, name string, nameOf func(T) string) []T {
	var exact, folded []T
	for _, x := range list {
		switch n := nameOf(x); {
		case n == name:
			exact = append(exact, x)
		case strings.EqualFold(n, name):
			folded = append(folded, x)
		}
	}
	if len(exact) > 0 {
		return exact
	}
	return folded
}

func patCandidates(ctx context.Context, c *api.Client, name string) ([]tokenref.Token, error) {
	pats, err := c.ListPATs(ctx)
	if err != nil {
		return nil, err
	}
	var out []tokenref.Token
	for _, p := range pickPATs(pats, name) {
		out = append(out, tokenref.FromPAT(p))
	}
	return out, nil
}

// pickPATs is the PAT with the id, or those with the description.
func pickPATs(pats []api.PAT, name string) []api.PAT {
	if id, err := strconv.Atoi(name); err == nil {
		for _, p := range pats {
			if p.ID == id {
				return []api.PAT{p}
			}
		}
	}
	return matchName(pats, name, func(p api.PAT) string { return p.Description })
}

func accountCandidates(ctx context.Context, c *api.Client, a rotateArgs) ([]tokenref.Token, error) {
	list, err := c.ListServiceAccounts(ctx)
	if err != nil {
		return nil, err
	}
	accounts := list.Accounts
	if a.account != "" {
		id, numErr := strconv.Atoi(a.account)
		accounts = slices.DeleteFunc(slices.Clone(accounts), func(s api.ServiceAccount) bool {
			return !(numErr == nil && s.ID == id || strings.EqualFold(s.Name, a.account) || strings.EqualFold(s.Username, a.account))
		})
		if len(accounts) == 0 {
			return nil, fmt.Errorf("no service account is named %q or has that id: nothing was rotated", api.Clean(a.account))
		}
	}
	var byID, byName []tokenref.Token
	id, numErr := strconv.Atoi(a.name)
	for _, acct := range accounts {
		tokens := acct.Tokens
		if tokens == nil {
			if tokens, err = c.ListServiceAccountTokens(ctx, acct.ID); err != nil {
				return nil, err
			}
		}
		for _, p := range tokens {
			if numErr == nil && p.ID == id {
				byID = append(byID, tokenref.FromServiceAccountToken(acct.ID, acct.Name, p))
			}
		}
		for _, p := range matchName(tokens, a.name, func(p api.PAT) string { return p.Description }) {
			byName = append(byName, tokenref.FromServiceAccountToken(acct.ID, acct.Name, p))
		}
	}
	if len(byID) > 0 {
		return byID, nil
	}
	return byName, nil
}

func apiTokenCandidates(ctx context.Context, c *api.Client, a rotateArgs) ([]tokenref.Token, error) {
	list, err := c.ListAPITokens(ctx)
	if err != nil {
		return nil, err
	}
	for _, t := range list {
		if t.Secret.FormatKind() == api.FormatV2Selector && t.Secret.Reveal() == a.name {
			return []tokenref.Token{tokenref.FromAPIToken(t, "")}, nil
		}
	}
	var out []tokenref.Token
	typ, _ := api.ParseTokenType(a.tokenType)
	for _, t := range matchName(list, a.name, func(t api.APIToken) string { return t.Name }) {
		switch {
		case a.environment != "" && t.Environment != a.environment,
			a.tokenType != "" && t.Type != typ,
			a.project != "" && !slices.Contains(t.Projects, a.project),
			a.created != "" && !createdMatches(t.CreatedAt, a.created):
			continue
		}
		out = append(out, tokenref.FromAPIToken(t, ""))
	}
	return out, nil
}

// writeCandidates lists tokens that a name matched, with what tells them
// apart and no secret (a v2 selector is none).
func writeCandidates(w io.Writer, toks []tokenref.Token) {
	now := clock()
	var rows [][]string
	if toks[0].Kind == tokenref.APIToken {
		rows = append(rows, []string{"  NAME", "TYPE", "ENVIRONMENT", "PROJECTS", "CREATED", "EXPIRES", "SELECTOR"})
		for _, t := range toks {
			sel := "-"
			if t.API.Secret.FormatKind() == api.FormatV2Selector {
				sel = t.API.Secret.Reveal()
			}
			rows = append(rows, []string{"  " + textcols.Cut(t.Name(), 40), string(t.API.Type), textcols.Cut(api.Clean(t.API.Environment), 20),
				textcols.Cut(audit.ProjectsWhere(t.API.Projects), 40), t.CreatedAt().UTC().Format(createdLayout),
				expiryCell(t.ExpiresAt(), now), sel})
		}
	} else {
		rows = append(rows, []string{"  ID", "DESCRIPTION", "ACCOUNT", "CREATED", "EXPIRES"})
		for _, t := range toks {
			acct := "you"
			if t.Kind == tokenref.ServiceAccountToken {
				acct = textcols.Cut(api.Clean(t.Account), 30)
			}
			rows = append(rows, []string{"  " + strconv.Itoa(t.PAT.ID), textcols.Cut(t.Name(), 50), acct,
				t.CreatedAt().UTC().Format(createdLayout), expiryCell(t.ExpiresAt(), now)})
		}
	}
	// Names and places are cut first: CREATED is what --created takes, whole.
	_ = textcols.Fit{CutFirst: []string{"  NAME", "ENVIRONMENT", "PROJECTS", "DESCRIPTION", "ACCOUNT"}}.Write(w, rows, nil)
}

func expiryCell(t *time.Time, now time.Time) string {
	if status.IsNever(t, now) {
		return "never"
	}
	return t.UTC().Format("2006-01-02 15:04") + " (" + status.ExpiryWords(t, now) + ")"
}
