package inmem

// Has reports whether any PAT (of any user or service account) is described
// as name, or any API token is named name: for tests that check the server
// agrees with what the app says it did.
func (s *Server) Has(name string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, u := range s.users {
		for _, p := range u.PATs {
			if p.Description == name {
				return true
			}
		}
	}
	for _, t := range s.apiTokens {
		if t.Name == name {
			return true
		}
	}
	return false
}

// PATID is the id of the PAT whose secret is secret, 0 when none is: the
// demo knows which PAT it signs in with, as a real server never says.
func (s *Server) PATID(secret string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, u := range s.users {
		for _, p := range u.PATs {
			if p.Secret == secret {
				return p.ID
			}
		}
	}
	return 0
}
