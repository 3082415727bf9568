package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

// streamed decodes body as Client.read does: row by row as it is read
// (chunk bytes at a time), or, when decodeStream leaves it, whole.
func streamed(body []byte, chunk int, limit int64) (apiTokens, bool, error) {
	var l apiTokens
	s := newBodyStream(&chunkReader{body, chunk}, limit)
	defer s.release()
	done, err := l.decodeStream(s)
	if l.blocks != nil {
		l = apiTokens{Tokens: joinBlocks(l.blocks)}
	}
	if done || err != nil {
		return l, true, err
	}
	rest, _ := io.ReadAll(io.MultiReader(bytes.NewReader(s.rest()), &chunkReader{body[s.read:], chunk}))
	if l.decodeFast(rest) {
		return l, false, nil
	}
	err = json.Unmarshal(rest, &l)
	return l, false, err
}

// chunkReader gives at most n bytes a read.
type chunkReader struct {
	b []byte
	n int
}

func (r *chunkReader) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), r.n)], r.b)
	r.b = r.b[n:]
	return n, nil
}

// sameStreamed checks the streamed answer against json.Unmarshal's at
// several read sizes.
func sameStreamed(t *testing.T, body []byte) (streamedRows bool) {
	t.Helper()
	var want apiTokens
	wantErr := json.Unmarshal(body, &want)
	for _, chunk := range []int{1, 7, 1 << 20} {
		got, inStream, err := streamed(body, chunk, 1<<30)
		switch {
		case (err == nil) != (wantErr == nil):
			t.Fatalf("chunks of %d: error %v, encoding/json's %v: %q", chunk, err, wantErr, body)
		case err == nil && !reflect.DeepEqual(got, want):
			t.Fatalf("chunks of %d: decoded %q\nas  %+v\nnot %+v", chunk, body, got, want)
		}
		streamedRows = inStream
	}
	return streamedRows
}

func TestStreamDecodeAgreesWithEncodingJSON(t *testing.T) {
	tokens := func(rows ...string) string { return `{"tokens":[` + strings.Join(rows, ",") + `]}` }
	deep := `{"tokenName":"deep","x":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`
	tests := []struct {
		name     string
		body     string
		inStream bool // read row by row, not handed to the whole-body path
	}{
		{"v1, v2 and 5.0 rows", tokens(rowV1, rowV2, rowUsername, rowV1), true},
		{"no tokens", `{"tokens":[]}`, true},
		{"white space everywhere", " \n{ \"tokens\" :\t[ " + rowV1 + " ,\n" + rowV2 + " ] } \r\n", true},
		{"a row encoding/json decodes (a key twice)", tokens(rowV1, `{"tokenName":"a","tokenName":"b"}`), true},
		{"a null row", tokens(rowV1, `null`), true},
		{"a row nested deeper than the reader follows", tokens(rowV1, deep, rowV2), true},
		{"more keys after", `{"tokens":[` + rowV1 + `],"x":{"y":[1]}}`, true},
		{"tokens again after, in another case", `{"tokens":[` + rowV1 + `],"TOKENS":[` + rowV2 + `]}`, true},
		{"tokens null after", `{"tokens":[` + rowV1 + `],"tokens":null}`, true},
		{"escapes in values", tokens(`{"tokenName":"tab\there \"q\" \u00e9 \ud83c\udf89","secret":"x"}`), true},

		{"a bad row", tokens(rowV1, `{"tokenName":5}`), true},
		{"a bad row nested deep", tokens(rowV1, `{"x":`+strings.Repeat("[", 100)+`}`), true},
		{"a trailing comma", tokens(rowV1, ``), true},
		{"cut short in a row", `{"tokens":[` + rowV1 + `,` + rowV2[:50], true},
		{"cut short after the rows", `{"tokens":[` + rowV1 + `]`, true},
		{"trailing garbage", `{"tokens":[]} x`, true},
		{"garbage after the array", `{"tokens":[] x}`, true},
		{"garbage between rows", tokens(rowV1) + `x`, true},
		{"a bad key after", `{"tokens":[],"x":01}`, true},

		{"tokens null", `{"tokens":null}`, false},
		{"other keys first", `{"x":1,"tokens":[` + rowV1 + `]}`, false},
		{"a key in another case first", `{"Tokens":[` + rowV1 + `]}`, false},
		{"an escape in the key", `{"t\u006fkens":[` + rowV1 + `]}`, false},
		{"empty object", `{}`, false},
		{"empty", ``, false},
		{"HTML", `<!doctype html><html><body>` + strings.Repeat("x", 100) + `</body></html>`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sameStreamed(t, []byte(tt.body)); got != tt.inStream {
				t.Fatalf("read row by row: %v, want %v", got, tt.inStream)
			}
		})
	}
}

// FuzzStreamDecode: whatever the body and however it arrives, reading it
// row by row gives what encoding/json gives, or an error where it does.
func FuzzStreamDecode(f *testing.F) {
	for _, seed := range []string{
		`{"tokens":[` + rowV1 + `,` + rowV2 + `,` + rowUsername + `]}`,
		`{"tokens":[{"tokenName":"\u00e9\n","projects":[null,"x"],"type":"Backend"}],"Tokens":[]}`,
		"{\"tokens\":[{\"tokenName\":\"\xff\",\"secret\":\"\xfe\"}, null, 1]}",
		`{"tokens":null,"x":[1,-2.5e+3,{"y":false}]}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		sameStreamed(t, body)
	})
}

// TestStreamDecodeLimits: a body over the limit, and a read that breaks,
// are told apart from a body that does not decode.
func TestStreamDecodeLimits(t *testing.T) {
	body := []byte(`{"tokens":[` + strings.Repeat(rowV1+",", 100) + rowV1 + `]}`)
	if _, _, err := streamed(body, 4096, int64(len(body)-1)); !errors.Is(err, errBodyTooLarge) {
		t.Fatalf("one byte over the limit: %v", err)
	}
	if l, _, err := streamed(body, 4096, int64(len(body))); err != nil || len(l.Tokens) != 101 {
		t.Fatalf("at the limit: %d rows, %v", len(l.Tokens), err)
	}
	broken := errors.New("connection reset")
	var l apiTokens
	s := newBodyStream(io.MultiReader(bytes.NewReader(body[:5000]), iotest.ErrReader(broken)), 1<<30)
	defer s.release()
	if _, err := l.decodeStream(s); !errors.As(err, new(readError)) || !errors.Is(err, broken) {
		t.Fatalf("a read that breaks: %v", err)
	}
}

// TestStreamDecodeBlocks: a list longer than a block is read into blocks
// of rowBlock rows, which join to encoding/json's list, and a rotation's
// old token is marked superseded across blocks.
func TestStreamDecodeBlocks(t *testing.T) {
	n := 2*rowBlock + 808
	rows := make([]string, n)
	for i := range rows {
		rows[i] = fmt.Sprintf(`{"secret":"*:development.%064x","tokenName":"t%d","type":"client","projects":["*"],"environment":"development","expiresAt":null,"createdAt":"2026-11-23T17:47:23.933Z"}`, i, i)
	}
	// The first row's rotation, in the last block: the old one expires.
	rows[0] = `{"secret":"*:development.old","tokenName":"rotated","type":"client","projects":["*"],"environment":"development","expiresAt":"2026-12-01T00:00:00Z","createdAt":"2026-11-01T00:00:00Z"}`
	rows[n-1] = `{"secret":"*:development.new","tokenName":"rotated","type":"client","projects":["*"],"environment":"development","expiresAt":null,"createdAt":"2026-11-20T00:00:00Z"}`
	body := []byte(`{"tokens":[` + strings.Join(rows, ",") + `]}`)
	var l apiTokens
	s := newBodyStream(bytes.NewReader(body), 1<<30)
	defer s.release()
	if done, err := l.decodeStream(s); !done || err != nil {
		t.Fatalf("decoded: %v, %v", done, err)
	}
	blocks := l.rows()
	if len(blocks) != 3 || len(blocks[0]) != rowBlock || len(blocks[1]) != rowBlock || len(blocks[2]) != 808 {
		t.Fatalf("blocks of %d, %d, %d rows", len(blocks[0]), len(blocks[1]), len(blocks[len(blocks)-1]))
	}
	afterListBlocks(blocks)
	if !blocks[0][0].Superseded || blocks[2][807].Superseded {
		t.Fatalf("superseded: old %v, new %v", blocks[0][0].Superseded, blocks[2][807].Superseded)
	}
	var want apiTokens
	if err := json.Unmarshal(body, &want); err != nil {
		t.Fatal(err)
	}
	afterList(want.Tokens)
	if got := joinBlocks(blocks); !reflect.DeepEqual(got, want.Tokens) {
		t.Fatal("the joined blocks are not encoding/json's list")
	}
}

// TestListsLongerThanABlock: every list read row by row gives all its
// rows, however many blocks they take.
func TestListsLongerThanABlock(t *testing.T) {
	n := rowBlock + 5
	rows := make([]string, n)
	for i := range rows {
		rows[i] = fmt.Sprintf(`{"secret":"p:development.%064x","tokenName":"t%d","type":"client","projects":["p"],"environment":"development","createdAt":"2026-11-23T17:47:23.933Z"}`, i, i%7)
	}
	body := `{"tokens":[` + strings.Join(rows, ",") + `]}`
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, body)
	}))
	defer ts.Close()
	c, err := New(ts.URL, "user:secret-token-value", WithServerVersion("8.2.0"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	calls := map[string]func() ([]APIToken, error){
		"ListAPITokens":     func() ([]APIToken, error) { return c.ListAPITokens(ctx) },
		"ListProjectTokens": func() ([]APIToken, error) { return c.ListProjectTokens(ctx, "p") },
		"APITokensByName":   func() ([]APIToken, error) { return c.APITokensByName(ctx, "t1") },
	}
	for name, call := range calls {
		toks, err := call()
		if err != nil || len(toks) != n || toks[n-1].Name != fmt.Sprintf("t%d", (n-1)%7) {
			t.Errorf("%s: %d rows, want %d (%v)", name, len(toks), n, err)
		}
	}
	blocks, err := c.ListAPITokensInBlocks(ctx)
	if err != nil || len(blocks) != 2 || len(blocks[0])+len(blocks[1]) != n {
		t.Errorf("ListAPITokensInBlocks: %d blocks, %v", len(blocks), err)
	}
}
