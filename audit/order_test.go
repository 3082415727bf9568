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
