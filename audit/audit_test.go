package audit

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/inmem"
	"github.com/unleash-tokens/unleash-tokens/status"
)

var testNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

func clock() time.Time { return testNow }

func client(t testing.TB, h http.Handler, token string) *api.Client {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	c, err := api.New(ts.URL, api.Secret(token), api.WithRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestAuditFindsEveryTokenOnce(t *testing.T) {
	srv := inmem.New(inmem.WithClock(clock))
	r := Run(context.Background(), client(t, srv, inmem.AdminPAT), Options{Now: testNow})
	if len(r.Failed()) != 0 {
		t.Fatalf("failed sources: %+v", r.Failed())
	}
	var names []string
	for _, s := range r.Sources {
		names = append(names, s.Name)
	}
	want := "my PATs|service accounts|service account CI runner|service account Data export|service account Terraform|" +
		"projects|project checkout|project default|project growth-experiments|project mobile-app|project payments|project search|API tokens"
	if got := strings.Join(names, "|"); got != want {
		t.Fatalf("sources\n got %s\nwant %s", got, want)
	}
	kinds := map[Kind]int{}
	for _, tok := range r.Tokens {
		kinds[tok.Kind]++
	}
	if kinds[KindPAT] != 8 || kinds[KindServiceAccountToken] != 5 || kinds[KindAPIToken] != 16 {
		t.Fatalf("tokens by kind %v: each token once (8 PATs, 5 service-account tokens, 16 API tokens)", kinds)
	}
	for i := 1; i < len(r.Tokens); i++ {
		if compareUrgency(&r.Tokens[i-1], &r.Tokens[i]) > 0 {
			t.Fatalf("not ordered by expiry at %d", i)
		}
	}
	counts := r.Counts()
	for _, c := range status.Categories {
		if counts[c] != len(r.In(c)) || counts[c] != r.Count(c) {
			t.Fatalf("%s: counts disagree", c.Key())
		}
	}
	if counts[status.Expired] == 0 || counts[status.ExpiringSoon] == 0 || counts[status.NeverUsed] == 0 || counts[status.Stale] == 0 || counts[status.NeverExpires] == 0 {
		t.Fatalf("the seed has every category: %v", counts)
	}
}

func TestAuditSkipsWhatDoesNotApply(t *testing.T) {
	oss := inmem.New(inmem.WithClock(clock), inmem.OpenSource())
	r := Run(context.Background(), client(t, oss, inmem.AdminAPIToken), Options{Now: testNow})
	if len(r.Failed()) != 0 {
		t.Fatalf("failed: %+v", r.Failed())
	}
	skipped := map[string]string{}
	for _, s := range r.Sources {
		if s.Skipped != "" {
			skipped[s.Name] = s.Skipped
		}
	}
	if skipped["my PATs"] != "an admin API token is not a user and has no PATs" ||
		skipped["service accounts"] != "service accounts need Unleash Enterprise" || len(skipped) != 2 {
		t.Fatalf("skipped: %v", skipped)
	}
}

// One project's 403 is shown for that project and hides nothing else.
func TestAuditPartialFailure(t *testing.T) {
	srv := inmem.New(inmem.WithClock(clock))
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/admin/projects/payments/api-tokens" {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusForbidden)
			_, _ = w.Write([]byte(`{"name":"PermissionError","message":"You don't have the required permissions to perform this operation. To perform this action, you need the \"READ_PROJECT_API_TOKEN\" permission"}`))
			return
		}
		srv.ServeHTTP(w, r)
	})
	r := Run(context.Background(), client(t, h, inmem.AdminPAT), Options{Now: testNow})
	failed := r.Failed()
	if len(failed) != 1 || failed[0].Name != "project payments" || !strings.Contains(failed[0].Err.Error(), "READ_PROJECT_API_TOKEN") {
		t.Fatalf("failed: %+v", failed)
	}
	if len(r.Tokens) != 29 {
		t.Fatalf("%d tokens: the full list still gives every API token", len(r.Tokens))
	}
}

func TestAuditBoundsRequestsInFlight(t *testing.T) {
	for _, limit := range []int{1, 3, 8} {
		srv := inmem.New(inmem.WithClock(clock))
		var inFlight, most atomic.Int32
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			n := inFlight.Add(1)
			defer inFlight.Add(-1)
			for {
				m := most.Load()
				if n <= m || most.CompareAndSwap(m, n) {
					break
				}
			}
			time.Sleep(5 * time.Millisecond)
			srv.ServeHTTP(w, r)
		})
		var mu sync.Mutex
		var last [2]int
		calls := 0
		r := Run(context.Background(), client(t, h, inmem.AdminPAT), Options{Now: testNow, Concurrency: limit,
			Progress: func(done, total int) {
				mu.Lock()
				defer mu.Unlock()
				calls++
				if done != last[0]+1 || total < last[1] || done > total {
					t.Errorf("progress went from %v to %d of %d", last, done, total)
				}
				last = [2]int{done, total}
			}})
		if got := int(most.Load()); got > limit || limit > 1 && got < 2 {
			t.Errorf("limit %d: %d requests in flight at most", limit, got)
		}
		if calls != r.Requests || last[0] != r.Requests || last[1] != r.Requests {
			t.Errorf("progress: %d calls, last %v, %d requests", calls, last, r.Requests)
		}
		if r.Requests != 4+6 { // four lists, then one per project (service accounts carry their tokens)
			t.Errorf("%d requests", r.Requests)
		}
	}
}

func TestAuditCancelled(t *testing.T) {
	srv := inmem.New(inmem.WithClock(clock))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := Run(ctx, client(t, srv, inmem.AdminPAT), Options{Now: testNow})
	if len(r.Failed()) != 4 || len(r.Tokens) != 0 {
		t.Fatalf("a cancelled audit: %d failed, %d tokens", len(r.Failed()), len(r.Tokens))
	}
}
