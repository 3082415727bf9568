package inmem

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

func (s *Server) me(w http.ResponseWriter, r *http.Request, c caller) *apiError {
	if c.isAdminToken() {
		// The real server echoes an admin token's own secret here.
		writeJSON(w, 200, map[string]any{
			"user": map[string]any{"username": c.apiToken.Name, "permissions": []string{"ADMIN"}, "environment": "*",
				"type": "admin", "secret": c.apiToken.Secret, "projects": []string{"*"}, "internalAdminTokenUserId": -42},
			"permissions": []map[string]string{{"permission": "ADMIN"}}, "feedback": []any{}, "splash": map[string]any{}})
		return nil
	}
	u := c.user
	var perms []map[string]string
	switch u.RootRole {
	case roleAdmin:
		perms = []map[string]string{{"permission": "ADMIN"}}
	case roleEditor:
		perms = []map[string]string{{"permission": "CREATE_PROJECT"}, {"permission": "READ_CLIENT_API_TOKEN"}, {"permission": "READ_FRONTEND_API_TOKEN"}}
	default:
		perms = []map[string]string{}
	}
	user := map[string]any{"id": u.ID, "username": u.Username, "rootRole": u.RootRole, "createdAt": ts(u.CreatedAt), "loginAttempts": 0}
	if u.Name != "" {
		user["name"] = u.Name
	}
	if u.Email != "" {
		user["email"] = u.Email
	}
	writeJSON(w, 200, map[string]any{"user": user, "permissions": perms, "feedback": []any{}, "splash": map[string]bool{}})
	return nil
}

func (s *Server) uiConfig(w http.ResponseWriter, r *http.Request, c caller) *apiError {
	version := Version
	if s.version != "" {
		version = s.version
	}
	env, enterprise := "Open Source", ""
	if s.enterprise {
		env, enterprise = "Enterprise", version+"+inmem"
	}
	writeJSON(w, 200, map[string]any{
		"version": version, "unleashUrl": "http://127.0.0.1:4242", "baseUriPath": "", "environment": env,
		"versionInfo": map[string]any{"current": map[string]string{"oss": version, "enterprise": enterprise}, "latest": map[string]any{}, "isLatest": true},
		"resourceLimits": map[string]int{"segmentValues": 1000, "strategySegments": 5, "signalEndpoints": 5, "actionSetActions": 10,
			"actionSetsPerProject": 5, "actionSetFilters": 5, "actionSetFilterValues": 25, "signalTokensPerEndpoint": 5,
			"featureEnvironmentStrategies": 30, "constraintValues": 250, "constraints": 30, "environments": 50, "projects": 500,
			"apiTokens": apiTokenLimit, "segments": 300, "featureFlags": 5000, "releaseTemplates": 10},
		"flags": map[string]bool{"secureTokenStorage": s.secure, "secureAccountTokenStorage": false},
	})
	return nil
}

func (s *Server) listPATs(w http.ResponseWriter, r *http.Request, c caller) *apiError {
	if c.user == nil {
		return errForbidden("PATs require an authenticated user.")
	}
	writePATs(w, c.user)
	return nil
}

func writePATs(w http.ResponseWriter, u *user) {
	out := make([]patJSON, 0, len(u.PATs))
	for _, p := range u.PATs {
		out = append(out, p.json(false))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	writeJSON(w, 200, map[string]any{"pats": out})
}

func (s *Server) createPAT(w http.ResponseWriter, r *http.Request, c caller) *apiError {
	if c.user == nil {
		return errForbidden("PATs require an authenticated user.")
	}
	return s.addPAT(w, r, c.user)
}

// addPAT validates a createPatSchema body and adds the PAT to u.
func (s *Server) addPAT(w http.ResponseWriter, r *http.Request, u *user) *apiError {
	var in struct {
		Description *string `json:"description"`
		ExpiresAt   string  `json:"expiresAt"`
	}
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	if in.Description == nil {
		return errSchema("/body/description", "The `/body/description` property is required. It was not present on the data you sent.")
	}
	expires, err := parseDateTime("expiresAt", in.ExpiresAt)
	if err != nil {
		return err
	}
	desc := *in.Description
	switch {
	case strings.TrimSpace(desc) == "":
		return errBadData("PAT description cannot be empty.")
	case !expires.After(s.Now()):
		return errBadData("The expiry date should be in future.")
	}
	for _, p := range u.PATs {
		if p.Description == desc {
			return &apiError{status: 409, name: "NameExistsError", message: "PAT description already exists."}
		}
	}
	if len(u.PATs) >= PATLimit {
		return &apiError{status: 403, name: "OperationDeniedError", message: "Too many PATs (" + strconv.Itoa(PATLimit) + ") already exist for this user."}
	}
	p := s.newPAT(u, desc, s.Now(), expires, nil)
	writeJSON(w, 201, p.json(true))
	return nil
}

func (s *Server) newPAT(u *user, desc string, created, expires time.Time, seen *time.Time) *pat {
	p := &pat{ID: s.nextPATID, Description: desc, Secret: "user:" + s.newSecret("pat"), CreatedAt: created.UTC(),
		ExpiresAt: expires.UTC(), SeenAt: seen, UserID: u.ID}
	s.nextPATID++
	u.PATs = append(u.PATs, p)
	return p
}

func (s *Server) deletePAT(w http.ResponseWriter, r *http.Request, c caller) *apiError {
	if c.user == nil {
		return errForbidden("PATs require an authenticated user.")
	}
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil {
		return errSchema("/params/id", "The `/params/id` property must be integer.")
	}
	removePAT(c.user, id) // unknown ids and other users' ids: a silent 200
	w.WriteHeader(200)
	return nil
}

func removePAT(u *user, id int) bool {
	for i, p := range u.PATs {
		if p.ID == id {
			u.PATs = append(u.PATs[:i], u.PATs[i+1:]...)
			return true
		}
	}
	return false
}

func (s *Server) requireRootAdmin(c caller) *apiError {
	if c.rootRole() != roleAdmin {
		return errPermission("ADMIN")
	}
	return nil
}

func (s *Server) serviceAccount(r *http.Request) (*user, *apiError) {
	id, err := strconv.Atoi(r.PathValue("id"))
	if u, ok := s.users[id]; err == nil && ok && u.ServiceAccount {
		return u, nil
	}
	return nil, errNotFound("Could not find service account with id " + r.PathValue("id") + ".")
}

func (s *Server) listServiceAccounts(w http.ResponseWriter, r *http.Request, c caller) *apiError {
	if err := s.requireRootAdmin(c); err != nil {
		return err
	}
	var accounts []map[string]any
	for _, u := range s.sortedUsers() {
		if !u.ServiceAccount {
			continue
		}
		tokens := make([]patJSON, 0, len(u.PATs))
		for _, p := range u.PATs {
			tokens = append(tokens, p.json(false))
		}
		accounts = append(accounts, map[string]any{"id": u.ID, "name": u.Name, "username": u.Username,
			"imageUrl": "", "rootRole": u.RootRole, "createdAt": ts(u.CreatedAt), "seenAt": nil, "tokens": tokens})
	}
	roles := make([]map[string]any, 0, len(s.roles))
	for _, ro := range s.roles {
		roles = append(roles, map[string]any{"id": ro.ID, "name": ro.Name, "description": ro.Description, "type": ro.Type})
	}
	if accounts == nil {
		accounts = []map[string]any{}
	}
	writeJSON(w, 200, map[string]any{"serviceAccounts": accounts, "rootRoles": roles})
	return nil
}

func (s *Server) listServiceAccountTokens(w http.ResponseWriter, r *http.Request, c caller) *apiError {
	if err := s.requireRootAdmin(c); err != nil {
		return err
	}
	u, err := s.serviceAccount(r)
	if err != nil {
		return err
	}
	writePATs(w, u)
	return nil
}

func (s *Server) createServiceAccountToken(w http.ResponseWriter, r *http.Request, c caller) *apiError {
	if err := s.requireRootAdmin(c); err != nil {
		return err
	}
	u, err := s.serviceAccount(r)
	if err != nil {
		return err
	}
	return s.addPAT(w, r, u)
}

func (s *Server) deleteServiceAccountToken(w http.ResponseWriter, r *http.Request, c caller) *apiError {
	if err := s.requireRootAdmin(c); err != nil {
		return err
	}
	u, err := s.serviceAccount(r)
	if err != nil {
		return err
	}
	id, convErr := strconv.Atoi(r.PathValue("tokenId"))
	if convErr != nil {
		return errSchema("/params/tokenId", "The `/params/tokenId` property must be integer.")
	}
	removePAT(u, id)
	w.WriteHeader(200)
	return nil
}

func (s *Server) sortedUsers() []*user {
	out := make([]*user, 0, len(s.users))
	for _, u := range s.users {
		out = append(out, u)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
