package api

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

func (c *Client) rememberEdition(e Edition) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.edition = &e
}

// dialect returns how to speak to this server, reading ui-config once. When
// ui-config cannot be read the newest dialect is used: the create's own answer
// is checked anyway. A server older than OldestSupported gets an error.
func (c *Client) dialect(ctx context.Context, r route) (dialect, error) {
	if err := r.notSent(); err != nil {
		return dialect{}, err // not even the version is asked for a request that will not go
	}
	c.mu.Lock()
	known := c.edition
	c.mu.Unlock()
	if known == nil {
		e, err := c.Edition(ctx)
		if err != nil {
			return dialectOf(Version{}), nil
		}
		known = &e
	}
	if msg := known.Unsupported(); msg != "" {
		return dialect{}, c.fail(r, KindUnsupported, msg, nil)
	}
	return dialectOf(known.Parsed), nil
}

// tokenTypeName is the type a create sends for t in this dialect.
func (d dialect) tokenTypeName(t TokenType) string {
	if t == TypeBackend {
		return d.backendType
	}
	return string(t)
}

// scope is what an API token reaches: what a create asked for, or what the
// server answered it made.
type scope struct {
	name        string
	typ         TokenType
	environment string // "" when the create left it to the server
	projects    []string
}

func scopeOf(t APIToken) scope {
	return scope{name: t.Name, typ: t.Type, environment: t.Environment, projects: t.Projects}
}

// differences lists, in words, how got differs from what s asked for.
func (s scope) differences(got scope) []string {
	var diffs []string
	if got.name != s.name {
		diffs = append(diffs, fmt.Sprintf("named %q, not %q", Clean(Truncate(got.name, 80)), Clean(Truncate(s.name, 80))))
	}
	if got.typ != s.typ {
		diffs = append(diffs, fmt.Sprintf("of type %s, not %s", Clean(string(got.typ)), s.typ))
	}
	if s.environment != "" && got.environment != s.environment {
		diffs = append(diffs, fmt.Sprintf("for environment %q, not %q", Clean(got.environment), s.environment))
	}
	if !sameProjects(got.projects, s.projects) {
		diffs = append(diffs, fmt.Sprintf("for %s, not %s", describeProjects(got.projects), describeProjects(s.projects)))
	}
	return diffs
}

func sameProjects(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(slices.Compact(a), slices.Compact(b))
}

func describeProjects(p []string) string {
	switch {
	case len(p) == 0:
		return "no project"
	case slices.Contains(p, "*"):
		return "all projects"
	case len(p) == 1:
		return fmt.Sprintf("project %q", Clean(p[0]))
	}
	quoted := make([]string, len(p))
	for i, id := range p {
		quoted[i] = fmt.Sprintf("%q", Clean(id))
	}
	return "projects " + strings.Join(quoted, ", ")
}

// checkCreated compares the token the server made with the one asked for. A
// token of another scope (Unleash 7+ silently drops a `project` it does not
// know, making an all-projects token) is deleted again at once, and the create
// fails with KindWrongScope saying what the server made and whether the
// delete worked, so nobody holds a token that reaches more than they asked.
func (c *Client) checkCreated(ctx context.Context, r route, want scope, got APIToken, del func(context.Context, Secret) error) (APIToken, error) {
	diffs := want.differences(scopeOf(got))
	if len(diffs) == 0 {
		return got, nil
	}
	defer got.Credential.Wipe()
	msg := "the server made a token " + strings.Join(diffs, ", ")
	name := Clean(Truncate(got.Name, 80))
	ref := got.Ref()
	if ref.IsZero() {
		msg += fmt.Sprintf("; its answer named no secret to delete it by: delete the token named %q yourself", name)
	} else if err := del(context.WithoutCancel(ctx), ref); err != nil {
		msg += fmt.Sprintf("; deleting it again failed (%s): delete the token named %q yourself", scrub(errText(err), ref.Reveal()), name)
	} else {
		msg += "; it was deleted again"
	}
	return APIToken{}, c.fail(r, KindWrongScope, msg, nil)
}
