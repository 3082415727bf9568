package inmem

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"
)

// ts is a time as Unleash writes it: UTC with milliseconds.
type ts time.Time

func (t ts) MarshalJSON() ([]byte, error) {
	return []byte(`"` + time.Time(t).UTC().Format("2006-01-02T15:04:05.000Z") + `"`), nil
}

func tsPtr(t *time.Time) *ts {
	if t == nil {
		return nil
	}
	v := ts(*t)
	return &v
}

type patJSON struct {
	ID          int    `json:"id"`
	Description string `json:"description"`
	ExpiresAt   ts     `json:"expiresAt"`
	UserID      int    `json:"userId"`
	CreatedAt   ts     `json:"createdAt"`
	SeenAt      *ts    `json:"seenAt"`
	Secret      string `json:"secret,omitempty"`
}

func (p *pat) json(withSecret bool) patJSON {
	j := patJSON{ID: p.ID, Description: p.Description, ExpiresAt: ts(p.ExpiresAt), UserID: p.UserID,
		CreatedAt: ts(p.CreatedAt), SeenAt: tsPtr(p.SeenAt)}
	if withSecret {
		j.Secret = p.Secret
	}
	return j
}

type apiTokenJSON struct {
	Secret      string   `json:"secret"`
	TokenName   string   `json:"tokenName"`
	Type        string   `json:"type"`
	Project     string   `json:"project"`
	Projects    []string `json:"projects"`
	Environment string   `json:"environment"`
	ExpiresAt   *ts      `json:"expiresAt"`
	CreatedAt   ts       `json:"createdAt"`
	Alias       *string  `json:"alias"`
	SeenAt      *ts      `json:"seenAt"`
	Secure      bool     `json:"secure"`
}

func (t *apiToken) json() apiTokenJSON {
	project := "*"
	if len(t.Projects) == 1 {
		project = t.Projects[0]
	} else if len(t.Projects) > 1 {
		project = "[]"
	}
	if t.Selector != "" {
		return apiTokenJSON{Secret: t.Selector, TokenName: t.Name, Type: t.Type, Project: project,
			Projects: t.Projects, Environment: t.Environment, ExpiresAt: tsPtr(t.ExpiresAt),
			CreatedAt: ts(t.CreatedAt), SeenAt: tsPtr(t.SeenAt), Secure: true}
	}
	return apiTokenJSON{Secret: t.Secret, TokenName: t.Name, Type: t.Type, Project: project,
		Projects: t.Projects, Environment: t.Environment, ExpiresAt: tsPtr(t.ExpiresAt),
		CreatedAt: ts(t.CreatedAt), SeenAt: tsPtr(t.SeenAt)}
}

// MarshalJSON writes a v1 row with explicit nulls and a v2 row without the
// keys it has no value for, as the real server does.
func (j apiTokenJSON) MarshalJSON() ([]byte, error) {
	type plain apiTokenJSON
	if !j.Secure {
		return json.Marshal(plain(j))
	}
	m := map[string]any{"secret": j.Secret, "tokenName": j.TokenName, "type": j.Type, "project": j.Project,
		"projects": j.Projects, "environment": j.Environment, "createdAt": j.CreatedAt, "secure": true}
	if j.ExpiresAt != nil {
		m["expiresAt"] = j.ExpiresAt
	}
	if j.SeenAt != nil {
		m["seenAt"] = j.SeenAt
	}
	return json.Marshal(m)
}

// decodeBody reads a JSON write body: 415 for another content type, the
// Express HTML page for malformed JSON.
func decodeBody(r *http.Request, v any) *apiError {
	if err := requireJSON(r); err != nil {
		return err
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return errMalformedJSON()
	}
	if err := json.Unmarshal(data, v); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return errSchema("/body/"+typeErr.Field, "The `/body/"+typeErr.Field+"` property must be a "+typeErr.Value+".")
		}
		return errMalformedJSON()
	}
	return nil
}

// parseDateTime accepts what the server's validator accepts: RFC 3339
// date-time, not a bare date.
func parseDateTime(field, v string) (time.Time, *apiError) {
	if v == "" {
		return time.Time{}, errSchema("/body/"+field, "The `/body/"+field+"` property is required. It was not present on the data you sent.")
	}
	t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(v))
	if err != nil {
		return time.Time{}, errSchema("/body/"+field, "The `/body/"+field+"` property must match format \"date-time\". You sent \""+v+"\".")
	}
	return t.UTC().Truncate(time.Millisecond), nil
}
