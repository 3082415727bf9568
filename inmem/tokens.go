package inmem

import (
	"net/http"
	"sort"
	"strings"
	"time"
)

const apiTokenLimit = 2000

func (s *Server) listProjects(w http.ResponseWriter, r *http.Request, c caller) *apiError {
	out := make([]map[string]any, 0, len(s.projects))
	for _, p := range s.projects {
		out = append(out, map[string]any{"id": p.ID, "name": p.Name, "description": p.Description, "health": 100,
			"technicalDebt": 0, "favorite": false, "featureCount": 0, "memberCount": 0, "createdAt": ts(p.CreatedAt),
			"archivedAt": nil, "mode": "open", "lastReportedFlagUsage": nil, "lastUpdatedAt": nil,
			"onboardingStatus": map[string]string{"status": "onboarding-started"}, "owners": []map[string]string{{"ownerType": "system"}}})
	}
	writeJSON(w, 200, map[string]any{"version": 1, "projects": out})
	return nil
}

func (s *Server) listEnvironments(w http.ResponseWriter, r *http.Request, c caller) *apiError {
	out := make([]map[string]any, 0, len(s.envs))
	for _, e := range s.envs {
		count := 0
		for _, t := range s.apiTokens {
			if t.Environment == e.Name {
				count++
			}
		}
		out = append(out, map[string]any{"name": e.Name, "type": e.Type, "sortOrder": e.SortOrder, "enabled": true,
			"protected": false, "requiredApprovals": nil, "projectCount": len(s.projects), "apiTokenCount": count, "enabledToggleCount": 0})
	}
	writeJSON(w, 200, map[string]any{"version": 1, "environments": out})
	return nil
}

func (s *Server) project(id string) bool {
	for _, p := range s.projects {
		if p.ID == id {
			return true
		}
	}
	return false
}

func (s *Server) environment(name string) bool {
	for _, e := range s.envs {
		if e.Name == name {
			return true
		}
	}
	return false
}

// canReadTokens: root admins see every token, editors every non-admin token.
func (s *Server) visibleTokens(c caller) ([]*apiToken, *apiError) {
	switch c.rootRole() {
	case roleAdmin:
		return s.apiTokens, nil
	case roleEditor:
		var out []*apiToken
		for _, t := range s.apiTokens {
			if t.Type != "admin" {
				out = append(out, t)
			}
		}
		return out, nil
	}
	return nil, errPermission("ADMIN", "READ_CLIENT_API_TOKEN", "READ_FRONTEND_API_TOKEN")
}

func writeTokens(w http.ResponseWriter, list []*apiToken) {
	out := make([]apiTokenJSON, 0, len(list))
	for _, t := range list {
		out = append(out, t.json())
	}
	sort.SliceStable(out, func(i, j int) bool { return time.Time(out[i].CreatedAt).After(time.Time(out[j].CreatedAt)) })
	writeJSON(w, 200, map[string]any{"tokens": out})
}

func (s *Server) listAPITokens(w http.ResponseWriter, r *http.Request, c caller) *apiError {
	list, err := s.visibleTokens(c)
	if err != nil {
		return err
	}
	writeTokens(w, list)
	return nil
}

func (s *Server) apiTokensByName(w http.ResponseWriter, r *http.Request, c caller) *apiError {
	list, err := s.visibleTokens(c)
	if err != nil {
		return err
	}
	name := r.PathValue("name")
	var out []*apiToken
	for _, t := range list {
		if t.Name == name {
			out = append(out, t)
		}
	}
	writeTokens(w, out)
	return nil
}

type createTokenBody struct {
	TokenName   *string  `json:"tokenName"`
	Type        string   `json:"type"`
	Environment string   `json:"environment"`
	Project     string   `json:"project"`
	Projects    []string `json:"projects"`
	ExpiresAt   *string  `json:"expiresAt"`
}

// validate checks a create body the way the server does; projects are the
// projects the token will reach.
func (s *Server) validate(in *createTokenBody, projects []string) (kind string, expires *time.Time, err *apiError) {
	if in.TokenName == nil || *in.TokenName == "" {
		return "", nil, errSchema("/body/tokenName", "The `/body/tokenName` property is required. It was not present on the data you sent.")
	}
	switch strings.ToLower(in.Type) {
	case "client", "backend":
		kind = "client"
	case "frontend":
		kind = "frontend"
	case "":
		return "", nil, errSchema("/body/type", "The `/body/type` property is required. It was not present on the data you sent.")
	default:
		return "", nil, errSchema("/body/type", `The `+"`/body/type`"+` property must match pattern "^([Cc][Ll][Ii][Ee][Nn][Tt]|[Bb][Aa][Cc][Kk][Ee][Nn][Dd]|[Ff][Rr][Oo][Nn][Tt][Ee][Nn][Dd])$". You sent "`+in.Type+`".`)
	}
	if in.Environment == "" {
		in.Environment = "development"
	}
	if !s.environment(in.Environment) {
		if !s.enterprise {
			return "", nil, errPermission("ADMIN", "CREATE_CLIENT_API_TOKEN", "CREATE_FRONTEND_API_TOKEN")
		}
		return "", nil, errBadData("Environment=" + in.Environment + " does not exist")
	}
	for _, p := range projects {
		if p != "*" && !s.project(p) {
			return "", nil, errBadData("Project=" + p + " does not exist")
		}
	}
	if in.ExpiresAt != nil {
		t, perr := parseDateTime("expiresAt", *in.ExpiresAt)
		if perr != nil {
			return "", nil, perr
		}
		expires = &t // a past date is accepted, as the real server does
	}
	if len(s.apiTokens) >= apiTokenLimit {
		return "", nil, &apiError{status: 400, name: "ExceedsLimitError", message: "Failed to create api token. You can't create more than the established limit of 2000."}
	}
	return kind, expires, nil
}

func (s *Server) addToken(w http.ResponseWriter, c caller, in *createTokenBody, kind string, projects []string, expires *time.Time) {
	env := in.Environment
	prefix := "*"
	if len(projects) == 1 {
		prefix = projects[0]
	} else if len(projects) > 1 {
		prefix = "[]"
	}
	t := &apiToken{Name: *in.TokenName, Type: kind, Environment: env, Projects: projects,
		Secret: prefix + ":" + env + "." + s.newSecret("api"), CreatedAt: s.Now(), ExpiresAt: expires}
	if s.secure {
		t.Selector, t.Secret = s.newV2Secret(prefix + ":" + env + ".")
	}
	s.apiTokens = append(s.apiTokens, t)
	by, byID := callerName(c)
	s.recordTokenCreated(t, strings.ToLower(in.Type), by, byID)
	out := t.json()
	out.Secret = t.Secret               // the create answer carries the credential, v2 too
	out.Type = strings.ToLower(in.Type) // the create answer echoes the type as sent
	writeJSON(w, 201, out)
}

func (s *Server) createAPIToken(w http.ResponseWriter, r *http.Request, c caller) *apiError {
	if c.rootRole() != roleAdmin {
		return errPermission("ADMIN", "CREATE_CLIENT_API_TOKEN", "CREATE_FRONTEND_API_TOKEN")
	}
	var in createTokenBody
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	projects := in.Projects
	if len(projects) == 0 {
		projects = []string{"*"} // a singular `project` is dropped, as on the real server
	}
	kind, expires, err := s.validate(&in, projects)
	if err != nil {
		return err
	}
	s.addToken(w, c, &in, kind, projects, expires)
	return nil
}

func (s *Server) findToken(ref string) *apiToken {
	for _, t := range s.apiTokens {
		if t.Secret == ref || t.Selector != "" && t.Selector == ref {
			return t
		}
	}
	return nil
}

func (s *Server) updateAPIToken(w http.ResponseWriter, r *http.Request, c caller) *apiError {
	if c.rootRole() != roleAdmin {
		return errPermission("ADMIN", "UPDATE_CLIENT_API_TOKEN", "UPDATE_FRONTEND_API_TOKEN")
	}
	var in struct {
		ExpiresAt string `json:"expiresAt"`
	}
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	t, err := parseDateTime("expiresAt", in.ExpiresAt)
	if err != nil {
		return err
	}
	if tok := s.findToken(r.PathValue("token")); tok != nil {
		tok.ExpiresAt = &t
	}
	w.WriteHeader(200)
	return nil
}

func (s *Server) deleteAPIToken(w http.ResponseWriter, r *http.Request, c caller) *apiError {
	if c.rootRole() != roleAdmin {
		return errPermission("ADMIN", "DELETE_CLIENT_API_TOKEN", "DELETE_FRONTEND_API_TOKEN")
	}
	s.removeToken(r.PathValue("token"))
	w.WriteHeader(200)
	return nil
}

func (s *Server) removeToken(ref string) {
	for i, t := range s.apiTokens {
		if t.Secret == ref || t.Selector != "" && t.Selector == ref {
			s.apiTokens = append(s.apiTokens[:i], s.apiTokens[i+1:]...)
			return
		}
	}
}

// projectAccess applies the project-token routes' checks: a viewer or an
// unknown project gets 403 naming perm; an admin API token gets 404 for an
// unknown project.
func (s *Server) projectAccess(r *http.Request, c caller, perm string) *apiError {
	known := s.project(r.PathValue("projectId"))
	if c.isAdminToken() {
		if !known {
			return errNotFound("No project found")
		}
		return nil
	}
	if !known || c.rootRole() != roleAdmin && c.rootRole() != roleEditor {
		return errPermission(perm)
	}
	return nil
}

func (s *Server) listProjectTokens(w http.ResponseWriter, r *http.Request, c caller) *apiError {
	if err := s.projectAccess(r, c, "READ_PROJECT_API_TOKEN"); err != nil {
		return err
	}
	if c.isAdminToken() {
		writeTokens(w, s.apiTokens) // the real server returns every token, unfiltered, to an admin token
		return nil
	}
	p := r.PathValue("projectId")
	var out []*apiToken
	for _, t := range s.apiTokens {
		for _, tp := range t.Projects {
			if tp == p {
				out = append(out, t)
				break
			}
		}
	}
	writeTokens(w, out)
	return nil
}

func (s *Server) createProjectToken(w http.ResponseWriter, r *http.Request, c caller) *apiError {
	if err := s.projectAccess(r, c, "CREATE_PROJECT_API_TOKEN"); err != nil {
		return err
	}
	var in createTokenBody
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	projects := []string{r.PathValue("projectId")}
	kind, expires, err := s.validate(&in, projects)
	if err != nil {
		return err
	}
	s.addToken(w, c, &in, kind, projects, expires)
	return nil
}

func (s *Server) deleteProjectToken(w http.ResponseWriter, r *http.Request, c caller) *apiError {
	if err := s.projectAccess(r, c, "DELETE_PROJECT_API_TOKEN"); err != nil {
		return err
	}
	t := s.findToken(r.PathValue("token"))
	p := r.PathValue("projectId")
	switch {
	case t == nil || !containsString(t.Projects, p):
		return errEmpty(404)
	case len(t.Projects) > 1:
		return errEmpty(400)
	}
	s.removeToken(t.Secret)
	w.WriteHeader(200)
	return nil
}

func containsString(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}
