package inmem

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// event is one entry of the event log. Only api-token-created events are
// kept: the audit reads them for who made each API token.
type event struct {
	ID              int
	Type            string
	CreatedAt       time.Time
	CreatedBy       string
	CreatedByUserID int
	Project         string
	Environment     string
	Data            map[string]any
}

// Who made something, as the real server records it.
const (
	systemUserID     = -1337 // Unleash itself (INIT_ADMIN_API_TOKENS)
	systemUserName   = "unleash_system_user"
	adminTokenUserID = -42 // an admin API token
)

// recordTokenCreated writes the api-token-created event the real server
// writes: the token without its secret (a v2 token with its selector), by
// the caller, a few milliseconds after the token's own createdAt.
func (s *Server) recordTokenCreated(t *apiToken, sentType, by string, byID int) {
	j := t.json()
	data := map[string]any{"tokenName": t.Name, "environment": t.Environment, "projects": t.Projects, "type": sentType,
		"alias": nil, "project": j.Project, "createdAt": ts(t.CreatedAt), "secure": t.Selector != ""}
	if t.Selector != "" {
		data["selector"], data["tokenVersion"] = t.Selector, 2
		delete(data, "alias")
	}
	s.nextEventID++
	s.events = append(s.events, &event{ID: s.nextEventID, Type: "api-token-created", CreatedAt: t.CreatedAt.Add(5 * time.Millisecond),
		CreatedBy: by, CreatedByUserID: byID, Project: j.Project, Environment: t.Environment, Data: data})
}

// callerName is who the event log says did what the caller did.
func callerName(c caller) (string, int) {
	if c.user != nil {
		if c.user.Username != "" {
			return c.user.Username, c.user.ID
		}
		return c.user.Email, c.user.ID
	}
	return c.apiToken.Name, adminTokenUserID
}

// searchEvents serves GET /api/admin/search/events: any signed-in user may
// read it; type filters with IS: or IS_ANY_OF:; newest first; limit 50 by
// default, 1000 at most.
func (s *Server) searchEvents(w http.ResponseWriter, r *http.Request, c caller) *apiError {
	q := r.URL.Query()
	var types []string
	if v := q.Get("type"); v != "" {
		op, list, ok := strings.Cut(v, ":")
		if !ok || op != "IS" && op != "IS_ANY_OF" {
			return errSchema("/query/type", `The `+"`/query/type`"+` property must match pattern "^(IS|IS_ANY_OF):(.*?)(,([a-zA-Z0-9_]+))*$".`)
		}
		types = strings.Split(list, ",")
	}
	limit, offset := 50, 0
	if v, err := strconv.Atoi(q.Get("limit")); err == nil && v > 0 {
		limit = min(v, 1000)
	}
	if v, err := strconv.Atoi(q.Get("offset")); err == nil && v > 0 {
		offset = v
	}
	var match []*event
	for i := len(s.events) - 1; i >= 0; i-- {
		e := s.events[i]
		if len(types) == 0 || containsString(types, e.Type) {
			match = append(match, e)
		}
	}
	out := []map[string]any{}
	for i := offset; i < len(match) && len(out) < limit; i++ {
		e := match[i]
		out = append(out, map[string]any{"id": e.ID, "type": e.Type, "createdBy": e.CreatedBy, "createdAt": ts(e.CreatedAt),
			"createdByUserId": e.CreatedByUserID, "data": e.Data, "preData": nil, "tags": []any{}, "featureName": nil,
			"project": e.Project, "environment": e.Environment, "label": "API token created",
			"summary": "**" + e.CreatedBy + "** created API token ****"})
	}
	writeJSON(w, 200, map[string]any{"events": out, "total": len(match)})
	return nil
}
