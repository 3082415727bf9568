// Package inmem is an Unleash server held in memory: the app's --demo mode
// runs on it, in-process with no socket, and tests use it where the real
// open-source server cannot serve (Enterprise service accounts, faults). It
// serves the token endpoints of the admin API with the status codes and error
// bodies a real 8.2.0 server sends.
//
// Its responses are checked against the real server's OpenAPI document by
// contract_test.go, so it cannot drift from the real contract unnoticed.
package inmem

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// Credentials the seed data creates. They are fake and only work here.
const (
	AdminAPIToken = "*:*.inmem-admin-api-token"
	// AdminPAT, EditorPAT and ViewerPAT are PATs of the seeded users.
	AdminPAT  = "user:0a1d0e2a3d4b5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3"
	EditorPAT = "user:ed170f2a3d4b5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3"
	ViewerPAT = "user:5ee5e0f2a3d4b5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a"
	// BackendToken is a backend SDK token: admin routes answer it 403.
	BackendToken = "*:development.bac0e0d0a3d4b5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a"
)

// Version is the Unleash version the server claims to be.
const Version = "8.2.0"

// PATLimit is the per-user cap on PATs.
const PATLimit = 10

// Option configures a Server.
type Option func(*Server)

// WithClock sets the server's clock; seed dates are relative to it.
func WithClock(now func() time.Time) Option { return func(s *Server) { s.now = now } }

// OpenSource makes the server behave like the open-source edition: the
// service-account routes answer 404 and ui-config says "Open Source".
func OpenSource() Option { return func(s *Server) { s.enterprise = false } }

// Empty starts with only the seeded users and their access PATs: no other
// tokens, one project (default), two environments.
func Empty() Option { return func(s *Server) { s.seed = false } }

// WithLatency delays every answer, so a demo shows its spinners.
func WithLatency(d time.Duration) Option { return func(s *Server) { s.latency = d } }

// SecureTokens makes the server store API tokens as Unleash 8.1+ does with
// UNLEASH_EXPERIMENTAL_SECURE_TOKEN=true: ui-config's secureTokenStorage
// flag is on, new API tokens are v2 (lists show only their selector), and
// with Risky the seed has v2 tokens too.
func SecureTokens() Option { return func(s *Server) { s.secure = true } }

// Risky adds seed tokens with every risk the audit names: one made for a
// project and widened to every project when it was deleted (as Unleash
// before 6.1 did), one whose project is gone, a duplicate, two made in the
// same millisecond (their creators ambiguous), and with SecureTokens a v2
// token orphaned the way Unleash 8 still orphans them.
func Risky() Option { return func(s *Server) { s.risky = true } }

// WithVersion makes the server say it is another Unleash version (its
// answers stay 8.2.0's): for what the app does with an old or unsupported one.
func WithVersion(v string) Option { return func(s *Server) { s.version = v } }

// WithBulk adds projects and API tokens spread evenly over them, with
// expiries and last-seen times across every audit category: for benchmarks.
func WithBulk(projects, tokens int) Option {
	return func(s *Server) { s.bulkProjects, s.bulkTokens = projects, tokens }
}

// Server is the in-memory Unleash. It is an http.Handler.
type Server struct {
	mu         sync.Mutex
	now        func() time.Time
	enterprise bool
	seed       bool
	latency    time.Duration
	mux        *http.ServeMux
	secure     bool
	risky      bool
	version    string // what ui-config says; Version when empty

	bulkProjects, bulkTokens int
	failures                 []*failure
	faults                   Faults
	requests                 int  // answered since the faults were set, for RevokeAfter
	revoked                  bool // a write came with RevokeAtWrite set
	writes                   int  // writes since the faults were set, for LoseFromWrite
	late                     []*lateWrite

	users      map[int]*user
	apiTokens  []*apiToken
	projects   []project
	envs       []environment
	roles      []role
	nextUserID int
	nextPATID  int
	serial     int

	events      []*event
	nextEventID int
}

type user struct {
	ID             int
	Username       string
	Name           string
	Email          string
	RootRole       int
	ServiceAccount bool
	CreatedAt      time.Time
	PATs           []*pat
}

type pat struct {
	ID          int
	Description string
	Secret      string
	CreatedAt   time.Time
	ExpiresAt   time.Time
	SeenAt      *time.Time
	UserID      int
}

type apiToken struct {
	Name        string
	Type        string // "client", "frontend" or "admin", as lists report it
	Environment string
	Projects    []string
	Secret      string // the full credential, for authentication
	Selector    string // a v2 token's selector, which lists show instead of Secret; "" for v1
	CreatedAt   time.Time
	ExpiresAt   *time.Time
	SeenAt      *time.Time
}

type project struct {
	ID, Name, Description string
	CreatedAt             time.Time
}

type environment struct {
	Name, Type string
	SortOrder  int
}

type role struct {
	ID                      int
	Name, Description, Type string
}

const (
	roleAdmin  = 1
	roleEditor = 2
	roleViewer = 3
)

// New makes a server with realistic seed data (Enterprise edition).
func New(opts ...Option) *Server {
	s := &Server{now: time.Now, enterprise: true, seed: true, nextUserID: 1, nextPATID: 1}
	for _, o := range opts {
		o(s)
	}
	s.roles = []role{
		{roleAdmin, "Admin", "Users with the root admin role have superuser access to Unleash.", "root"},
		{roleEditor, "Editor", "Users with the root editor role have access to most features in Unleash.", "root"},
		{roleViewer, "Viewer", "Users with the root viewer role can only read root resources in Unleash.", "root"},
	}
	s.load()
	s.loadEvents()
	s.loadRisky()
	s.loadBulk()
	s.mux = s.routes()
	return s
}

// NewTestServer starts the server on a loopback port, like httptest.NewServer.
// Close the returned server when done.
func NewTestServer(opts ...Option) (*Server, *httptest.Server) {
	s := New(opts...)
	return s, httptest.NewServer(s)
}

// ServeHTTP serves the admin API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.latency > 0 {
		select {
		case <-time.After(s.latency):
		case <-r.Context().Done():
			return
		}
	}
	s.holdIfLate(r)
	if s.injectedFailure(w, r) || s.faulted(w, r) {
		return
	}
	s.mux.ServeHTTP(w, r)
}

// HTTPClient returns a client whose requests this server answers in-process:
// no socket, no network. Use it with any base URL.
func (s *Server) HTTPClient() *http.Client {
	return &http.Client{Transport: inProcess{s}}
}

type inProcess struct{ h http.Handler }

func (t inProcess) RoundTrip(r *http.Request) (*http.Response, error) {
	if err := r.Context().Err(); err != nil {
		return nil, err
	}
	rec := httptest.NewRecorder()
	done := make(chan struct{})
	go func() {
		defer close(done)
		t.h.ServeHTTP(rec, r)
	}()
	select {
	case <-done:
		resp := rec.Result()
		resp.Request = r
		return resp, nil
	case <-r.Context().Done():
		return nil, r.Context().Err()
	}
}

// Now is the server's current time.
func (s *Server) Now() time.Time { return s.now().UTC() }

// newSecret makes a deterministic, unique 56-hex credential body.
func (s *Server) newSecret(kind string) string {
	s.serial++
	sum := sha256.Sum256([]byte(fmt.Sprintf("inmem/%s/%d", kind, s.serial)))
	return hex.EncodeToString(sum[:])[:56]
}

// caller is who a request authenticated as.
type caller struct {
	user     *user // nil for API tokens
	apiToken *apiToken
}

func (c caller) isAdminToken() bool { return c.apiToken != nil && c.apiToken.Type == "admin" }

func (c caller) rootRole() int {
	switch {
	case c.user != nil:
		return c.user.RootRole
	case c.isAdminToken():
		return roleAdmin
	}
	return 0
}

// authenticate resolves the Authorization header the way Unleash does:
// `Bearer ` is stripped; PATs, admin tokens and SDK tokens are told apart.
func (s *Server) authenticate(r *http.Request) (caller, *apiError) {
	h := strings.TrimSpace(r.Header.Get("Authorization"))
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		h = strings.TrimSpace(h[7:])
	}
	if h == "" {
		return caller{}, errAuthenticationRequired()
	}
	now := s.Now()
	for _, u := range s.users {
		for _, p := range u.PATs {
			if p.Secret == h {
				if !p.ExpiresAt.After(now) {
					return caller{}, errUnauthorized()
				}
				seen := now
				p.SeenAt = &seen
				return caller{user: u}, nil
			}
		}
	}
	for _, t := range s.apiTokens {
		if t.Secret == h {
			if t.ExpiresAt != nil && !t.ExpiresAt.After(now) {
				return caller{}, errUnauthorized()
			}
			seen := now
			t.SeenAt = &seen
			if t.Type != "admin" {
				return caller{}, errWrongTokenType()
			}
			return caller{apiToken: t}, nil
		}
	}
	return caller{}, errUnauthorized()
}
