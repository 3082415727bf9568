package inmem

import (
	"sort"
	"time"
)

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

// Held is a token the server holds, secret and all: for tests that compare
// what the app said with what exists, and look for secrets in its output.
type Held struct {
	Kind        string // "pat" (a user's or a service account's) or "api_token"
	ID          int    // a PAT's id
	Owner       string // a PAT's user's username
	Service     bool   // a PAT of a service account
	Name        string // a PAT's description, an API token's name
	Secret      string // the whole credential
	Selector    string // a v2 API token's selector
	Environment string
	ExpiresAt   *time.Time
}

// Holdings are every PAT and API token the server holds, PATs by id, then
// API tokens in their order.
func (s *Server) Holdings() []Held {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Held
	for _, u := range s.users {
		for _, p := range u.PATs {
			exp := p.ExpiresAt
			out = append(out, Held{Kind: "pat", ID: p.ID, Owner: u.Username, Service: u.ServiceAccount, Name: p.Description,
				Secret: p.Secret, ExpiresAt: &exp})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	for _, t := range s.apiTokens {
		out = append(out, Held{Kind: "api_token", Name: t.Name, Secret: t.Secret, Selector: t.Selector, Environment: t.Environment, ExpiresAt: t.ExpiresAt})
	}
	return out
}
