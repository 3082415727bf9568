package api_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/unleash-tokens/unleash-tokens/api"
)

// lengthTransport answers with body and whatever Content-Length it is told,
// as a hand-made RoundTripper may.
type lengthTransport struct {
	length int64
	body   io.Reader
}

func (l lengthTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}}, ContentLength: l.length,
		Body: io.NopCloser(l.body), Request: r}, nil
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("read when it should not be") }

// TestBodyLengths: the body is read whole whatever Content-Length says (a
// hand-made transport may leave it 0 or get it wrong); one announced
// larger than the cap fails before it is read; one that stops short of its
// Content-Length is broken off.
func TestBodyLengths(t *testing.T) {
	const body = `{"tokens":[{"tokenName":"a","type":"client","projects":["*"],"createdAt":"2026-01-01T00:00:00Z","secret":"*:*.abc"}]}`
	tests := []struct {
		name   string
		length int64
		body   io.Reader
		want   string // the error; "" for the one token
	}{
		{"announced", int64(len(body)), strings.NewReader(body), ""},
		{"unknown", -1, strings.NewReader(body), ""},
		{"left 0", 0, strings.NewReader(body), ""},
		{"announced short", 10, strings.NewReader(body), ""},
		{"announced long", int64(len(body)) + 100, strings.NewReader(body), ""}, // as io.ReadAll: the transport says when it is short
		{"over the cap", 2 << 20, failingReader{}, "the answer is larger than 1 MiB"},
		{"over the cap, unannounced", -1, bytes.NewReader(make([]byte, 2<<20)), "the answer is larger than 1 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := api.New("https://unleash.example.com", "user:x", api.WithRetries(0), api.WithMaxBodyBytes(1<<20),
				api.WithHTTPClient(&http.Client{Transport: lengthTransport{tt.length, tt.body}}))
			toks, err := c.ListAPITokens(context.Background())
			if tt.want == "" {
				if err != nil || len(toks) != 1 || toks[0].Name != "a" {
					t.Fatalf("%+v, %v", toks, err)
				}
				return
			}
			if api.KindOf(err) != api.KindBadResponse || !strings.Contains(err.Error(), tt.want) || toks != nil {
				t.Fatalf("got %v (%v), %d tokens; want %q", err, api.KindOf(err), len(toks), tt.want)
			}
		})
	}

	cut := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "1000")
		_, _ = w.Write([]byte(body[:40]))
		conn, _, _ := w.(http.Hijacker).Hijack()
		conn.Close()
	}))
	defer cut.Close()
	c, _ := api.New(cut.URL, "user:x", api.WithRetries(0))
	if _, err := c.ListAPITokens(context.Background()); api.KindOf(err) != api.KindBadResponse || !strings.Contains(err.Error(), "the answer broke off: unexpected EOF") {
		t.Fatalf("cut short: got %v", err)
	}
}

// TestBodyBufferReuse: what a body decoded to stays as it was once its
// buffer is read into again, by the one-pass reader and by encoding/json.
func TestBodyBufferReuse(t *testing.T) {
	tokens := func(name string) string {
		return `{"tokens":[{"tokenName":"` + name + `","type":"client","environment":"` + name + `","projects":["` + name + `"],"createdAt":"2026-01-01T00:00:00Z","secret":"*:*.` + name + `"}]}`
	}
	pats := func(desc string) string {
		return `{"pats":[{"id":1,"description":"` + desc + `","createdAt":"2026-01-01T00:00:00Z","expiresAt":null,"seenAt":null}]}`
	}
	var answer string
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(answer))
	}))
	defer ts.Close()
	c, _ := api.New(ts.URL, "user:x")
	ctx := context.Background()
	answer = tokens("aaaa")
	first, err := c.ListAPITokens(ctx)
	if err != nil {
		t.Fatal(err)
	}
	answer = pats("pppp")
	firstPATs, err := c.ListPATs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for range 10 { // a buffer taken back may sit in another P's pool: read often
		answer = tokens("bbbb")
		if _, err := c.ListAPITokens(ctx); err != nil {
			t.Fatal(err)
		}
		answer = pats("qqqq")
		if _, err := c.ListPATs(ctx); err != nil {
			t.Fatal(err)
		}
	}
	tok := first[0]
	if tok.Name != "aaaa" || tok.Environment != "aaaa" || tok.Projects[0] != "aaaa" || tok.Secret.Reveal() != "*:*.aaaa" || firstPATs[0].Description != "pppp" {
		t.Fatalf("changed by later reads: %+v %+v", tok, firstPATs[0])
	}
}

// TestBodyUnannouncedInChunks: a body of unknown length, read in pieces of
// any size, many times the first buffer, comes out whole (it is read into
// chunks and joined once).
func TestBodyUnannouncedInChunks(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"tokens":[`)
	const n = 5000
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"tokenName":"token-%05d","type":"client","projects":["*"],"createdAt":"2026-01-01T00:00:00Z","secret":"*:*.%064x"}`, i, i)
	}
	b.WriteString(`]}`)
	for _, r := range []io.Reader{strings.NewReader(b.String()), iotest.HalfReader(strings.NewReader(b.String()))} {
		c, _ := api.New("https://unleash.example.com", "user:x", api.WithRetries(0), api.WithMaxBodyBytes(8<<20),
			api.WithHTTPClient(&http.Client{Transport: lengthTransport{-1, r}}))
		toks, err := c.ListAPITokens(context.Background())
		if err != nil || len(toks) != n {
			t.Fatalf("%d tokens, %v", len(toks), err)
		}
		for i, tok := range toks {
			if tok.Name != fmt.Sprintf("token-%05d", i) || !strings.HasSuffix(tok.Secret.Reveal(), fmt.Sprintf("%064x", i)) {
				t.Fatalf("token %d: %q", i, tok.Name)
			}
		}
	}
}
