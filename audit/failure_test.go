package audit

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/unleash-tokens/unleash-tokens/inmem"
)

// TestAuditFailedListGivesNoTokens: a list that fails to decode (a number
// where a date belongs) is a failed source with no tokens; nothing with a
// zero date reaches the report, the TUI's summary or any writer.
func TestAuditFailedListGivesNoTokens(t *testing.T) {
	srv := inmem.New(inmem.WithClock(clock))
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/admin/user/tokens":
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"pats":[{"id":1,"description":"half","createdAt":"2026-01-01T00:00:00.000Z","expiresAt":1767225600000}]}`))
		case "/api/admin/api-tokens":
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"tokens":[{"tokenName":"half","type":"client","projects":["*"],"createdAt":"2026-01-01T00:00:00Z","expiresAt":1767225600000,"secret":"*:*.abc"}]}`))
		default:
			srv.ServeHTTP(w, r)
		}
	})
	r := Run(context.Background(), client(t, h, inmem.AdminPAT), Options{Now: testNow})
	var failed []string
	for _, s := range r.Failed() {
		failed = append(failed, s.Name)
		if s.Tokens != 0 {
			t.Errorf("%s failed yet gave %d tokens", s.Name, s.Tokens)
		}
	}
	if strings.Join(failed, ",") != "my PATs,API tokens" {
		t.Fatalf("failed: %v", failed)
	}
	for _, tok := range r.Tokens {
		if tok.Name == "half" || tok.CreatedAt.IsZero() || tok.ExpiresAt != nil && tok.ExpiresAt.IsZero() {
			t.Fatalf("a token from a failed list: %+v", tok)
		}
	}
	if len(r.Tokens) == 0 || r.NothingRead() {
		t.Fatal("the lists that decoded still count")
	}
}

// TestWritersRefuseNothingRead: given a report that read no list, every
// writer writes nothing and says why, so that no output reads as clean.
func TestWritersRefuseNothingRead(t *testing.T) {
	r := &Report{Now: testNow, Sources: []Source{
		{Name: "my PATs", Err: errors.New("boom")},
		{Name: "service accounts", Skipped: "service accounts need Unleash Enterprise"},
		{Name: "API tokens", Err: errors.New("boom")},
	}}
	for name, write := range map[string]func(io.Writer, *Report, Output) error{"table": WriteTable, "json": WriteJSON, "csv": WriteCSV} {
		var out bytes.Buffer
		if err := write(&out, r, Output{URL: "u"}); !errors.Is(err, ErrNothingRead) || out.Len() != 0 {
			t.Errorf("%s: %v, wrote %q", name, err, out.String())
		}
	}
	r.Sources[2].Err = nil // one list read: a report, marked incomplete
	var table, js bytes.Buffer
	if err := WriteTable(&table, r, Output{URL: "u"}); err != nil || !strings.Contains(table.String(), "INCOMPLETE: 1 of 3 lists could not be read") ||
		!strings.Contains(table.String(), "in the lists that could be read.") {
		t.Errorf("table: %v\n%s", err, table.String())
	}
	if err := WriteJSON(&js, r, Output{URL: "u"}); err != nil || !strings.Contains(js.String(), `"complete": false`) {
		t.Errorf("json: %v\n%s", err, js.String())
	}
}
