// Package tokens is what the tabs that list tokens share: the rows of PATs
// and API tokens (columns, cells, the selected token's detail, the filter's
// text), the forms that create them or change their expiry, and what
// deleting one takes.
package tokens

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/status"
	"github.com/unleash-tokens/unleash-tokens/ui/core"
	"github.com/unleash-tokens/unleash-tokens/ui/list"
	"github.com/unleash-tokens/unleash-tokens/ui/table"
)

// The status columns every token table ends with.
var (
	seenColumn   = table.Column{Title: "Last seen", Min: 9, Max: 12, Drop: 4, Sorts: table.BySeen}
	expiryColumn = table.Column{Title: "Expires", Min: 9, Max: 16, Sorts: table.ByExpiry}
	statusColumn = table.Column{Title: "Status", Min: 13, Max: 40, Drop: 1} // Min: "expiring ≤14d", "never used +2" whole
)

// PATColumns are the columns of any list of PATs (yours or a service account's).
var PATColumns = []table.Column{
	{Title: "Description", Min: 10, Max: 60, Flex: true},
	{Title: "Created", Min: 7, Max: 9, Drop: 6},
	seenColumn, expiryColumn, statusColumn,
}

// PATKey tells PATs apart.
func PATKey(p api.PAT) string { return strconv.Itoa(p.ID) }

// PATFacts are what the status words and the sort read of a PAT.
func PATFacts(p api.PAT) (status.Facts, bool) { return p.Facts(), true }

// PATSearch is what the filter searches in a PAT besides its status.
func PATSearch(p api.PAT, found func(string) bool) bool { return found(p.Description) }

// PATCells are a PAT's row.
func PATCells(p api.PAT, c *core.Context) []table.Cell {
	return append([]table.Cell{
		{Text: api.Clean(p.Description)},
		{Text: Ago(p.CreatedAt, c.Now())},
	}, statusCells(p.Facts(), c, patRisks(c.Risks(), p))...)
}

// PATDetail is the selected PAT in full.
func PATDetail(p api.PAT, c *core.Context) []list.Field {
	f := []list.Field{{Label: "PAT", Value: fmt.Sprintf("%q", api.Clean(p.Description))}}
	f = append(f, TimeFields(p.Facts(), c)...)
	f = append(f, PATRisks(p, c)...) // the last audit's, as the Audit tab shows them
	return append(f, list.Field{Label: "id", Value: strconv.Itoa(p.ID)})
}

// APITokenColumns are the columns of a list of API tokens of any project
// (Search): a narrow terminal keeps the projects a token is for longest.
var APITokenColumns = []table.Column{
	{Title: "Name", Min: 10, Max: 48, Flex: true},
	{Title: "Type", Min: 5, Max: 8, Drop: 5},
	{Title: "Environment", Min: 5, Max: 20, Drop: 3},
	{Title: "Projects", Min: 6, Max: 40, Drop: 2},
	{Title: "Created", Min: 7, Max: 9, Drop: 6},
	seenColumn, expiryColumn, statusColumn,
}

// ProjectTokenColumns are APITokenColumns for the tokens of one project:
// every row is for that project, so the Projects column goes first and the
// environment stays longest; the name asks for less room before the
// others have theirs (it takes the rest after), so that at 60 columns the
// environment shows beside it.
var ProjectTokenColumns = []table.Column{
	{Title: "Name", Min: 10, Max: 18, Flex: true},
	{Title: "Type", Min: 5, Max: 8, Drop: 5},
	{Title: "Environment", Min: 5, Max: 20, Drop: 2},
	{Title: "Projects", Min: 6, Max: 40, Drop: 7},
	{Title: "Created", Min: 7, Max: 9, Drop: 6},
	seenColumn, expiryColumn, statusColumn,
}

// APITokenKey tells API tokens apart without using the secret: name,
// environment, projects and creation time.
func APITokenKey(t api.APIToken) string {
	n := len(t.Name) + len(t.Environment) + 24
	for _, p := range t.Projects {
		n += len(p) + 1
	}
	b := make([]byte, 0, n)
	b = append(append(b, t.Name...), 0)
	b = append(append(b, t.Environment...), 0)
	for _, p := range t.Projects {
		b = append(append(b, p...), ',')
	}
	b = append(b, 0)
	b = strconv.AppendInt(b, t.CreatedAt.UnixNano(), 10)
	return string(b)
}

// APITokenFacts are what the status words and the sort read of an API token.
func APITokenFacts(t api.APIToken) (status.Facts, bool) { return t.Facts(), true }

// APITokenSearch is what the filter searches in an API token besides its status.
func APITokenSearch(t api.APIToken, found func(string) bool) bool {
	if found(t.Name) || found(string(t.Type)) || found(t.Environment) {
		return true
	}
	for _, p := range t.Projects {
		if found(p) {
			return true
		}
	}
	return false
}

// APITokenCells are an API token's row.
func APITokenCells(t api.APIToken, c *core.Context) []table.Cell {
	return append([]table.Cell{
		{Text: api.Clean(t.Name)},
		{Text: string(t.Type)},
		{Text: EnvironmentText(t.Environment)}, // "all environments" for *, as everywhere
		{Text: ProjectsText(t.Projects)},
		{Text: Ago(t.CreatedAt, c.Now())},
	}, statusCells(t.Facts(), c, apiTokenRisks(c.Risks(), t))...)
}

// APITokenDetail is the selected API token in full: its whole name, its
// scope, its times, and what the server keeps of its secret.
func APITokenDetail(t api.APIToken, c *core.Context) []list.Field {
	f := []list.Field{
		{Label: "API token", Value: fmt.Sprintf("%q", api.Clean(t.Name))},
		{Label: "type", Value: string(t.Type)},
		{Label: "environment", Value: EnvironmentText(t.Environment)},
		{Label: "projects", Value: ProjectsText(t.Projects)},
	}
	f = append(f, TimeFields(t.Facts(), c)...)
	f = append(f, APITokenRisks(t, c)...) // the last audit's, as the Audit tab shows them
	return append(f, SecretField(t))
}

// SecretField says what the server keeps of an API token's secret.
func SecretField(t api.APIToken) list.Field {
	switch {
	case t.Secret.IsZero():
		return list.Field{Label: "secret", Value: "not listed"}
	case !t.CanCopy():
		return list.Field{Label: "v2 token,", Value: "selector " + api.Clean(t.Secret.Reveal()) + " (the server keeps only a hash of the secret)"}
	}
	return list.Field{Label: "v1 token, secret", Value: api.Clean(t.Secret.Masked()) + ", stored in clear by the server"}
}

// TimeFields are a token's created, last seen and expires, exact and relative.
func TimeFields(f status.Facts, c *core.Context) []list.Field {
	now, th := c.Now(), c.Thresholds
	set := th.Classify(f, now)
	cat := &c.Styles.Category
	created := "unknown"
	if !f.CreatedAt.IsZero() {
		created = status.Exact(&f.CreatedAt) + " (" + Ago(f.CreatedAt, now) + ")"
	}
	seen := "never"
	if f.SeenAt != nil {
		seen = status.Exact(f.SeenAt) + " (" + status.SeenWords(f.SeenAt, now) + ")"
	}
	return []list.Field{
		{Label: "status", Value: set.Words(th), Style: cat.Most(set)},
		{Label: "expires", Value: ExactExpiry(f.ExpiresAt, now)},
		{Label: "last seen", Value: seen},
		{Label: "created", Value: created},
	}
}

// StatusCells are the Last seen, Expires and Status cells, coloured by the
// token's categories.
func StatusCells(f status.Facts, c *core.Context) []table.Cell { return statusCells(f, c, nil) }

// statusCells are StatusCells with the token's risks in its Status cell.
func statusCells(f status.Facts, c *core.Context, risks []audit.RiskFinding) []table.Cell {
	now, th, cat := c.Now(), c.Thresholds, &c.Styles.Category
	set := th.Classify(f, now)
	return []table.Cell{
		{Text: status.SeenWords(f.SeenAt, now), Style: cat.Seen(set)},
		{Text: status.ExpiryWords(f.ExpiresAt, now), Style: cat.Expiry(set)},
		StatusCell(set, th, risks, c.Styles),
	}
}

// ProjectsText is "all" for a token of every project, else the projects.
func ProjectsText(projects []string) string {
	for _, p := range projects {
		if p == "*" {
			return "all"
		}
	}
	return api.Clean(strings.Join(projects, ", "))
}

// EnvironmentText is "all environments" for `*`, as every screen says it.
func EnvironmentText(env string) string {
	if env == "*" {
		return "all environments"
	}
	return api.Clean(env)
}

// Ago is "just now", "5d ago", or "?" for an unknown time.
func Ago(t time.Time, now time.Time) string {
	if t.IsZero() {
		return "?"
	}
	if now.Sub(t) < time.Minute {
		return "just now"
	}
	return status.Span(now.Sub(t)) + " ago"
}

// ExactExpiry is the exact expiry with its words: "2027-01-31 23:59:59 UTC
// (in 2mo)", "never" or "never (3026-11-23)" for Unleash's 1000 years.
func ExactExpiry(t *time.Time, now time.Time) string {
	if status.IsNever(t, now) {
		if t == nil {
			return "never"
		}
		return "never (" + t.UTC().Format("2006-01-02") + ")"
	}
	return status.Exact(t) + " (" + status.ExpiryWords(t, now) + ")"
}
