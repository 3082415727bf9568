package api

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/unleash-tokens/unleash-tokens/internal/redact"
	"github.com/unleash-tokens/unleash-tokens/status"
)

// Me returns the user the token belongs to, with the names of their permissions.
func (c *Client) Me(ctx context.Context) (User, error) {
	var body struct {
		User        User `json:"user"`
		Permissions []struct {
			Permission string `json:"permission"`
		} `json:"permissions"`
	}
	err := c.do(ctx, newRoute("read who you are", http.MethodGet, "/api/admin/user"), nil, &body)
	u := body.User
	for _, p := range body.Permissions {
		u.Permissions = append(u.Permissions, p.Permission)
	}
	return u, err
}

// Edition reads GET /api/admin/ui-config and says whether this is Enterprise,
// the way Unleash's web UI decides it.
func (c *Client) Edition(ctx context.Context) (Edition, error) {
	var body struct {
		Environment string `json:"environment"`
		Version     string `json:"version"`
		VersionInfo struct {
			Current struct {
				OSS        string `json:"oss"`
				Enterprise string `json:"enterprise"`
			} `json:"current"`
		} `json:"versionInfo"`
		Flags struct {
			SecureTokenStorage any `json:"secureTokenStorage"` // true, or a variant object when on
		} `json:"flags"`
	}
	if err := c.do(ctx, newRoute("read the server edition", http.MethodGet, "/api/admin/ui-config"), nil, &body); err != nil {
		return Edition{}, err
	}
	e := Edition{Version: body.Version, Environment: body.Environment, SecureTokens: flagOn(body.Flags.SecureTokenStorage)}
	if e.Version == "" {
		e.Version = body.VersionInfo.Current.OSS
	}
	e.Parsed, e.Known = ParseVersion(e.Version)
	e.Enterprise = body.VersionInfo.Current.Enterprise != "" && !strings.EqualFold(body.Environment, "pro")
	c.rememberEdition(e)
	return e, nil
}

// ListPATs lists the signed-in user's personal access tokens.
func (c *Client) ListPATs(ctx context.Context) ([]PAT, error) {
	var body struct {
		PATs []PAT `json:"pats"`
	}
	err := c.do(ctx, newRoute("list your PATs", http.MethodGet, "/api/admin/user/tokens"), nil, &body)
	return body.PATs, err
}

// CreatePAT creates a PAT for the signed-in user. The returned PAT carries its
// secret in Credential, for the caller to wipe; the server never shows it
// again. Never retried.
func (c *Client) CreatePAT(ctx context.Context, in CreatePAT) (PAT, error) {
	var pat PAT
	err := c.do(ctx, newRoute("create a PAT", http.MethodPost, "/api/admin/user/tokens").withSecretAnswer(), patBody(in), &pat)
	return pat, err
}

// DeletePAT deletes one of the signed-in user's PATs. The server answers 200
// for ids it does not know: re-read the list to confirm.
func (c *Client) DeletePAT(ctx context.Context, id int) error {
	return c.do(ctx, newRoute("delete a PAT", http.MethodDelete, "/api/admin/user/tokens/{id}", strconv.Itoa(id)), nil, nil)
}

// ListServiceAccounts lists service accounts (Enterprise only; an open-source
// server gives KindEnterpriseOnly).
func (c *Client) ListServiceAccounts(ctx context.Context) (ServiceAccounts, error) {
	var body ServiceAccounts
	err := c.do(ctx, newRoute("list service accounts", http.MethodGet, "/api/admin/service-account"), nil, &body)
	return body, enterpriseOnly(err)
}

// ListServiceAccountTokens lists one service account's tokens (Enterprise only).
func (c *Client) ListServiceAccountTokens(ctx context.Context, accountID int) ([]PAT, error) {
	var body struct {
		PATs []PAT `json:"pats"`
	}
	err := c.do(ctx, newRoute("list a service account's tokens", http.MethodGet, "/api/admin/service-account/{id}/token", strconv.Itoa(accountID)), nil, &body)
	return body.PATs, enterpriseOnly(err)
}

// CreateServiceAccountToken creates a token for a service account (Enterprise
// only). The returned PAT carries its secret. Never retried.
func (c *Client) CreateServiceAccountToken(ctx context.Context, accountID int, in CreatePAT) (PAT, error) {
	var pat PAT
	err := c.do(ctx, newRoute("create a service-account token", http.MethodPost, "/api/admin/service-account/{id}/token", strconv.Itoa(accountID)).withSecretAnswer(), patBody(in), &pat)
	return pat, enterpriseOnly(err)
}

// DeleteServiceAccountToken deletes a service account's token (Enterprise only).
func (c *Client) DeleteServiceAccountToken(ctx context.Context, accountID, tokenID int) error {
	err := c.do(ctx, newRoute("delete a service-account token", http.MethodDelete, "/api/admin/service-account/{id}/token/{tokenId}", strconv.Itoa(accountID), strconv.Itoa(tokenID)), nil, nil)
	return enterpriseOnly(err)
}

// ListProjects lists the projects the token can see.
func (c *Client) ListProjects(ctx context.Context) ([]Project, error) {
	var body struct {
		Projects []Project `json:"projects"`
	}
	err := c.do(ctx, newRoute("list projects", http.MethodGet, "/api/admin/projects"), nil, &body)
	return body.Projects, err
}

// ListEnvironments lists the instance's environments, in their sort order.
func (c *Client) ListEnvironments(ctx context.Context) ([]Environment, error) {
	var body struct {
		Environments []Environment `json:"environments"`
	}
	err := c.do(ctx, newRoute("list environments", http.MethodGet, "/api/admin/environments"), nil, &body)
	return body.Environments, err
}

// ListProjectTokens lists the API tokens scoped to a project (not `*` tokens).
func (c *Client) ListProjectTokens(ctx context.Context, projectID string) ([]APIToken, error) {
	var body apiTokens
	err := c.do(ctx, newRoute("list the project's tokens", http.MethodGet, "/api/admin/projects/{projectId}/api-tokens", projectID), nil, &body)
	toks := body.list()
	afterList(toks)
	return toks, err
}

// CreateProjectToken creates an API token for one project, in the server's
// dialect, and checks the answer is the token asked for (see checkCreated).
// The returned token carries its secret. Never retried.
func (c *Client) CreateProjectToken(ctx context.Context, projectID string, in CreateProjectToken) (APIToken, error) {
	r := newRoute("create a project token", http.MethodPost, "/api/admin/projects/{projectId}/api-tokens", projectID).withSecretAnswer()
	d, err := c.dialect(ctx, r)
	if err != nil {
		return APIToken{}, err
	}
	// Unleash 5 and 6 need the project in the body too (without it they fail
	// with 500, with another one they never answer); 7 and 8 ignore it.
	body := map[string]any{d.tokenNameField: in.Name, "type": d.tokenTypeName(in.Type), "projects": []string{projectID}}
	if in.Environment != "" {
		body["environment"] = in.Environment
	}
	if in.ExpiresAt != nil {
		body["expiresAt"] = FormatTime(*in.ExpiresAt)
	}
	var answer createdAPIToken
	if err := c.do(ctx, r, body, &answer); err != nil {
		return APIToken{}, err
	}
	want := scope{name: in.Name, typ: in.Type, environment: in.Environment, projects: []string{projectID}}
	return c.checkCreated(ctx, r, want, answer.token(), func(ctx context.Context, ref Secret) error { return c.DeleteProjectToken(ctx, projectID, ref) })
}

// DeleteProjectToken deletes a project's API token, named by its Ref.
func (c *Client) DeleteProjectToken(ctx context.Context, projectID string, ref Secret) error {
	return c.do(ctx, newRoute("delete a project token", http.MethodDelete, "/api/admin/projects/{projectId}/api-tokens/{token}", projectID, ref.Reveal()), nil, nil)
}

// ListAPITokens lists every API token the token may read (no pagination).
func (c *Client) ListAPITokens(ctx context.Context) ([]APIToken, error) {
	blocks, err := c.ListAPITokensInBlocks(ctx)
	return joinBlocks(blocks), err
}

// APITokensByName lists API tokens whose name is exactly name (the server's
// match is case-sensitive). Servers before 5.4.0 have no by-name route: there
// the full list is read and filtered the same way.
func (c *Client) APITokensByName(ctx context.Context, name string) ([]APIToken, error) {
	r := newRoute("find API tokens by name", http.MethodGet, "/api/admin/api-tokens/{name}", name)
	if d, err := c.dialect(ctx, r); err == nil && !d.byName {
		all, err := c.ListAPITokens(ctx)
		var named []APIToken
		for _, t := range all {
			if t.Name == name {
				named = append(named, t)
			}
		}
		return named, err
	}
	var body apiTokens
	err := c.do(ctx, r, nil, &body)
	toks := body.list()
	afterList(toks)
	return toks, err
}

// CreateAPIToken creates an API token in the server's dialect and checks the
// answer is the token asked for (see checkCreated). Projects are always sent
// as a list: Unleash 7+ silently drops a singular `project`. Never retried.
func (c *Client) CreateAPIToken(ctx context.Context, in CreateAPIToken) (APIToken, error) {
	r := newRoute("create an API token", http.MethodPost, "/api/admin/api-tokens").withSecretAnswer()
	d, err := c.dialect(ctx, r)
	if err != nil {
		return APIToken{}, err
	}
	projects := in.Projects
	if len(projects) == 0 {
		projects = []string{"*"}
	}
	body := map[string]any{d.tokenNameField: in.Name, "type": d.tokenTypeName(in.Type), "projects": projects}
	if in.Environment != "" {
		body["environment"] = in.Environment
	}
	if in.ExpiresAt != nil {
		body["expiresAt"] = FormatTime(*in.ExpiresAt)
	}
	var answer createdAPIToken
	if err := c.do(ctx, r, body, &answer); err != nil {
		return APIToken{}, err
	}
	want := scope{name: in.Name, typ: in.Type, environment: in.Environment, projects: projects}
	return c.checkCreated(ctx, r, want, answer.token(), c.DeleteAPIToken)
}

// UpdateAPITokenExpiry sets a new expiry. The server answers 200 for tokens
// it does not know: re-read to confirm.
func (c *Client) UpdateAPITokenExpiry(ctx context.Context, ref Secret, expiresAt time.Time) error {
	body := map[string]string{"expiresAt": FormatTime(expiresAt)}
	return c.do(ctx, newRoute("change an API token's expiry", http.MethodPut, "/api/admin/api-tokens/{token}", ref.Reveal()), body, nil)
}

// DeleteAPIToken deletes an API token. The server answers 200 for tokens it
// does not know: re-read to confirm.
func (c *Client) DeleteAPIToken(ctx context.Context, ref Secret) error {
	return c.do(ctx, newRoute("delete an API token", http.MethodDelete, "/api/admin/api-tokens/{token}", ref.Reveal()), nil, nil)
}

type apiTokens struct {
	Tokens []APIToken `json:"tokens"`
	// blocks: the rows, when decodeStream read more than a block of them
	// (then Tokens is nil); see rows.
	blocks [][]APIToken
}

func patBody(in CreatePAT) map[string]string {
	return map[string]string{"description": in.Description, "expiresAt": FormatTime(in.ExpiresAt)}
}

// enterpriseOnly turns the open-source server's 404 for a service-account
// route into KindEnterpriseOnly. A 404 naming a missing account stays NotFound.
func enterpriseOnly(err error) error {
	if e, ok := AsError(err); ok && e.Status == http.StatusNotFound && isMissingPath(e.Message) {
		e.Kind = KindEnterpriseOnly
		e.Message = "service accounts need Unleash Enterprise; this server answered that the path is not available"
	}
	return err
}

func isMissingPath(msg string) bool {
	return msg == "" || msg == "not found" || strings.Contains(msg, "The path you were looking for")
}

// afterList is what every API-token list goes through once decoded: its
// secrets learned, its rotations' old tokens marked.
func afterList(toks []APIToken) { afterListBlocks([][]APIToken{toks}) }

// afterListBlocks is afterList of a list held in blocks: every block but
// the last of the same length.
func afterListBlocks(blocks [][]APIToken) {
	learnSecrets(blocks)
	markSuperseded(blocks)
}

// markSuperseded sets Superseded on each token that a later one of the
// same scope outlives (see supersede). The list is in blocks, every
// block but the last of the same length.
func markSuperseded(blocks [][]APIToken) {
	n := 0
	for _, b := range blocks {
		n += len(b)
	}
	if n < 2 {
		return
	}
	size := len(blocks[0])
	at := func(i int) *APIToken { return &blocks[i/size][i%size] }
	supersede(n, func(i int) rotation {
		t := at(i)
		return rotation{Name: t.Name, Type: t.Type, Environment: t.Environment, Projects: t.Projects, Facts: t.Facts()}
	}, func(i int) { at(i).Superseded = true })
}

// rotation is what supersede reads of a token: its scope and its dates.
type rotation struct {
	Name        string
	Type        TokenType
	Environment string
	Projects    []string
	Facts       status.Facts
}

// supersede calls mark(i) for each of n tokens (row(i) is the i-th)
// that a later one of the same name, type, environment and projects
// outlives (status.Successor): a rotation's old token, in its grace period
// or kept. Tokens are grouped by name first (a map of the names, no key
// built per token).
func supersede(n int, row func(i int) rotation, mark func(i int)) {
	if n < 2 {
		return
	}
	head := make(map[string]int32, n)
	next := make([]int32, n)
	for i := range n {
		name := row(i).Name
		next[i] = -1
		if h, ok := head[name]; ok {
			next[i] = h
		}
		head[name] = int32(i)
	}
	for i := range n {
		t := row(i)
		if t.Facts.ExpiresAt == nil {
			continue
		}
		h := head[t.Name]
		if h == int32(i) && next[i] < 0 {
			continue // alone with its name
		}
		for j := h; j >= 0; j = next[j] {
			if int(j) == i {
				continue
			}
			if u := row(int(j)); u.Type == t.Type && u.Environment == t.Environment && sameProjects(u.Projects, t.Projects) &&
				status.Successor(t.Facts, u.Facts) {
				mark(i)
				break
			}
		}
	}
}

// learnSecrets tells the redaction registry every secret a list gave (a v1
// server lists them in full; a v2 selector is public), then looks up the
// list's names in one pass, so that drawing or writing them is a map hit
// (see internal/redact).
func learnSecrets(blocks [][]APIToken) {
	if len(blocks) == 0 || len(blocks) == 1 && len(blocks[0]) == 0 {
		return
	}
	redact.LearnEach(func(yield func(string) bool) {
		for _, toks := range blocks {
			for i := range toks {
				if k := toks[i].Secret.FormatKind(); k == FormatV2Selector || toks[i].Secret.IsZero() {
					continue
				}
				if !yield(toks[i].Secret.Reveal()) {
					return
				}
			}
		}
	})
	redact.Prime(func(yield func(string) bool) {
		for _, toks := range blocks {
			for i := range toks {
				if !yield(toks[i].Name) {
					return
				}
			}
		}
	})
}
