package cli

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/inmem"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

var fixedNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// fixClock pins the commands' clock and gives an in-memory server on it.
func fixClock(t *testing.T, opts ...inmem.Option) *inmem.Server {
	t.Helper()
	old := clock
	clock = func() time.Time { return fixedNow }
	t.Cleanup(func() { clock = old })
	return inmem.New(append([]inmem.Option{inmem.WithClock(clock)}, opts...)...)
}

func serve(t *testing.T, h http.Handler, token api.Secret) {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	useServer(t, ts.URL, token)
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test . -run %s -update writes it)", err, t.Name())
	}
	if got != string(want) {
		t.Fatalf("output differs from %s:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func TestAuditTable(t *testing.T) {
	srv := fixClock(t)
	serve(t, srv, inmem.AdminPAT)
	r := runCommand("audit")
	r.expect(t, exitFindings)
	if r.stderr != "" {
		t.Fatalf("stderr: %s", r.stderr)
	}
	url := os.Getenv("UNLEASH_URL")
	golden(t, "audit-table", strings.ReplaceAll(r.stdout, url, "URL"))
	if strings.Contains(r.stdout, "\x1b") {
		t.Fatal("colour codes in piped output")
	}

	all := runCommand("audit", "--all", "--stale", "30d", "--within", "60d", "--soon", "14d")
	all.expect(t, exitFindings)
	golden(t, "audit-table-all", strings.ReplaceAll(all.stdout, url, "URL"))
}

func TestAuditJSONAndCSV(t *testing.T) {
	srv := fixClock(t)
	serve(t, srv, inmem.AdminPAT)
	r := runCommand("audit", "--format", "json", "--all")
	r.expect(t, exitFindings)
	var out struct {
		GeneratedAt time.Time         `json:"generated_at"`
		Thresholds  map[string]string `json:"thresholds"`
		Summary     map[string]int    `json:"summary"`
		Sources     []map[string]any  `json:"sources"`
		Tokens      []map[string]any  `json:"tokens"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatal(err)
	}
	if !out.GeneratedAt.Equal(fixedNow) || out.Thresholds["soon"] != "3d" || out.Thresholds["within"] != "14d" || out.Thresholds["stale"] != "90d" {
		t.Fatalf("header: %v %v", out.GeneratedAt, out.Thresholds)
	}
	wantSummary := map[string]int{"tokens": 29, "findings": 19, "expired": 5, "expiring_soon": 2, "expiring": 4, "never_used": 4, "stale": 9, "never_expires": 10}
	for k, v := range wantSummary {
		if out.Summary[k] != v {
			t.Errorf("summary %s = %d, want %d", k, out.Summary[k], v)
		}
	}
	if len(out.Tokens) != 29 || len(out.Sources) != 17 {
		t.Fatalf("%d tokens, %d sources", len(out.Tokens), len(out.Sources))
	}
	keys := "categories created_at created_by environment expires_at finding id instance kind name projects risks seen_at type where"
	var got []string
	for k := range out.Tokens[0] {
		got = append(got, k)
	}
	if strings.Join(sorted(got), " ") != keys {
		t.Fatalf("fields of an API-token row: %v", sorted(got))
	}
	assertNoSecrets(t, srv, r.stdout)

	c := runCommand("audit", "--format", "csv")
	c.expect(t, exitFindings)
	rows, err := csv.NewReader(strings.NewReader(c.stdout)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "kind,id,name,where,owner,type,environment,projects,created_at,expires_at,seen_at,categories,risks" || len(rows) != 1+19 {
		t.Fatalf("csv: %d rows, header %v", len(rows), rows[0])
	}
	if rows[1][0] != "api_token" || rows[1][1] != "sha256:ba9bbb99310d" || rows[1][2] != "data-warehouse-sync" || rows[1][11] != "expired;stale" || rows[1][12] != "all_projects" {
		t.Fatalf("first row %v", rows[1])
	}
	assertNoSecrets(t, srv, c.stdout)
}

func sorted(s []string) []string {
	out := append([]string{}, s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

// assertNoSecrets checks that no API-token secret (the lists carry them in
// full) appears in the output, not even in part.
func assertNoSecrets(t *testing.T, srv *inmem.Server, out string) {
	t.Helper()
	client, _ := api.New("http://x", inmem.AdminPAT, api.WithHTTPClient(srv.HTTPClient()))
	toks, err := client.ListAPITokens(t.Context())
	if err != nil || len(toks) == 0 {
		t.Fatal(err)
	}
	for _, tok := range toks {
		s := tok.Secret.Reveal()
		if i := strings.LastIndexByte(s, '.'); i >= 0 && strings.Contains(out, s[i+1:i+9]) {
			t.Fatalf("the output holds part of %s's secret", tok.Name)
		}
	}
	for _, s := range []api.Secret{inmem.AdminPAT, inmem.AdminAPIToken} {
		if strings.Contains(out, s.Reveal()) {
			t.Fatal("the output holds a credential")
		}
	}
}

func TestAuditExitCodes(t *testing.T) {
	forbidPayments := func(srv *inmem.Server) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/api/admin/projects/payments/api-tokens" {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusForbidden)
				_, _ = w.Write([]byte(`{"name":"PermissionError","message":"You don't have the required permissions to perform this operation. To perform this action, you need the \"READ_PROJECT_API_TOKEN\" permission"}`))
				return
			}
			srv.ServeHTTP(w, r)
		})
	}
	tests := []struct {
		name   string
		opts   []inmem.Option
		wrap   func(*inmem.Server) http.Handler
		token  api.Secret
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"nothing found", []inmem.Option{inmem.Empty()}, nil, inmem.AdminAPIToken, nil, exitOK,
			"Nothing expired, expiring within 14d, unused for 90d or at risk.", ""},
		{"only risks found", []inmem.Option{inmem.Empty()}, nil, inmem.AdminAPIToken, nil, exitFindings,
			"no expiry  api-token  sha256:21eea632bb6d  backend-all  all projects · development       never    1h ago     all projects", ""},
		{"findings", nil, nil, inmem.AdminPAT, nil, exitFindings, "expired, stale                   api-token  sha256:ba9bbb99310d  data-warehouse-sync", ""},
		{"wrong token", nil, nil, "user:wrong", nil, exitAuditFailed, "",
			"unleash-tokens: could not audit: You must log in to use Unleash."},
		{"one project refused", nil, forbidPayments, inmem.AdminPAT, nil, exitAuditFailed, "expired, stale                   api-token  sha256:ba9bbb99310d  data-warehouse-sync",
			"the audit is incomplete: 1 of 17 sources could not be read:\n  project payments: list the project's tokens: You don't have the required permissions"},
		{"admin API token: PATs skipped, not failed", nil, nil, inmem.AdminAPIToken, nil, exitFindings,
			"skipped my PATs: an admin API token is not a user and has no PATs", ""},
		{"open source: service accounts skipped", []inmem.Option{inmem.OpenSource()}, nil, inmem.AdminPAT, nil, exitFindings,
			"skipped service accounts: service accounts need Unleash Enterprise", ""},
		{"bad format", nil, nil, inmem.AdminPAT, []string{"--format", "xml"}, exitUsage, "", `--format "xml": use table, json, csv or openmetrics`},
		{"bad threshold", nil, nil, inmem.AdminPAT, []string{"--within", "1m"}, exitUsage, "", `--within: "1m" is ambiguous`},
		{"stray argument", nil, nil, inmem.AdminPAT, []string{"now"}, exitUsage, "", `unexpected argument "now": audit takes only flags`},
	}
	configs := map[string]string{ // the config file of a case, if it has one
		"nothing found": `{"risks": {"all_projects": false, "no_expiry_in_production": false}}`,
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := fixClock(t, tt.opts...)
			var h http.Handler = srv
			if tt.wrap != nil {
				h = tt.wrap(srv)
			}
			serve(t, h, tt.token)
			if config := configs[tt.name]; config != "" {
				cfg := filepath.Join(t.TempDir(), "config.json")
				if err := os.WriteFile(cfg, []byte(config), 0o600); err != nil {
					t.Fatal(err)
				}
				t.Setenv("UNLEASH_TOKENS_CONFIG", cfg)
			}
			r := runCommand(append([]string{"audit"}, tt.args...)...)
			r.expect(t, tt.code, tt.stderr)
			if !strings.Contains(r.stdout, tt.stdout) {
				t.Fatalf("stdout lacks %q:\n%s", tt.stdout, r.stdout)
			}
			if tt.stderr == "" && tt.code != exitUsage && r.stderr != "" {
				t.Fatalf("stderr: %s", r.stderr)
			}
		})
	}
}

func TestAuditProgressLine(t *testing.T) {
	var quiet bytes.Buffer
	p := newProgress(&quiet, false, 0)
	p.update(1, 2)
	p.stop()
	if quiet.Len() != 0 {
		t.Fatalf("progress on a pipe: %q", quiet.String())
	}

	var fast bytes.Buffer
	p = newProgress(&fast, true, time.Hour) // done before the delay
	p.stop()
	if fast.Len() != 0 {
		t.Fatalf("progress for a quick audit: %q", fast.String())
	}

	var slow syncBuffer
	p = newProgress(&slow, true, time.Millisecond)
	p.update(35, 210)
	deadline := time.Now().Add(2 * time.Second)
	for !strings.Contains(slow.String(), "auditing… 35 of 210 requests") && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	p.stop()
	out := slow.String()
	if !strings.HasPrefix(out, "\r\x1b[2Kauditing… 35 of 210 requests") || !strings.HasSuffix(out, "\r\x1b[2K") {
		t.Fatalf("progress line %q", out)
	}
}

// syncBuffer is a bytes.Buffer safe for the progress goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestAuditWhenListsFail: an audit that read nothing prints no verdict in
// any format (stdout stays empty, exit 2, the reasons on stderr); one that
// read part says so on stdout; a list that failed to decode adds no token.
func TestAuditWhenListsFail(t *testing.T) {
	fail := func(paths ...string) func(*inmem.Server) http.Handler {
		return func(srv *inmem.Server) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				for _, p := range paths {
					if strings.HasPrefix(r.URL.Path, p) {
						w.Header().Set("Content-Type", "application/json")
						w.WriteHeader(http.StatusInternalServerError)
						_, _ = w.Write([]byte(`{"name":"InternalError","message":"Database connection lost"}`))
						return
					}
				}
				srv.ServeHTTP(w, r)
			})
		}
	}
	numericExpiry := func(srv *inmem.Server) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/api/admin/user/tokens" {
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write([]byte(`{"pats":[{"id":1,"description":"half read","createdAt":"2026-01-01T00:00:00.000Z","expiresAt":1767225600000,"seenAt":null},` +
					`{"id":2,"description":"never reached","createdAt":"2026-01-01T00:00:00.000Z","expiresAt":"2026-01-02T00:00:00.000Z","seenAt":null}]}`))
				return
			}
			srv.ServeHTTP(w, r)
		})
	}
	openSource := []inmem.Option{inmem.OpenSource()}
	failAll := fail("/api/admin/user/tokens", "/api/admin/projects", "/api/admin/api-tokens")
	const nothingRead = "unleash-tokens: could not audit: Database connection lost (HTTP 500)\nThe server failed; try again later or check its logs.\n"
	tests := []struct {
		name   string
		opts   []inmem.Option
		wrap   func(*inmem.Server) http.Handler
		args   []string
		stdout []string // each must appear; none: stdout is empty
		absent []string // none may appear in stdout or stderr
		stderr string   // exact when it starts with "unleash-tokens: could not audit"
	}{
		{"open source, every other list failing: table", openSource, failAll, nil, nil, []string{"Nothing expired", "0 tokens"}, nothingRead},
		{"open source, every other list failing: json", openSource, failAll, []string{"--format", "json"}, nil, nil, nothingRead},
		{"open source, every other list failing: csv", openSource, failAll, []string{"--format", "csv"}, nil, nil, nothingRead},
		{"read in part, nothing found in it: table", []inmem.Option{inmem.Empty()}, fail("/api/admin/user/tokens"), nil,
			[]string{"INCOMPLETE: 1 of ", "Nothing expired, expiring within 14d or unused for 90d in the lists that could be read."}, nil,
			"my PATs: list your PATs: Database connection lost (HTTP 500 InternalError). The server failed; try again later or check its logs.\n"},
		{"read in part: json says incomplete", []inmem.Option{inmem.Empty()}, fail("/api/admin/user/tokens"), []string{"--format", "json"},
			[]string{`"complete": false`, `"error": "list your PATs: Database connection lost (HTTP 500 InternalError)"`}, nil, ""},
		{"a list that failed to decode lists none of its rows", nil, numericExpiry, []string{"--all"},
			[]string{"INCOMPLETE: 1 of 13 lists", "data-warehouse-sync"}, []string{"-9223372036", "0001-01-01", "half read", "never reached"},
			"my PATs: list your PATs: the server answered 200 with JSON that does not match Unleash's: Time.UnmarshalJSON: input is not a JSON string. Check that"},
		{"a list that failed to decode: csv", nil, numericExpiry, []string{"--all", "--format", "csv"},
			[]string{"data-warehouse-sync"}, []string{"0001-01-01", "half read", "never reached"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := fixClock(t, tt.opts...)
			serve(t, tt.wrap(srv), inmem.AdminPAT)
			noRiskChecks(t) // failures are the subject here: only the token lists are read
			r := runCommand(append([]string{"audit"}, tt.args...)...)
			r.expect(t, exitAuditFailed)
			if len(tt.stdout) == 0 && r.stdout != "" {
				t.Fatalf("stdout must be empty when nothing was read:\n%s", r.stdout)
			}
			for _, s := range tt.stdout {
				if !strings.Contains(r.stdout, s) {
					t.Fatalf("stdout lacks %q:\n%s", s, r.stdout)
				}
			}
			for _, s := range tt.absent {
				if strings.Contains(r.stdout+r.stderr, s) {
					t.Fatalf("output holds %q:\n%s\n%s", s, r.stdout, r.stderr)
				}
			}
			if strings.HasPrefix(tt.stderr, "unleash-tokens: could not audit") && r.stderr != tt.stderr {
				t.Fatalf("stderr\n got %q\nwant %q", r.stderr, tt.stderr)
			}
			if !strings.Contains(r.stderr, tt.stderr) {
				t.Fatalf("stderr lacks %q:\n%s", tt.stderr, r.stderr)
			}
		})
	}
}
