package api_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
)

// TestAPITokenListShared: callers asking for the API-token list while a
// read of it is under way share that read; a write in between makes the
// next caller read again; a caller that gives up does not end the read
// another still waits for.
func TestAPITokenListShared(t *testing.T) {
	var lists atomic.Int32
	release := make(chan struct{})
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			w.WriteHeader(http.StatusOK)
			return
		}
		lists.Add(1)
		<-release
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"tokens":[{"tokenName":"a","type":"client","environment":"development","projects":["*"],"createdAt":"2026-01-01T00:00:00Z"}]}`))
	}))
	defer ts.Close()
	c, err := api.New(ts.URL, "user:t", api.WithRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	waitFor := func(n int32) {
		t.Helper()
		for deadline := time.Now().Add(5 * time.Second); lists.Load() < n; time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%d reads of the list, want %d", lists.Load(), n)
			}
		}
	}

	var wg sync.WaitGroup
	got := make([]int, 3)
	errs := make([]error, 3)
	list := func(i int, ctx context.Context) {
		defer wg.Done()
		toks, err := c.ListAPITokens(ctx)
		got[i], errs[i] = len(toks), err
	}
	wg.Add(1)
	go list(0, context.Background())
	waitFor(1)
	gone, cancel := context.WithCancel(context.Background())
	wg.Add(2)
	go list(1, gone)
	go list(2, context.Background())
	time.Sleep(50 * time.Millisecond)
	cancel()
	time.Sleep(20 * time.Millisecond)
	close(release)
	wg.Wait()
	if n := lists.Load(); n != 1 {
		t.Errorf("%d reads of the list for three callers at once, want 1", n)
	}
	if got[0] != 1 || got[2] != 1 || errs[0] != nil || errs[2] != nil {
		t.Errorf("the callers that waited got %d and %d tokens (%v, %v), want 1 each", got[0], got[2], errs[0], errs[2])
	}
	if errs[1] == nil || api.KindOf(errs[1]) != api.KindTimeout {
		t.Errorf("the caller that gave up: %v, want cancelled", errs[1])
	}

	// A write while a read is under way: the next caller reads again.
	lists.Store(0)
	release = make(chan struct{})
	wg.Add(1)
	go list(0, context.Background())
	waitFor(1)
	if err := c.DeleteAPIToken(context.Background(), "x"); err != nil {
		t.Fatal(err)
	}
	wg.Add(1)
	go list(1, context.Background())
	waitFor(2)
	close(release)
	wg.Wait()
}
