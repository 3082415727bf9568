package bulk_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/bulk"
	"github.com/unleash-tokens/unleash-tokens/inmem"
	"github.com/unleash-tokens/unleash-tokens/tokenref"
)

var fixedNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

const day = 24 * time.Hour

// server is an in-memory Unleash behind an optional hook, counting writes
// per path and the writes in flight at once.
type server struct {
	srv      *inmem.Server
	client   *api.Client
	mu       sync.Mutex
	writes   map[string]int
	inFlight atomic.Int32
	maxIn    atomic.Int32
}

func newServer(t *testing.T, hook func(srv *inmem.Server, w http.ResponseWriter, r *http.Request) bool, opts ...api.Option) *server {
	t.Helper()
	s := &server{srv: inmem.New(inmem.WithClock(func() time.Time { return fixedNow })), writes: map[string]int{}}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			s.mu.Lock()
			s.writes[r.Method+" "+r.URL.Path]++
			s.mu.Unlock()
			n := s.inFlight.Add(1)
			defer s.inFlight.Add(-1)
			for m := s.maxIn.Load(); n > m && !s.maxIn.CompareAndSwap(m, n); m = s.maxIn.Load() {
			}
		}
		if hook != nil && hook(s.srv, w, r) {
			return
		}
		s.srv.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	c, err := api.New(ts.URL, inmem.AdminPAT, opts...)
	if err != nil {
		t.Fatal(err)
	}
	s.client = c
	return s
}

// loseAnswers is a transport that loses the answer to the request for one
// path, as a timeout does: with made, the server does the request first.
// Unlike a short client timeout it does not race the server.
type loseAnswers struct {
	path *string
	made bool
}

func (l loseAnswers) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Path != *l.path {
		return http.DefaultTransport.RoundTrip(r)
	}
	if l.made {
		resp, err := http.DefaultTransport.RoundTrip(r)
		if err != nil {
			return nil, err
		}
		resp.Body.Close()
	}
	return nil, context.DeadlineExceeded
}

func losing(path *string, made bool) api.Option {
	return api.WithHTTPClient(&http.Client{Transport: loseAnswers{path: path, made: made}})
}

// expired makes n API tokens that expired a day ago.
func (s *server) expired(t *testing.T, n int) []tokenref.Token {
	t.Helper()
	past := fixedNow.Add(-day)
	var out []tokenref.Token
	for i := range n {
		tok, err := s.client.CreateAPIToken(context.Background(), api.CreateAPIToken{Name: fmt.Sprintf("old-%02d", i), Type: api.TypeBackend,
			Environment: "development", Projects: []string{"checkout"}, ExpiresAt: &past})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, tokenref.FromAPIToken(tok, ""))
	}
	return out
}

func (s *server) listed(t *testing.T, toks []tokenref.Token) int {
	t.Helper()
	lists := tokenref.Reread(context.Background(), s.client, toks)
	n := 0
	for _, tok := range toks {
		if _, found, err := lists.Find(tok); err != nil {
			t.Fatal(err)
		} else if found {
			n++
		}
	}
	return n
}

func (s *server) maxWritesPerPath() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := 0
	for k, n := range s.writes {
		if !strings.HasPrefix(k, "POST ") { // the tests' own creates share one path
			m = max(m, n)
		}
	}
	return m
}

// Fifty expired tokens, one delete refused: 49 done, 1 failed with the
// server's reason, each sent once, progress counted to 50.
func TestBulkDeleteWithOneFailure(t *testing.T) {
	s := newServer(t, nil)
	toks := s.expired(t, 50)
	bad := toks[17]
	s.srv.FailWrite(http.MethodDelete, "/api/admin/api-tokens/"+bad.API.Ref().Reveal(), 500, 1)

	var calls []int
	rep := bulk.Run(context.Background(), s.client, toks, bulk.Delete(), bulk.Options{Concurrency: 4, Progress: func(done, total int) {
		if total != 50 {
			t.Errorf("total %d", total)
		}
		calls = append(calls, done)
	}})
	if rep.Count(bulk.Done) != 49 || rep.Count(bulk.Failed) != 1 || rep.Summary() != "49 deleted, 1 failed" || rep.Stopped != "" {
		t.Fatalf("%s, stopped %q", rep.Summary(), rep.Stopped)
	}
	failed := rep.Results[17]
	if failed.Outcome != bulk.Failed || !tokenref.Same(failed.Token, bad) ||
		failed.Reason != "delete an API token: injected failure (HTTP 500): nothing was changed (HTTP 500 InternalError)" {
		t.Fatalf("result 17: %+v", failed)
	}
	if s.listed(t, toks) != 1 {
		t.Fatalf("%d still listed, want the one that failed", s.listed(t, toks))
	}
	if s.maxWritesPerPath() != 1 {
		t.Fatal("a write was sent twice")
	}
	if len(calls) != 50 || calls[49] != 50 {
		t.Fatalf("progress %v", calls)
	}
	for i := 1; i < len(calls); i++ {
		if calls[i] != calls[i-1]+1 {
			t.Fatalf("progress goes %d then %d", calls[i-1], calls[i])
		}
	}
	if s.maxIn.Load() > 4 {
		t.Fatalf("%d writes in flight, bound 4", s.maxIn.Load())
	}
	if strings.Contains(failed.Reason, bad.API.Ref().Reveal()) {
		t.Fatal("a reason quotes the token")
	}
}

func TestBulkSetExpiry(t *testing.T) {
	s := newServer(t, nil)
	toks := s.expired(t, 3)
	pats, _ := s.client.ListPATs(context.Background())
	toks = append(toks, tokenref.FromPAT(pats[1]), toks[0]) // a PAT, and a token given twice
	when := fixedNow.Add(2 * day)
	rep := bulk.Run(context.Background(), s.client, toks, bulk.SetExpiry(when), bulk.Options{})
	if len(rep.Results) != 4 || rep.Summary() != "3 changed, 1 failed" {
		t.Fatalf("%d results: %s", len(rep.Results), rep.Summary())
	}
	if r := rep.Results[3]; r.Outcome != bulk.Failed || !strings.HasPrefix(r.Reason, "not sent: a PAT or a service-account token cannot be given a new expiry") {
		t.Fatalf("PAT: %+v", r)
	}
	for _, r := range rep.Results[:3] {
		if !tokenref.ExpiryIs(r.Token, when) {
			t.Fatalf("%s expires %v", r.Token.Describe(), r.Token.ExpiresAt())
		}
	}
	if s.writes["PUT /api/admin/user/tokens/"+fmt.Sprint(pats[1].ID)] != 0 {
		t.Fatal("a PUT went out for the PAT")
	}
}

// Failures that every write would meet stop the rest, which stay untouched.
func TestBulkStopsOnFailuresEveryWriteWouldMeet(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		timeout bool
		third   bulk.Outcome
		reason  string
	}{
		{"not authenticated", 401, false, bulk.Failed, "delete an API token: You must log in to use Unleash. (HTTP 401)"},
		{"rate limited", 429, false, bulk.Failed, "delete an API token: slow down (HTTP 429)"},
		{"no answer, and it did not happen", 0, true, bulk.Failed, "no answer in time, and it is still listed: not deleted"},
		{"server error: the others go on", 500, false, bulk.Failed, "delete an API token: boom (HTTP 500)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var victim string
			lost := "none"
			if tt.timeout {
				lost = ""
			}
			s := newServer(t, func(_ *inmem.Server, w http.ResponseWriter, r *http.Request) bool {
				if r.Method != http.MethodDelete || r.URL.Path != victim || tt.timeout {
					return false
				}
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(tt.status)
				msg := map[int]string{401: "You must log in to use Unleash.", 429: "slow down", 500: "boom"}[tt.status]
				fmt.Fprintf(w, `{"message":%q}`, msg)
				return true
			}, losing(&lost, false))
			toks := s.expired(t, 5)
			victim = "/api/admin/api-tokens/" + toks[2].API.Ref().Reveal()
			if tt.timeout {
				lost = victim
			}
			rep := bulk.Run(context.Background(), s.client, toks, bulk.Delete(), bulk.Options{Concurrency: 1})
			got := []bulk.Outcome{}
			for _, r := range rep.Results {
				got = append(got, r.Outcome)
			}
			want := []bulk.Outcome{bulk.Done, bulk.Done, tt.third, bulk.Untouched, bulk.Untouched}
			if tt.status == 500 {
				want = []bulk.Outcome{bulk.Done, bulk.Done, bulk.Failed, bulk.Done, bulk.Done}
			}
			if fmt.Sprint(got) != fmt.Sprint(want) || rep.Results[2].Reason != tt.reason {
				t.Fatalf("outcomes %v, want %v; reason %q; stopped %q", got, want, rep.Results[2].Reason, rep.Stopped)
			}
			if tt.status != 500 && (!strings.HasPrefix(rep.Stopped, `stopped after API token "old-02"`) ||
				rep.Results[3].Reason != "not sent: the run stopped after a failure that would fail it too") {
				t.Fatalf("stopped %q, reason %q", rep.Stopped, rep.Results[3].Reason)
			}
		})
	}
}

// A delete the server answers OK without doing, and one whose answer is
// lost but which happened: the re-read settles both.
func TestBulkConfirmsByRereading(t *testing.T) {
	var ignored string
	lost := "none"
	s := newServer(t, func(srv *inmem.Server, w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path == ignored {
			w.WriteHeader(200)
			return true
		}
		return false
	}, losing(&lost, true))
	toks := s.expired(t, 3)
	ignored = "/api/admin/api-tokens/" + toks[0].API.Ref().Reveal()
	lost = "/api/admin/api-tokens/" + toks[1].API.Ref().Reveal()
	rep := bulk.Run(context.Background(), s.client, toks[:2], bulk.Delete(), bulk.Options{Concurrency: 1})
	if r := rep.Results[0]; r.Outcome != bulk.Failed || r.Reason != "the server answered OK, but it is still listed: not deleted" {
		t.Fatalf("ignored: %+v", r)
	}
	if r := rep.Results[1]; r.Outcome != bulk.Done || r.Reason != "no answer in time, but it is gone" {
		t.Fatalf("lost: %+v", r)
	}
}

func TestBulkCancelledSendsNothing(t *testing.T) {
	s := newServer(t, nil)
	toks := s.expired(t, 4)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	before := len(s.writes)
	rep := bulk.Run(ctx, s.client, toks, bulk.Delete(), bulk.Options{})
	if rep.Count(bulk.Untouched) != 4 || len(s.writes) != before || rep.Stopped != "cancelled" {
		t.Fatalf("%s, %d writes, stopped %q", rep.Summary(), len(s.writes)-before, rep.Stopped)
	}
}

// The PAT the client signs in with, among the tokens to delete, goes last:
// every other delete is sent and confirmed while the client still signs in,
// then that one, and the report says the client is signed out.
func TestDeleteTheClientsOwnPATLast(t *testing.T) {
	s := newServer(t, nil)
	pats, err := s.client.ListPATs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	own := s.srv.PATID(inmem.AdminPAT)
	var toks []tokenref.Token
	for _, p := range pats {
		if p.ID == own || p.Description == "ci deploy pipeline" || p.Description == "grafana dashboards" {
			toks = append(toks, tokenref.FromPAT(p))
		}
	}
	if len(toks) != 3 || toks[0].PAT.ID != own {
		t.Fatalf("the own PAT first among 3: %+v", toks)
	}
	rep := bulk.Run(context.Background(), s.client, toks, bulk.Delete(), bulk.Options{
		SignsIn: func(tk tokenref.Token) bool { return tk.Kind == tokenref.PAT && tk.PAT.ID == own }})
	if !rep.SignedOut || rep.Count(bulk.Done) != 3 || rep.Stopped != "" {
		t.Fatalf("signed out %v, %s, stopped %q: %+v", rep.SignedOut, rep.Summary(), rep.Stopped, rep.Results)
	}
	for _, res := range rep.Results {
		want := ""
		if res.Token.PAT.ID == own {
			want = "it was the token this app signs in with: the server now refuses every request"
		}
		if res.Reason != want {
			t.Errorf("%s: %q, want %q", res.Token.Describe(), res.Reason, want)
		}
	}
	if s.srv.Has("ci deploy pipeline") || s.srv.Has("grafana dashboards") || s.srv.Has("unleash-tokens on my laptop") {
		t.Fatal("not all deleted")
	}
}
