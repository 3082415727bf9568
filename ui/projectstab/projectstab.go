// Package projectstab is the "Project tokens" tab: the projects; enter opens
// a project's API tokens, where n makes one, e changes one's expiry and d
// deletes one.
package projectstab

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/ui/core"
	"github.com/unleash-tokens/unleash-tokens/ui/drill"
	"github.com/unleash-tokens/unleash-tokens/ui/form"
	"github.com/unleash-tokens/unleash-tokens/ui/list"
	"github.com/unleash-tokens/unleash-tokens/ui/table"
	"github.com/unleash-tokens/unleash-tokens/ui/tokens"
)

// Tab is Project tokens.
type Tab struct {
	*drill.Drill[api.Project, api.APIToken] // Activate, Reload, Update, View, SetSize, Capturing, Busy, Keys
}

var columns = []table.Column{
	{Title: "Name", Min: 10, Max: 40},
	{Title: "ID", Min: 8, Max: 40, Drop: 1},
	{Title: "Description", Min: 10, Max: 80, Drop: 2, Flex: true},
}

// New makes the tab.
func New(ctx *core.Context) *Tab {
	client := ctx.Client
	projects := list.Spec[api.Project]{
		What:    "projects",
		Title:   "Projects",
		Columns: columns,
		Fetch:   func(c context.Context) ([]api.Project, error) { return client.ListProjects(c) },
		Key:     func(p api.Project) string { return p.ID },
		Cells: func(p api.Project, _ *core.Context) []table.Cell {
			return []table.Cell{{Text: api.Clean(p.Name)}, {Text: api.Clean(p.ID)}, {Text: api.Clean(p.Description)}}
		},
		Detail: func(p api.Project, _ *core.Context) []list.Field {
			return []list.Field{{Label: "project", Value: api.Clean(p.Name)}, {Label: "id", Value: api.Clean(p.ID)},
				{Value: api.Clean(p.Description)}, {Value: "enter shows its API tokens"}}
		},
		Search: func(p api.Project, found func(string) bool) bool {
			return found(p.Name) || found(p.ID) || found(p.Description)
		},
		Empty: "No projects are visible to this token.",
		Also:  drill.OnChildren("project", "API tokens", ctx.Keys.New, ctx.Keys.Delete, ctx.Keys.Edit, ctx.Keys.Rotate),
	}
	tokensOf := func(p api.Project) list.Spec[api.APIToken] {
		return list.Spec[api.APIToken]{
			What:    "the API tokens of project " + api.Clean(p.ID),
			Title:   "Project " + api.Clean(p.Name) + " · API tokens",
			Columns: tokens.ProjectTokenColumns, // a project's: the environment before the projects
			Fetch:   func(c context.Context) ([]api.APIToken, error) { return client.ListProjectTokens(c, p.ID) },
			Key:     tokens.APITokenKey,
			Cells:   tokens.APITokenCells,
			Measure: tokens.MeasureAPIToken,
			Detail:  tokens.APITokenDetail,
			ID:      tokens.APITokenID,
			Page:    func(api.APIToken) string { return tokens.ProjectPage(p.ID) },
			Search:  tokens.APITokenSearch,
			Facts:   tokens.APITokenFacts,
			Empty:   "This project has no project-scoped API tokens (tokens for all projects are in Search). Press n to create one.",
			Create:  func([]api.APIToken) form.Form[api.APIToken] { return tokens.NewProjectTokenForm(ctx, p) },
			Remove:  func(t api.APIToken) list.Removal[api.APIToken] { return tokens.RemoveAPIToken(client, p.ID, t) },
			Edit:    func(t api.APIToken) form.Form[api.APIToken] { return tokens.NewExpiryForm(ctx, t) },
			Rotate: func(t api.APIToken) form.Form[api.APIToken] {
				return tokens.NewRotateForm(ctx, tokens.APITargets(p.ID), t, tokens.IsNewAPIToken)
			},
			BulkDelete: func(marked []api.APIToken) list.Bulk[api.APIToken] {
				return tokens.BulkDelete(ctx, tokens.APITargets(p.ID), marked)
			},
			BulkEdit: func(marked []api.APIToken) (form.Form[api.APIToken], string) {
				return tokens.BulkExpiry(ctx, tokens.APITargets(p.ID), marked)
			},
		}
	}
	return &Tab{drill.New(ctx, projects, tokensOf)}
}

func (t *Tab) ID() core.TabID { return core.TabProjects }

// Reveal opens the project of a one-project API token the audit found.
func (t *Tab) Reveal(tok audit.Token) tea.Cmd {
	if tok.Kind != audit.KindAPIToken || len(tok.Projects) != 1 || tok.Projects[0] == "*" {
		return nil
	}
	return t.Find(tok.Projects[0], tokens.APITokenKey(tok.APIToken()))
}
