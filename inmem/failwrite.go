package inmem

import (
	"net/http"
	"strconv"
	"sync"
)

// failure is a write the server is told to refuse.
type failure struct {
	method, path string // path as decoded, e.g. /api/admin/api-tokens/<secret>
	status       int
	left         int // how many more to refuse; -1: all
}

// FailWrite makes the server refuse writes with method to path (as decoded,
// without query) with status and Unleash's error JSON, doing nothing: for
// tests of one write failing among many. times is how many such requests
// fail; 0 means every one.
func (s *Server) FailWrite(method, path string, status, times int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	left := times
	if times <= 0 {
		left = -1
	}
	s.failures = append(s.failures, &failure{method: method, path: path, status: status, left: left})
}

// injectedFailure answers r with a failure FailWrite asked for, if one matches.
func (s *Server) injectedFailure(w http.ResponseWriter, r *http.Request) bool {
	s.mu.Lock()
	var hit *failure
	for _, f := range s.failures {
		if f.left != 0 && f.method == r.Method && f.path == r.URL.Path {
			hit = f
			if f.left > 0 {
				f.left--
			}
			break
		}
	}
	s.mu.Unlock()
	if hit == nil {
		return false
	}
	name := "InternalError"
	if hit.status < 500 {
		name = "BadDataError"
	}
	(&apiError{status: hit.status, name: name, withID: true,
		message: "injected failure (HTTP " + strconv.Itoa(hit.status) + "): nothing was changed"}).write(w)
	return true
}

// lateWrite is a write the server holds until the test releases it, then
// does: a server that makes a token after the client stopped waiting.
type lateWrite struct {
	method, path string
	release      chan struct{}
	arrived      chan struct{}
	once         sync.Once
}

// LateWrite makes the server hold every write with method to path (as
// decoded, without query) until release is called, and then do it, whether
// or not the client still waits: the token exists though the client never
// read the answer. arrived is closed when the first such write comes.
func (s *Server) LateWrite(method, path string) (arrived <-chan struct{}, release func()) {
	l := &lateWrite{method: method, path: path, release: make(chan struct{}), arrived: make(chan struct{})}
	s.mu.Lock()
	s.late = append(s.late, l)
	s.mu.Unlock()
	var once sync.Once
	return l.arrived, func() { once.Do(func() { close(l.release) }) }
}

// holdIfLate waits, for a write LateWrite holds, until it is released.
func (s *Server) holdIfLate(r *http.Request) {
	s.mu.Lock()
	var hit *lateWrite
	for _, l := range s.late {
		if l.method == r.Method && l.path == r.URL.Path {
			hit = l
			break
		}
	}
	s.mu.Unlock()
	if hit != nil {
		hit.once.Do(func() { close(hit.arrived) })
		<-hit.release
	}
}
