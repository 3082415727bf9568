package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/unleash-tokens/unleash-tokens/api"
)

// lendingBody is an answer body that remembers every buffer the client
// lent it to read into, so a test can see what was left in them.
type lendingBody struct {
	r    io.Reader
	lent [][]byte
}

func (b *lendingBody) Read(p []byte) (int, error) {
	b.lent = append(b.lent, p[:cap(p)])
	return b.r.Read(p)
}

func (b *lendingBody) Close() error { return nil }

// answering is a transport that answers every request with one JSON body,
// read a few bytes at a time, with or without its length.
type answering struct {
	status  int
	body    string
	chunk   int
	unsized bool
	last    *lendingBody
}

func (a *answering) RoundTrip(*http.Request) (*http.Response, error) {
	a.last = &lendingBody{r: &chunked{s: a.body, n: a.chunk}}
	length := int64(len(a.body))
	if a.unsized {
		length = -1
	}
	return &http.Response{StatusCode: a.status, Header: http.Header{"Content-Type": {"application/json"}},
		Body: a.last, ContentLength: length}, nil
}

type chunked struct {
	s string
	n int
}

func (c *chunked) Read(p []byte) (int, error) {
	if c.s == "" {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), c.n)], c.s)
	c.s = c.s[n:]
	return n, nil
}

// A create answer's secret goes to bytes the caller owns, and nothing the
// client read the answer into keeps it: every buffer it lent the body,
// grown ones included, is zero once the create returns.
func TestCreateAnswerLeavesNoCopy(t *testing.T) {
	secret := "user:" + strings.Repeat("5ec7e7", 9) + "ab"
	pad := strings.Repeat("x", 6000) // after the secret, past the first buffer: it must grow
	for _, tt := range []struct {
		name    string
		unsized bool
		chunk   int
	}{{"length known", false, 1 << 20}, {"length unknown, read in pieces", true, 700}} {
		t.Run(tt.name, func(t *testing.T) {
			a := &answering{status: 201, chunk: tt.chunk, unsized: tt.unsized,
				body: `{"secret":"` + secret + `","id":7,"description":"` + pad + `","createdAt":"2026-11-23T12:00:00.000Z","expiresAt":"2026-12-23T12:00:00.000Z"}`}
			c, err := api.New("https://unleash.example.com", "user:mine", api.WithHTTPClient(&http.Client{Transport: a}))
			if err != nil {
				t.Fatal(err)
			}
			pat, err := c.CreatePAT(context.Background(), api.CreatePAT{Description: "d", ExpiresAt: fixedNow})
			if err != nil || string(pat.Credential.Bytes()) != secret || pat.ID != 7 {
				t.Fatalf("CreatePAT = %+v, %v", pat, err)
			}
			if tt.unsized && len(a.last.lent) < 3 {
				t.Fatalf("the body was read in %d buffers: the test needs it to grow", len(a.last.lent))
			}
			for i, buf := range a.last.lent {
				if bytes.Contains(buf, []byte(secret[5:20])) {
					t.Fatalf("buffer %d of %d still holds the secret", i+1, len(a.last.lent))
				}
			}
			pat.Credential.Wipe()
			if !pat.Credential.IsZero() {
				t.Fatal("not wiped")
			}
		})
	}
}

// A v2 secret's selector names the new token without being a credential; a
// v1 secret has none. A created API token carries the selector as its Ref.
func TestCredentialSelector(t *testing.T) {
	for in, want := range map[string]string{
		"default:development.v2_AbCdEfGhIjKlMnOpQrStUv_" + "0123456789abcdefghijklmnopqrstuvwxyzABCDEFG": "AbCdEfGhIjKlMnOpQrStUv",
		"user:v2_AbCdEfGhIjKlMnOpQrStUv_" + "0123456789abcdefghijklmnopqrstuvwxyzABCDEFG":                "AbCdEfGhIjKlMnOpQrStUv",
		"v2_proj:development.v2_AbCdEfGhIjKlMnOpQrStUv_" + "0123456789abcdefghijklmnopqrstuvwxyzABCDEFG": "AbCdEfGhIjKlMnOpQrStUv",
		"*:development.0123456789abcdef0123456789abcdef0123456789abcdef01234567":                         "",
		"": "",
	} {
		if got := api.NewCredential([]byte(in)).Selector(); got.Reveal() != want {
			t.Errorf("%q: %q, want %q", in, got.Reveal(), want)
		}
	}
}

// Nothing that prints a credential shows it.
func TestCredentialPrintsNoSecret(t *testing.T) {
	secret := "user:" + strings.Repeat("ab", 28)
	c := api.NewCredential([]byte(secret))
	pat := api.PAT{ID: 1, Credential: c}
	var logged bytes.Buffer
	slog.New(slog.NewTextHandler(&logged, nil)).Info("made", "secret", c, "pat", pat)
	asJSON, _ := json.Marshal(pat)
	for _, s := range []string{fmt.Sprintf("%v %+v %#v %s %q", c, pat, pat, c, c), logged.String(), string(asJSON)} {
		if strings.Contains(s, secret[5:]) || !strings.Contains(s, "(new secret, 61 chars)") {
			t.Errorf("printed: %s", s)
		}
	}
}
