package audit

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/inmem"
)

// TestArchivedProjectsDoNotWaitForTheProjectList: the orphan check's
// archived projects are asked for at once, not after the project list
// comes back (the two do not depend on each other): here the project list
// is answered only once the archived list has been asked for.
func TestArchivedProjectsDoNotWaitForTheProjectList(t *testing.T) {
	srv := inmem.New(inmem.WithClock(clock))
	archivedAsked := make(chan struct{})
	var once sync.Once
	waited := make(chan bool, 1)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/admin/projects" {
			if r.URL.Query().Get("archived") == "true" {
				once.Do(func() { close(archivedAsked) })
			} else {
				select {
				case <-archivedAsked:
					waited <- false
				case <-time.After(5 * time.Second):
					waited <- true
				}
			}
		}
		srv.ServeHTTP(w, r)
	})
	r := Run(context.Background(), client(t, h, inmem.AdminPAT), Options{Now: testNow, Checks: AllChecks})
	if len(r.Failed()) > 0 {
		t.Fatalf("failed: %v", r.Failed())
	}
	if <-waited {
		t.Fatal("the archived projects were asked for only after the project list was answered")
	}
}

// TestDefaultProjectTokensDoNotWaitForTheProjectList: the default
// project's tokens are asked for with the first requests (here the project
// list is answered only once they have been), and asked once: the project
// list naming it uses that answer.
func TestDefaultProjectTokensDoNotWaitForTheProjectList(t *testing.T) {
	srv := inmem.New(inmem.WithClock(clock))
	defaultAsked := make(chan struct{})
	var mu sync.Mutex
	asks := 0
	waited := make(chan bool, 1)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/api/admin/projects/default/api-tokens":
			mu.Lock()
			asks++
			if asks == 1 {
				close(defaultAsked)
			}
			mu.Unlock()
		case r.URL.Path == "/api/admin/projects" && r.URL.Query().Get("archived") != "true":
			select {
			case <-defaultAsked:
				waited <- false
			case <-time.After(5 * time.Second):
				waited <- true
			}
		}
		srv.ServeHTTP(w, r)
	})
	r := Run(context.Background(), client(t, h, inmem.AdminPAT), Options{Now: testNow, Checks: AllChecks})
	if len(r.Failed()) > 0 {
		t.Fatalf("failed: %v", r.Failed())
	}
	if <-waited {
		t.Fatal("the default project's tokens were asked for only after the project list was answered")
	}
	mu.Lock()
	defer mu.Unlock()
	if asks != 1 {
		t.Errorf("the default project's tokens were asked for %d times, want once", asks)
	}
	if !hasSource(r, "project default") {
		t.Errorf("no source for the default project: %v", r.Sources)
	}
}

// TestDefaultProjectAnswerDroppedWhenNotListed: on a server whose project
// list does not name "default", the early answer is not a source and gives
// no token, whatever it holds.
func TestDefaultProjectAnswerDroppedWhenNotListed(t *testing.T) {
	srv := inmem.New(inmem.WithClock(clock))
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/api/admin/projects/default/api-tokens":
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"tokens":[{"secret":"default:development.early0123456789","tokenName":"only-in-early","type":"client","environment":"development","projects":["default"],"createdAt":"2024-01-01T00:00:00.000Z"}]}`))
			return
		case r.URL.Path == "/api/admin/projects" && r.URL.Query().Get("archived") != "true":
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"version":1,"projects":[]}`))
			return
		}
		srv.ServeHTTP(w, r)
	})
	r := Run(context.Background(), client(t, h, inmem.AdminPAT), Options{Now: testNow, Checks: AllChecks})
	if hasSource(r, "project default") {
		t.Errorf("the unlisted default project is a source: %v", r.Sources)
	}
	for _, tok := range r.Tokens {
		if tok.Name == "only-in-early" {
			t.Errorf("a token only the dropped answer held is in the report: %+v", tok)
		}
	}
}

func hasSource(r *Report, name string) bool {
	for _, s := range r.Sources {
		if s.Name == name {
			return true
		}
	}
	return false
}
