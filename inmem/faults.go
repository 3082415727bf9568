package inmem

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"time"
)

// Faults are ways the server misbehaves, for tests of what the app says
// when it does (FailWrite is another). Each is off until set with
// WithFaults or SetFaults.
type Faults struct {
	// RefuseReads answers GETs of these paths (as decoded, without query;
	// a path ending in "*" is a prefix) with Status and Unleash's error
	// JSON, doing nothing.
	RefuseReads []string
	Status      int // for RefuseReads; 500 when 0
	// GarbleReads answers GETs of these paths 200 with a body that is not
	// the list (JSON cut short), as a broken proxy might.
	GarbleReads []string
	// RevokeAfter, when more than 0, answers every request after that many
	// 401, as a server does once the token is deleted or expires midway.
	RevokeAfter int
	// RevokeAtWrite answers the first write, and every request after it,
	// 401: the token was revoked just as the command began to write.
	RevokeAtWrite bool
	// LoseWriteAnswers does every write (any method but GET) and then sends
	// no answer until the client gives up (at most LoseFor, 30s when 0): a
	// write that times out but lands.
	LoseWriteAnswers bool
	LoseFor          time.Duration
	// LoseFromWrite, with LoseWriteAnswers, answers the writes before that
	// one (1-based) as usual: a rotation's create is answered, its retire
	// lost.
	LoseFromWrite int
	// EchoWrites answers every write, and the GETs of EchoReads, 400 with a
	// message that echoes the request whole: its line, every header (the
	// Authorization header too) and its body. Nothing is done.
	EchoWrites bool
	EchoReads  []string
}

// WithFaults starts the server with these faults.
func WithFaults(f Faults) Option { return func(s *Server) { s.faults = f } }

// SetFaults replaces the server's faults, and starts counting requests for
// RevokeAfter again.
func (s *Server) SetFaults(f Faults) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults, s.requests, s.revoked, s.writes = f, 0, false, 0
}

// matchPath reports whether path is one of paths (a "*" suffix: a prefix).
func matchPath(paths []string, path string) bool {
	for _, p := range paths {
		if pre, ok := strings.CutSuffix(p, "*"); ok && strings.HasPrefix(path, pre) || p == path {
			return true
		}
	}
	return false
}

// faulted answers r as the faults say, and reports whether it did; a lost
// answer is handled here too (the write is done, the answer withheld).
func (s *Server) faulted(w http.ResponseWriter, r *http.Request) bool {
	s.mu.Lock()
	f := s.faults
	s.requests++
	n := s.requests
	read := r.Method == http.MethodGet
	if !read {
		s.writes++
	}
	nthWrite := s.writes
	if f.RevokeAtWrite && !read {
		s.revoked = true
	}
	revoked := s.revoked
	s.mu.Unlock()
	switch {
	case f.RevokeAfter > 0 && n > f.RevokeAfter, revoked:
		errUnauthorized().write(w)
		return true
	case read && matchPath(f.RefuseReads, r.URL.Path):
		status := f.Status
		if status == 0 {
			status = http.StatusInternalServerError
		}
		if status == http.StatusUnauthorized {
			errUnauthorized().write(w)
			return true
		}
		name := "InternalError"
		if status < 500 {
			name = "PermissionError"
		}
		(&apiError{status: status, name: name, withID: true, message: fmt.Sprintf("injected failure (HTTP %d) reading %s", status, r.URL.Path)}).write(w)
		return true
	case read && matchPath(f.GarbleReads, r.URL.Path):
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(`{"tokens":[{"secret":"`))
		return true
	case f.EchoWrites && (!read || matchPath(f.EchoReads, r.URL.Path)):
		(&apiError{status: http.StatusBadRequest, name: "BadDataError", withID: true, message: echo(r)}).write(w)
		return true
	case f.LoseWriteAnswers && !read && nthWrite >= f.LoseFromWrite:
		rec := httptest.NewRecorder()
		s.mux.ServeHTTP(rec, r) // it lands
		wait := f.LoseFor
		if wait <= 0 {
			wait = 30 * time.Second
		}
		select { // and its answer never comes
		case <-r.Context().Done():
		case <-time.After(wait):
		}
		return true
	}
	return false
}

// echo is the request whole, as a misconfigured proxy or debug page sends
// it back: line, headers (sorted), body.
func echo(r *http.Request) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %s\n", r.Method, r.URL.RequestURI(), r.Proto)
	keys := make([]string, 0, len(r.Header))
	for k := range r.Header {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range r.Header[k] {
			fmt.Fprintf(&b, "%s: %s\n", k, v)
		}
	}
	body, _ := io.ReadAll(io.LimitReader(r.Body, 64<<10))
	r.Body = io.NopCloser(bytes.NewReader(body))
	b.WriteString("\n")
	b.Write(body)
	return b.String()
}
