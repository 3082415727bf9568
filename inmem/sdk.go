package inmem

import (
	"net/http"
	"strings"
)

// sdkRoutes serves the two SDK endpoints a new token's secret is proven on:
// backend tokens read /api/client/features, frontend tokens /api/frontend.
// Any other token gets the real server's 403; none or an unknown one its 401.
func (s *Server) sdkRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /api/client/features", s.sdk("client", func(w http.ResponseWriter, t *apiToken) {
		writeJSON(w, 200, map[string]any{"version": 2, "features": []any{},
			"query": map[string]any{"environment": t.Environment, "inlineSegmentConstraints": true}})
	}))
	m.HandleFunc("GET /api/frontend", s.sdk("frontend", func(w http.ResponseWriter, t *apiToken) {
		writeJSON(w, 200, map[string]any{"toggles": []any{}})
	}))
}

func (s *Server) sdk(kind string, answer func(http.ResponseWriter, *apiToken)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		t, err := s.sdkToken(r, kind)
		if err != nil {
			err.write(w)
			return
		}
		answer(w, t)
	}
}

// sdkToken finds the API token of kind that the request carries.
func (s *Server) sdkToken(r *http.Request, kind string) (*apiToken, *apiError) {
	h := strings.TrimSpace(r.Header.Get("Authorization"))
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		h = strings.TrimSpace(h[7:])
	}
	now := s.Now()
	for _, u := range s.users {
		for _, p := range u.PATs {
			if h != "" && p.Secret == h && p.ExpiresAt.After(now) {
				return nil, errWrongTokenType()
			}
		}
	}
	if t := s.findToken(h); h != "" && t != nil && (t.ExpiresAt == nil || t.ExpiresAt.After(now)) {
		if t.Type != kind {
			return nil, errWrongTokenType()
		}
		seen := now
		t.SeenAt = &seen
		return t, nil
	}
	return nil, &apiError{status: 401, message: "This endpoint requires an API token. Please add an authorization header to your request with a valid token"}
}
