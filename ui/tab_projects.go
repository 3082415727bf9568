package ui

import (
	"context"

	"github.com/unleash-tokens/unleash-tokens/api"
)

// projectsTab lists projects; enter opens a project's API tokens.
type projectsTab struct {
	*drill[api.Project, api.APIToken]
}

var projectColumns = []Column{
	{Title: "Name", Width: 28, Min: 10, Flex: true},
	{Title: "ID", Width: 24, Min: 8, Drop: 1},
	{Title: "Description", Width: 30, Min: 10, Drop: 2},
}

func newProjectsTab(ctx *Context) *projectsTab {
	client := ctx.Client
	projects := listSpec[api.Project]{
		what:    "projects",
		columns: projectColumns,
		fetch:   client.ListProjects,
		key:     func(p api.Project) string { return p.ID },
		cells: func(p api.Project, _ *Context) []Cell {
			return []Cell{{Text: api.Clean(p.Name)}, {Text: api.Clean(p.ID)}, {Text: api.Clean(p.Description)}}
		},
		detail: func(p api.Project, _ *Context) string {
			return "project " + api.Clean(p.ID) + " · enter shows its API tokens"
		},
		empty: "No projects are visible to this token.",
	}
	tokens := func(p api.Project) listSpec[api.APIToken] {
		return listSpec[api.APIToken]{
			what:     "the API tokens of project " + api.Clean(p.ID),
			columns:  apiTokenColumns,
			fetch:    func(c context.Context) ([]api.APIToken, error) { return client.ListProjectTokens(c, p.ID) },
			key:      apiTokenKey,
			cells:    apiTokenCells,
			sortKeys: apiTokenSortKeys,
			detail:   apiTokenDetail,
			empty:    "This project has no project-scoped API tokens (tokens for all projects are in Search). Press n to create one.",
			create:   func([]api.APIToken) form[api.APIToken] { return newProjectTokenForm(ctx, p) },
			remove:   func(t api.APIToken) removal[api.APIToken] { return removeAPIToken(client, p.ID, t) },
			edit:     func(t api.APIToken) form[api.APIToken] { return newExpiryForm(ctx, t) },
		}
	}
	title := func(p api.Project) string { return "Project " + api.Clean(p.Name) + " · API tokens" }
	return &projectsTab{newDrill(ctx, projects, "Projects", tokens, title)}
}

func (t *projectsTab) title(short bool) string {
	if short {
		return "Projects"
	}
	return "Project tokens"
}
