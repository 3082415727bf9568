package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// EventAPITokenCreated is the event Unleash writes when an API token is made.
const EventAPITokenCreated = "api-token-created"

// MaxEventPage is the most events the event search gives in one answer.
const MaxEventPage = 1000

// MaxLegacyEventPage is the most the POST search of servers before 6.2
// takes: Unleash 5 refuses a limit over 100 ("The `limit` property must be
// <= 100", HTTP 400).
const MaxLegacyEventPage = 100

// Event is one entry of Unleash's event log. Only what the app reads is
// decoded; an event's data is kept only in the typed form Token gives.
type Event struct {
	ID              int         `json:"id"`
	Type            string      `json:"type"`
	CreatedAt       time.Time   `json:"createdAt"`
	CreatedBy       string      `json:"createdBy"`       // a username or email, "admin" for an admin API token, "unleash_system_user"
	CreatedByUserID *int        `json:"createdByUserId"` // -42 an admin API token, -1337 the system
	Environment     string      `json:"environment,omitempty"`
	Project         string      `json:"project,omitempty"`
	Token           *EventToken `json:"-"` // api-token-created events only
}

// EventToken is what an api-token-created event says of the token: Unleash
// stores the token without its secret (a v2 token with its selector).
type EventToken struct {
	Name        string    `json:"tokenName"`
	Type        TokenType `json:"type"`
	Environment string    `json:"environment"`
	Projects    []string  `json:"projects"`
	CreatedAt   time.Time `json:"createdAt"` // the token's own createdAt, to the millisecond
	Selector    string    `json:"selector"`  // v2 tokens only
}

// UnmarshalJSON decodes an event and, for API-token events, its data.
func (e *Event) UnmarshalJSON(b []byte) error {
	type plain Event
	var body struct {
		plain
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(b, &body); err != nil {
		return err
	}
	*e = Event(body.plain)
	if len(body.Data) > 0 && string(body.Data) != "null" && (e.Type == EventAPITokenCreated) {
		var tok EventToken
		if json.Unmarshal(body.Data, &tok) == nil {
			e.Token = &tok
		}
	}
	return nil
}

// EventPage is one page of an event search and how many events match in all.
type EventPage struct {
	Events []Event
	Total  int
}

// SearchEvents reads one page of the events of a type, newest first, with
// GET /api/admin/search/events (Unleash 6.2+; any signed-in user may).
func (c *Client) SearchEvents(ctx context.Context, eventType string, offset, limit int) (EventPage, error) {
	var body eventSearch
	r := newRoute("search the event log", http.MethodGet, "/api/admin/search/events")
	r.query = url.Values{"type": {"IS:" + eventType}, "offset": {strconv.Itoa(offset)}, "limit": {strconv.Itoa(limit)}}
	err := c.do(ctx, r, nil, &body)
	return EventPage(body), err
}

// SearchEventsLegacy is SearchEvents for servers before the GET search
// (Unleash 5 and 6.0–6.1): POST /api/admin/events/search. It reads only.
func (c *Client) SearchEventsLegacy(ctx context.Context, eventType string, offset, limit int) (EventPage, error) {
	var body legacyEventSearch
	in := map[string]any{"type": eventType, "offset": offset, "limit": limit}
	err := c.do(ctx, newRoute("search the event log", http.MethodPost, "/api/admin/events/search"), in, &body)
	return EventPage{Events: body.Events, Total: body.TotalEvents}, err
}

// IsMissingRoute reports whether err is the server saying it has no such
// path (an older version, or an edition without it), rather than refusing
// the caller or failing.
func IsMissingRoute(err error) bool {
	e, ok := AsError(err)
	return ok && e.Status == http.StatusNotFound && isMissingPath(e.Message)
}

// flagOn reads a ui-config flag, which is a boolean or a variant object
// with "enabled".
func flagOn(v any) bool {
	switch f := v.(type) {
	case bool:
		return f
	case map[string]any:
		on, _ := f["enabled"].(bool)
		return on
	}
	return false
}

// ListArchivedProjects lists archived projects, which GET /api/admin/projects
// leaves out: their tokens still work. A server without the archived filter
// answers with the active projects, which does no harm to a caller that
// reads both lists.
func (c *Client) ListArchivedProjects(ctx context.Context) ([]Project, error) {
	var body struct {
		Projects []Project `json:"projects"`
	}
	r := newRoute("list archived projects", http.MethodGet, "/api/admin/projects")
	r.query = url.Values{"archived": {"true"}}
	err := c.do(ctx, r, nil, &body)
	return body.Projects, err
}
