package inmem

import (
	"net/http"
	"strings"
)

// handlerFunc handles an authenticated request; it returns an error answer
// or writes its own.
type handlerFunc func(w http.ResponseWriter, r *http.Request, c caller) *apiError

func (s *Server) routes() *http.ServeMux {
	m := http.NewServeMux()
	handle := func(pattern string, h handlerFunc) {
		m.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			s.mu.Lock()
			defer s.mu.Unlock()
			c, err := s.authenticate(r)
			if err == nil {
				err = h(w, r, c)
			}
			if err != nil {
				err.write(w)
			}
		})
	}
	handle("GET /api/admin/user", s.me)
	handle("GET /api/admin/ui-config", s.uiConfig)

	handle("GET /api/admin/user/tokens", s.listPATs)
	handle("POST /api/admin/user/tokens", s.createPAT)
	handle("DELETE /api/admin/user/tokens/{id}", s.deletePAT)

	handle("GET /api/admin/service-account", s.enterpriseOnly(s.listServiceAccounts))
	handle("GET /api/admin/service-account/{id}/token", s.enterpriseOnly(s.listServiceAccountTokens))
	handle("POST /api/admin/service-account/{id}/token", s.enterpriseOnly(s.createServiceAccountToken))
	handle("DELETE /api/admin/service-account/{id}/token/{tokenId}", s.enterpriseOnly(s.deleteServiceAccountToken))

	handle("GET /api/admin/projects", s.listProjects)
	handle("GET /api/admin/environments", s.listEnvironments)
	handle("GET /api/admin/search/events", s.searchEvents)

	handle("GET /api/admin/projects/{projectId}/api-tokens", s.listProjectTokens)
	handle("POST /api/admin/projects/{projectId}/api-tokens", s.createProjectToken)
	handle("DELETE /api/admin/projects/{projectId}/api-tokens/{token}", s.deleteProjectToken)

	handle("GET /api/admin/api-tokens", s.listAPITokens)
	handle("GET /api/admin/api-tokens/{name}", s.apiTokensByName)
	handle("POST /api/admin/api-tokens", s.createAPIToken)
	handle("PUT /api/admin/api-tokens/{token}", s.updateAPIToken)
	handle("DELETE /api/admin/api-tokens/{token}", s.deleteAPIToken)

	s.sdkRoutes(m)

	handle("/api/admin/", func(w http.ResponseWriter, r *http.Request, c caller) *apiError {
		return errPathNotAvailable(r.URL.Path)
	})
	m.HandleFunc("GET /health", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]string{"health": "GOOD"})
	})
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		errPathNotAvailable(r.URL.Path).write(w)
	})
	return m
}

// enterpriseOnly answers 404 on the open-source edition, after authentication,
// as the real open-source server does.
func (s *Server) enterpriseOnly(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, c caller) *apiError {
		if !s.enterprise {
			return errPathNotAvailable(r.URL.Path)
		}
		return h(w, r, c)
	}
}

// requireJSON checks the content type of a write, as Unleash does (415).
func requireJSON(r *http.Request) *apiError {
	ct := r.Header.Get("Content-Type")
	if !strings.HasPrefix(strings.ToLower(strings.TrimSpace(ct)), "application/json") {
		return errContentType(ct)
	}
	return nil
}
