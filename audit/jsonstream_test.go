package audit

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/inmem"
)

// TestTokenJSONAsEncodingJSON: a row appended by hand is what
// json.MarshalIndent makes of it, whatever its strings hold.
func TestTokenJSONAsEncodingJSON(t *testing.T) {
	at := time.Date(2026, 11, 23, 17, 47, 23, 933e6, time.UTC)
	whole := time.Date(2027, 1, 31, 18, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		row  tokenJSON
	}{
		{"a bare row", tokenJSON{}},
		{"an API token with every field", tokenJSON{Instance: "http://127.0.0.1:4242", Kind: KindAPIToken, ID: "sha256:0123456789ab", Name: "checkout-api",
			Where: "all projects", Owner: "CI runner", Type: "backend", Environment: "production", Projects: []string{"*"}, CreatedAt: &at,
			CreatedBy: "admin (an admin API token)", ExpiresAt: &whole, SeenAt: &at, Categories: []string{"expired", "stale"},
			Risks: []riskJSON{{"all_projects", "reaches every project"}, {"no_expiry_in_production", "never expires"}}, Finding: true}},
		{"empty lists", tokenJSON{Kind: KindPAT, ID: "12", Projects: []string{}, Categories: []string{}, Risks: []riskJSON{}}},
		{"one risk, no times", tokenJSON{Categories: []string{"never_used"}, Risks: []riskJSON{{"duplicate", "same as 3 others"}}}},
		{"strings that need escapes", tokenJSON{Name: `quote " back \ slash`, Where: "<script>&amp;</script>", Owner: "tab\tnew\nline\r\x01\x7f",
			Environment: "line\u2028para\u2029", Projects: []string{"bad \xff utf8", "日本語", "émoji 🎉"}, CreatedBy: "a\u00a0b"}},
		{"times far and fine", tokenJSON{CreatedAt: ptr(time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC)), ExpiresAt: ptr(time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC)),
			SeenAt: ptr(time.Date(2026, 1, 1, 0, 0, 0, 0, time.FixedZone("", 3600)))}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want, err := json.MarshalIndent(tt.row, jsonRowIndent, "  ")
			if err != nil {
				t.Fatal(err)
			}
			got, err := tt.row.appendJSON(nil, jsonRowIndent)
			if err != nil || string(got) != string(want) {
				t.Fatalf("%v\ngot  %s\nwant %s", err, got, want)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

// The JSON documents as they were made before they were streamed: the
// whole report, tokens included, through json.Encoder.
type (
	wholeReportJSON struct {
		reportJSON
		Tokens []tokenJSON `json:"tokens"`
	}
	wholeReportAllJSON struct {
		reportAllJSON
		Tokens []tokenJSON `json:"tokens"`
	}
)

func encodeWhole(t *testing.T, v any) string {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestJSONStreamAsWhole: the streamed documents are byte for byte the ones
// json.Encoder made of the whole report, with and without tokens.
func TestJSONStreamAsWhole(t *testing.T) {
	srv := inmem.New(inmem.WithClock(clock), inmem.Risky())
	r := Run(context.Background(), client(t, srv, inmem.AdminPAT), Options{Now: testNow, Checks: AllChecks})
	empty := Run(context.Background(), client(t, inmem.New(inmem.WithClock(clock), inmem.Empty()), inmem.AdminPAT), Options{Now: testNow})
	for _, all := range []bool{true, false} {
		for _, rep := range []*Report{r, empty} {
			o := Output{Name: "prod", URL: "https://unleash.example.com", All: all}
			var got bytes.Buffer
			if err := WriteJSON(&got, rep, o); err != nil {
				t.Fatal(err)
			}
			in := Instance{Name: o.Name, URL: o.URL, Report: rep}
			whole := wholeReportJSON{reportJSON{URL: o.URL, Instance: in.Label(), GeneratedAt: rep.Now.UTC().Truncate(time.Second),
				Complete: len(rep.Failed()) == 0, Thresholds: thresholdsJSON(rep.Thresholds), instanceParts: partsOf(rep)}, []tokenJSON{}}
			for _, tok := range rep.Listed(all) {
				whole.Tokens = append(whole.Tokens, tokenRow(&tok, in.Label(), rep.Now))
			}
			if want := encodeWhole(t, whole); got.String() != want {
				t.Fatalf("all=%v, %d tokens: the stream differs\n%s", all, len(rep.Tokens), firstDifference(got.String(), want))
			}
		}
		ins := []Instance{{Name: "prod", URL: "https://a.example.com", Report: r}, {Name: "down", URL: "https://b.example.com"},
			{Name: "empty", URL: "https://c.example.com", Report: empty}}
		var got bytes.Buffer
		if err := WriteJSONAll(&got, ins, Output{All: all}); err != nil {
			t.Fatal(err)
		}
		// The head as WriteJSONAll makes it, the tokens as they were added.
		var head reportAllJSON
		if err := json.Unmarshal(got.Bytes(), &head); err != nil {
			t.Fatal(err)
		}
		whole := wholeReportAllJSON{head, []tokenJSON{}}
		for _, in := range ins {
			if in.Report != nil {
				for _, tok := range in.Report.Listed(all) {
					whole.Tokens = append(whole.Tokens, tokenRow(&tok, in.Label(), in.Report.Now))
				}
			}
		}
		if want := encodeWhole(t, whole); got.String() != want {
			t.Fatalf("all instances, all=%v: the stream differs\n%s", all, firstDifference(got.String(), want))
		}
	}
}

func firstDifference(got, want string) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(0, i-200)
	return "got  …" + got[from:min(len(got), i+100)] + "\nwant …" + want[from:min(len(want), i+100)]
}

// TestJSONStreamWriteError: a writer that fails is reported.
func TestJSONStreamWriteError(t *testing.T) {
	srv := inmem.New(inmem.WithClock(clock))
	r := Run(context.Background(), client(t, srv, inmem.AdminPAT), Options{Now: testNow})
	if err := WriteJSON(failingWriter{}, r, Output{All: true}); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("got %v", err)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// FuzzTokenJSON: whatever the strings, a row appended by hand is what
// json.MarshalIndent makes of it.
func FuzzTokenJSON(f *testing.F) {
	for _, s := range []string{"plain", `"\<>&`, "\x00\x1f\x7f", "\xff\xfe", "\u2028\u2029", "日本語 🎉", ""} {
		f.Add(s, s+"x")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		row := tokenJSON{Instance: a, Name: b, Where: a + b, Owner: b, Projects: []string{a, b}, Categories: []string{b}, Risks: []riskJSON{{a, b}}}
		want, _ := json.MarshalIndent(row, jsonRowIndent, "  ")
		if got, err := row.appendJSON(nil, jsonRowIndent); err != nil || string(got) != string(want) {
			t.Fatalf("%v\ngot  %s\nwant %s", err, got, want)
		}
	})
}
