package rotate_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/inmem"
	"github.com/unleash-tokens/unleash-tokens/rotate"
	"github.com/unleash-tokens/unleash-tokens/tokenref"
)

var fixedNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

func clock() time.Time { return fixedNow }

// hook may answer a request itself (true) instead of the in-memory server.
type hook func(srv *inmem.Server, w http.ResponseWriter, r *http.Request) bool

// fake is an in-memory Unleash behind an optional hook, recording every
// request's method and path.
type fake struct {
	srv    *inmem.Server
	client *api.Client
	mu     sync.Mutex
	seen   []string
}

func newFake(t *testing.T, token string, h hook, opts ...api.Option) *fake {
	t.Helper()
	f := &fake{srv: inmem.New(inmem.WithClock(clock))}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.seen = append(f.seen, r.Method+" "+r.URL.Path)
		f.mu.Unlock()
		if h != nil && h(f.srv, w, r) {
			return
		}
		f.srv.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	c, err := api.New(ts.URL, api.Secret(token), append([]api.Option{api.WithBackoff(func(int) time.Duration { return time.Millisecond })}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	f.client = c
	return f
}

// writes are the requests that were not GETs.
func (f *fake) writes() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, s := range f.seen {
		if !strings.HasPrefix(s, "GET ") {
			out = append(out, s)
		}
	}
	return out
}

func (f *fake) apiToken(t *testing.T, name, env string) api.APIToken {
	t.Helper()
	list, err := f.client.APITokensByName(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	for _, tok := range list {
		if tok.Environment == env {
			return tok
		}
	}
	t.Fatalf("no API token %q in %s", name, env)
	return api.APIToken{}
}

func (f *fake) pat(t *testing.T, desc string) api.PAT {
	t.Helper()
	pats, err := f.client.ListPATs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pats {
		if p.Description == desc {
			return p
		}
	}
	t.Fatalf("no PAT %q", desc)
	return api.PAT{}
}

func (f *fake) account(t *testing.T, name string) api.ServiceAccount {
	t.Helper()
	list, err := f.client.ListServiceAccounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range list.Accounts {
		if a.Name == name {
			return a
		}
	}
	t.Fatalf("no service account %q", name)
	return api.ServiceAccount{}
}

// loseAnswers is a transport that loses the answers to requests of one
// method, as a timeout does: with made, the server does the request first.
// Unlike a short client timeout it does not race the server, so a loaded
// machine cannot change the outcome.
type loseAnswers struct {
	method string
	made   bool
	next   http.RoundTripper
	tries  *atomic.Int32 // requests of method the client tried to send
}

func (l loseAnswers) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method != l.method {
		return l.next.RoundTrip(r)
	}
	l.tries.Add(1)
	if l.made {
		resp, err := l.next.RoundTrip(r)
		if err != nil {
			return nil, err
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	return nil, context.DeadlineExceeded
}

// losing makes the client lose the answers to method; tries counts them.
func losing(method string, made bool, tries *atomic.Int32) api.Option {
	return api.WithHTTPClient(&http.Client{Transport: loseAnswers{method: method, made: made, next: http.DefaultTransport, tries: tries}})
}

// answer answers requests to method and path with status and a JSON message.
func answer(method, path string, status int, msg string) hook {
	return func(_ *inmem.Server, w http.ResponseWriter, r *http.Request) bool {
		if r.Method != method || r.URL.Path != path {
			return false
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		fmt.Fprintf(w, `{"message":%q}`, msg)
		return true
	}
}

// rewriteBody edits the JSON body of requests to method before the server sees it.
func rewriteBody(method, from, to string) hook {
	return func(srv *inmem.Server, w http.ResponseWriter, r *http.Request) bool {
		if r.Method != method {
			return false
		}
		b, _ := io.ReadAll(r.Body)
		b = bytes.Replace(b, []byte(from), []byte(to), 1)
		r.Body = io.NopCloser(bytes.NewReader(b))
		r.ContentLength = int64(len(b))
		srv.ServeHTTP(w, r)
		return true
	}
}

// noSecretIn fails when the secret shows in any step, error or printed form
// of the result.
func noSecretIn(t *testing.T, res rotate.Result, secret string) {
	t.Helper()
	if secret == "" {
		return
	}
	texts := []string{fmt.Sprintf("%v", res), fmt.Sprintf("%+v", res), fmt.Sprintf("%#v", res), res.Secret.String()}
	for _, s := range res.Steps {
		texts = append(texts, s.Message)
		if s.Err != nil {
			texts = append(texts, s.Err.Error())
		}
	}
	for _, x := range texts {
		if strings.Contains(x, secret) {
			t.Fatalf("the new secret shows in %q", x)
		}
	}
}

func stepOutcomes(res rotate.Result) string {
	var parts []string
	for _, s := range res.Steps {
		parts = append(parts, fmt.Sprintf("%s:%s", s.Name, s.Outcome))
	}
	return strings.Join(parts, " ")
}

func plan(t *testing.T, c *api.Client, old tokenref.Token, o rotate.Options) rotate.Plan {
	t.Helper()
	if o.Now.IsZero() {
		o.Now = fixedNow
	}
	p, err := rotate.NewPlan(context.Background(), c, old, o)
	if err != nil {
		t.Fatalf("plan: %v", err)
	}
	return p
}
