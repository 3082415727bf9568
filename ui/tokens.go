package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/status"
)

// patColumns are the columns of any list of PATs (yours or a service account's).
var patColumns = []Column{
	{Title: "Description", Width: 30, Min: 10, Flex: true},
	{Title: "Created", Width: 9, Min: 7, Drop: 3},
	{Title: "Last seen", Width: 11, Min: 9, Drop: 1, Sorts: SortBySeen},
	{Title: "Expires", Width: 15, Min: 9, Sorts: SortByExpiry},
	{Title: "Status", Width: 21, Min: 10, Drop: 2},
}

func patKey(p api.PAT) string { return strconv.Itoa(p.ID) }

func patCells(p api.PAT, c *Context) []Cell {
	now := c.Now()
	return append([]Cell{
		{Text: api.Clean(p.Description)},
		{Text: ago(p.CreatedAt, now)},
	}, statusCells(p.Facts(), c)...)
}

func patSortKeys(p api.PAT) sortKeys { return tokenSortKeys(p.ExpiresAt, p.SeenAt) }

func apiTokenSortKeys(t api.APIToken) sortKeys { return tokenSortKeys(t.ExpiresAt, t.SeenAt) }

func patDetail(p api.PAT, c *Context) string {
	return fmt.Sprintf("expires %s · last seen %s · created %s · PAT #%d",
		exactExpiry(p.ExpiresAt, c.Now()), status.Exact(p.SeenAt), status.Exact(&p.CreatedAt), p.ID)
}

// apiTokenColumns are the columns of any list of API tokens.
var apiTokenColumns = []Column{
	{Title: "Name", Width: 24, Min: 10, Flex: true},
	{Title: "Type", Width: 8, Min: 5, Drop: 4},
	{Title: "Environment", Width: 11, Min: 5, Drop: 2},
	{Title: "Projects", Width: 14, Min: 6, Drop: 5},
	{Title: "Created", Width: 9, Min: 7, Drop: 6},
	{Title: "Last seen", Width: 11, Min: 9, Drop: 1, Sorts: SortBySeen},
	{Title: "Expires", Width: 15, Min: 9, Sorts: SortByExpiry},
	{Title: "Status", Width: 21, Min: 10, Drop: 3},
}

// apiTokenKey tells tokens apart without using the secret: name, environment,
// projects and creation time.
func apiTokenKey(t api.APIToken) string {
	return t.Name + "\x00" + t.Environment + "\x00" + strings.Join(t.Projects, ",") + "\x00" + t.CreatedAt.String()
}

func apiTokenCells(t api.APIToken, c *Context) []Cell {
	now := c.Now()
	return append([]Cell{
		{Text: api.Clean(t.Name)},
		{Text: string(t.Type)},
		{Text: api.Clean(t.Environment)},
		{Text: projectsText(t)},
		{Text: ago(t.CreatedAt, now)},
	}, statusCells(t.Facts(), c)...)
}

func apiTokenDetail(t api.APIToken, c *Context) string {
	secret := "secret " + api.Clean(t.Secret.Masked())
	if !t.CanCopy() {
		secret = "v2 token (the server keeps only its selector)"
	}
	return fmt.Sprintf("expires %s · last seen %s · created %s · %s",
		exactExpiry(t.ExpiresAt, c.Now()), status.Exact(t.SeenAt), status.Exact(&t.CreatedAt), secret)
}

func projectsText(t api.APIToken) string {
	if t.AllProjects() {
		return "all"
	}
	return api.Clean(strings.Join(t.Projects, ","))
}

// statusCells are the Last seen, Expires and Status cells, coloured by the
// token's categories.
func statusCells(f status.Facts, c *Context) []Cell {
	now, th, cat := c.Now(), c.Thresholds, &c.Styles.Category
	set := th.Classify(f, now)
	return []Cell{
		{Text: status.SeenWords(f.SeenAt, now), Style: cat.Seen(set)},
		{Text: status.ExpiryWords(f.ExpiresAt, now), Style: cat.Expiry(set)},
		{Text: set.Words(th), Style: cat.Most(set)},
	}
}

func ago(t time.Time, now time.Time) string {
	if t.IsZero() {
		return "?"
	}
	if now.Sub(t) < time.Minute {
		return "just now"
	}
	return status.Span(now.Sub(t)) + " ago"
}

func exactExpiry(t *time.Time, now time.Time) string {
	if status.IsNever(t, now) {
		if t == nil {
			return "never"
		}
		return "never (" + t.UTC().Format("2006-01-02") + ")"
	}
	return status.Exact(t)
}
