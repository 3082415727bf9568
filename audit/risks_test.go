package audit

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/inmem"
	"github.com/unleash-tokens/unleash-tokens/status"
)

// riskyReport audits the in-memory server's risky seed with every check.
func riskyReport(t *testing.T, opts ...inmem.Option) *Report {
	t.Helper()
	srv := inmem.New(append([]inmem.Option{inmem.WithClock(clock), inmem.Risky()}, opts...)...)
	r := Run(context.Background(), client(t, srv, inmem.AdminPAT), Options{Now: testNow, Checks: AllChecks})
	if len(r.Failed()) != 0 {
		t.Fatalf("failed sources: %+v", r.Failed())
	}
	return r
}

// byName is the API tokens of a report as "name|environment" → their risk
// keys (a name and environment that occur twice give two entries).
func byName(r *Report) map[string][]string {
	out := map[string][]string{}
	for _, tok := range r.Tokens {
		if tok.Kind != KindAPIToken {
			if len(tok.Risks) > 0 {
				out["PAT "+tok.Name] = tok.RiskKeys()
			}
			continue
		}
		k := tok.RawName() + "|" + tok.RawEnvironment()
		out[k] = append(out[k], strings.Join(tok.RiskKeys(), ","))
	}
	return out
}

// TestRisksOnSeededData: every risk on the seed that has them, with the
// server storing tokens as v2 (so v1 tokens are stored in clear), and each
// one's reason.
func TestRisksOnSeededData(t *testing.T) {
	r := riskyReport(t, inmem.SecureTokens())
	clear := "stored_in_clear"
	want := map[string][]string{
		"reporting-job|production":        {"orphaned,all_projects," + clear},
		"kiosk-app|development":           {"orphaned," + clear},
		"edge-v2|production":              {"orphaned,all_projects"},
		"edge-v2-checkout|development":    {""},
		"checkout-api|production":         {"no_expiry_in_production," + clear + ",duplicate", clear + ",duplicate"},
		"checkout-api|development":        {clear},
		"batch-import|development":        {clear + ",duplicate", clear + ",duplicate"},
		"data-warehouse-sync|production":  {"all_projects," + clear},
		"edge-proxy|production":           {"all_projects,no_expiry_in_production," + clear},
		"backend-all|development":         {"all_projects," + clear},
		"admin|*":                         {"no_expiry_in_production," + clear},
		"search-indexer|production":       {clear},
		"search-indexer|development":      {clear},
		"legacy-admin-script|development": {clear},
		"checkout-web|production":         {clear},
		"payments-worker|production":      {clear},
		"payments-worker|staging":         {clear},
		"mobile-ios|production":           {clear},
		"mobile-android|production":       {clear},
		"growth-edge|production":          {clear},
		"growth-web|staging":              {clear},
	}
	got := byName(r)
	for k := range want {
		slices.Sort(want[k])
		slices.Sort(got[k])
		if strings.Join(got[k], " / ") != strings.Join(want[k], " / ") {
			t.Errorf("%s: risks %q, want %q", k, got[k], want[k])
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("unexpected risks on %s: %q", k, got[k])
		}
	}

	reasons := map[string]string{}
	for _, tok := range r.Tokens {
		for _, f := range tok.Risks {
			reasons[tok.RawName()+" "+f.Risk.Key()] = f.Reason
		}
	}
	for key, reason := range map[string]string{
		"reporting-job orphaned":             "made for project reporting (its secret says so), it now reaches every project: its projects were deleted",
		"kiosk-app orphaned":                 "project kiosk is no longer in the project list",
		"edge-v2 orphaned":                   "made for project retired (the event log says so), it now reaches every project: its projects were deleted",
		"edge-proxy all_projects":            "a backend token for every project (*), present and future: one leak reads all their flags",
		"edge-proxy no_expiry_in_production": "never expires, in production, an environment of type production",
		"admin no_expiry_in_production":      "never expires, in every environment, production included",
		"batch-import duplicate":             "2 API tokens have this name, type, environment and projects",
		"search-indexer stored_in_clear":     "a v1 token: the server keeps it in clear and lists it in full, though it now makes v2 tokens, which it stores hashed",
	} {
		if reasons[key] != reason {
			t.Errorf("%s: reason %q\nwant %q", key, reasons[key], reason)
		}
	}

	counts := r.RiskCounts()
	if fmt.Sprint(counts) != "[3 5 3 21 4]" {
		t.Errorf("risk counts %v (orphaned, all projects, no expiry in production, stored in clear, duplicate)", counts)
	}
	if n := len(r.WithRisk(Duplicate)); n != 4 {
		t.Errorf("WithRisk(Duplicate): %d", n)
	}
	if len(r.Notes) != 0 {
		t.Errorf("notes %q: the server makes v2 tokens", r.Notes)
	}
}

// TestCreators: each API token's creator comes from its api-token-created
// event, matched by selector (v2) or name, environment and createdAt (v1);
// two tokens made in the same millisecond get none (ambiguous), a token
// without an event gets none (unmatched).
func TestCreators(t *testing.T) {
	r := riskyReport(t, inmem.SecureTokens())
	got := map[string][]string{}
	for _, tok := range r.Tokens {
		if tok.Kind == KindAPIToken {
			got[tok.RawName()] = append(got[tok.RawName()], tok.CreatedBy)
		}
	}
	for name, want := range map[string]string{
		"admin": "unleash_system_user", "checkout-web": "editor", "data-warehouse-sync": "admin", "edge-v2": "admin",
		"edge-v2-checkout": "admin", "kiosk-app": "admin", "legacy-admin-script": "", "reporting-job": "", "batch-import": ",",
	} {
		if strings.Join(got[name], ",") != want {
			t.Errorf("%s made by %q, want %q", name, got[name], want)
		}
	}
	c := r.Creators
	if !c.Read || c.Matched+c.Ambiguous+c.Unmatched != 23 || c.Ambiguous != 2 || c.Unmatched != 2 || c.Partial() {
		t.Errorf("creators %+v", c)
	}
}

// TestRisksOnDefaultServer: a server that stores v1 tokens only says so
// once, in a note, rather than on every token; checks turned off make no
// requests and find nothing.
func TestRisksOnDefaultServer(t *testing.T) {
	r := riskyReport(t)
	if n := r.RiskCounts()[StoredInClear]; n != 0 {
		t.Errorf("%d tokens stored in clear on a server that makes no v2 token", n)
	}
	if len(r.Notes) != 1 || !strings.Contains(r.Notes[0], "this server (Unleash 8.2.0) stores every API token in clear") {
		t.Errorf("notes %q", r.Notes)
	}

	srv := inmem.New(inmem.WithClock(clock), inmem.Risky())
	none := Run(context.Background(), client(t, srv, inmem.AdminPAT), Options{Now: testNow})
	dup := Run(context.Background(), client(t, srv, inmem.AdminPAT), Options{Now: testNow, Checks: CheckOf(Duplicate)})
	if none.Requests != dup.Requests || len(none.Sources) != len(dup.Sources) {
		t.Errorf("the duplicate check made requests: %d and %d", none.Requests, dup.Requests)
	}
	if counts := none.RiskCounts(); counts != [NumRisks]int{} || none.Creators.Read {
		t.Errorf("no checks, yet risks %v, creators %+v", counts, none.Creators)
	}
	if counts := dup.RiskCounts(); counts != [NumRisks]int{Duplicate: 4} {
		t.Errorf("duplicates only: %v", counts)
	}
}

// TestEventLogVariants: a server before 6.2 (POST events/search), one that
// refuses the event log, one without any event search, one whose event log
// fails.
func TestEventLogVariants(t *testing.T) {
	srv := inmem.New(inmem.WithClock(clock))
	legacy := func(w http.ResponseWriter, r *http.Request) bool {
		switch {
		case r.URL.Path == "/api/admin/search/events":
			notAvailable(w, r)
		case r.Method == http.MethodPost && r.URL.Path == "/api/admin/events/search":
			var in struct {
				Type          string
				Offset, Limit int
			}
			_ = json.NewDecoder(r.Body).Decode(&in)
			req := httptest.NewRequest(http.MethodGet, fmt.Sprintf("/api/admin/search/events?type=IS:%s&offset=%d&limit=%d", in.Type, in.Offset, in.Limit), nil)
			req.Header = r.Header.Clone()
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, req)
			var page map[string]any
			_ = json.Unmarshal(rec.Body.Bytes(), &page)
			page["totalEvents"], page["version"] = page["total"], 1
			delete(page, "total")
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(page)
		default:
			return false
		}
		return true
	}
	refused := func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/api/admin/search/events" {
			return false
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusForbidden)
		_, _ = io.WriteString(w, `{"name":"PermissionError","message":"You don't have the required permissions"}`)
		return true
	}
	absent := func(w http.ResponseWriter, r *http.Request) bool {
		if !strings.Contains(r.URL.Path, "events") {
			return false
		}
		notAvailable(w, r)
		return true
	}
	broken := func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/api/admin/search/events" {
			return false
		}
		w.WriteHeader(http.StatusInternalServerError)
		return true
	}
	tests := []struct {
		name    string
		wrap    func(http.ResponseWriter, *http.Request) bool
		matched int
		source  string
	}{
		{"legacy search", legacy, 15, "event log: "},
		{"refused", refused, 0, "event log: skipped: you may not read the event log, so no creators"},
		{"no search at all", absent, 0, "event log: skipped: this server has no event search, so no creators"},
		{"broken", broken, 0, "event log: failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if !tt.wrap(w, r) {
					srv.ServeHTTP(w, r)
				}
			})
			r := Run(context.Background(), client(t, h, inmem.AdminPAT), Options{Now: testNow, Checks: AllChecks})
			if r.Creators.Matched != tt.matched {
				t.Errorf("matched %d, want %d (%+v)", r.Creators.Matched, tt.matched, r.Creators)
			}
			var src string
			for _, s := range r.Sources {
				if s.Name == "event log" {
					switch {
					case s.Err != nil:
						src = "event log: failed"
					case s.Skipped != "":
						src = "event log: skipped: " + s.Skipped
					default:
						src = "event log: "
					}
				}
			}
			if src != tt.source {
				t.Errorf("source %q, want %q", src, tt.source)
			}
		})
	}
}

// TestEventPages: an event log longer than a page is read a page at a
// time, the pages after the first at once, up to maxEvents; an event
// two pages give (one made between them shifts the next) counts once; a
// page that fails fails the event log. A server before 6.2 (legacy) has
// only the POST search, which takes at most 100 a page, as Unleash 5 does.
func TestEventPages(t *testing.T) {
	srv := inmem.New(inmem.WithClock(clock), inmem.Empty(), inmem.WithBulk(5, 2500))
	admin, _ := api.New("http://x", inmem.AdminPAT, api.WithHTTPClient(srv.HTTPClient()))
	toks, err := admin.ListAPITokens(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var events []map[string]any // newest first, as Unleash answers
	for i, tok := range toks {
		events = append(events, map[string]any{"id": len(toks) - i, "type": "api-token-created", "createdBy": fmt.Sprintf("maker-%d", i),
			"createdAt": tok.CreatedAt, "data": map[string]any{"tokenName": tok.Name, "environment": tok.Environment, "createdAt": api.FormatTime(tok.CreatedAt)}})
	}
	tests := []struct {
		name    string
		total   int // what the server says it has; len(events) when 0
		shift   int // offsets of later pages answer this many events earlier
		failAt  int // the offset that answers 500; none when 0
		pages   int32
		matched bool // every token has its creator; none when false
		source  string
		legacy  bool
	}{
		{"three pages", 0, 0, 0, 3, true, "", false},
		{"an event on two pages", 0, 1, 0, 3, true, "", false},
		{"a page fails", 0, 0, 2000, 3, false, "search the event log: boom (HTTP 500)", false},
		{"at most 20 pages", 50_000, 0, 0, 20, true, "", false},
		{"before 6.2: 26 pages of 100", 0, 0, 0, 26, true, "", true},
		{"before 6.2: an event on two pages", 0, 1, 0, 26, true, "", true},
		{"before 6.2: at most 200 pages", 50_000, 0, 0, 200, true, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var pages atomic.Int32
			h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				var offset, limit int
				switch {
				case r.URL.Path == "/api/admin/search/events" && tt.legacy:
					notAvailable(w, r)
					return
				case r.URL.Path == "/api/admin/search/events":
					fmt.Sscan(r.URL.Query().Get("offset"), &offset)
					fmt.Sscan(r.URL.Query().Get("limit"), &limit)
				case r.URL.Path == "/api/admin/events/search" && tt.legacy && r.Method == http.MethodPost:
					var in struct{ Offset, Limit int }
					_ = json.NewDecoder(r.Body).Decode(&in)
					offset, limit = in.Offset, in.Limit
				default:
					srv.ServeHTTP(w, r)
					return
				}
				pages.Add(1)
				w.Header().Set("Content-Type", "application/json")
				if tt.legacy && limit > 100 {
					w.WriteHeader(http.StatusBadRequest)
					_, _ = fmt.Fprintf(w, `{"name":"BadDataError","message":"The `+"`limit`"+` property must be <= 100. You sent %d."}`, limit)
					return
				}
				if offset == tt.failAt && offset > 0 {
					w.WriteHeader(http.StatusInternalServerError)
					_, _ = w.Write([]byte(`{"message":"boom"}`))
					return
				}
				if offset > 0 {
					offset -= tt.shift
				}
				end := min(offset+limit, len(events))
				page := events[min(offset, end):end]
				if len(page) == 0 { // past the events: the last page again, as if the log were longer
					page = events[len(events)-limit:]
				}
				total := "total"
				if tt.legacy {
					total = "totalEvents"
				}
				_ = json.NewEncoder(w).Encode(map[string]any{"events": page, total: cmp.Or(tt.total, len(events))})
			})
			r := Run(context.Background(), client(t, h, inmem.AdminPAT), Options{Now: testNow, Checks: CheckCreators})
			failed := ""
			for _, s := range r.Failed() {
				failed = s.Err.Error()
			}
			if pages.Load() != tt.pages || (r.Creators.Matched == len(toks)) != tt.matched || failed != tt.source {
				t.Fatalf("%d pages, creators %+v, failed %q", pages.Load(), r.Creators, failed)
			}
			if tt.source == "" && (r.Creators.Events != len(toks) || r.Creators.Partial() != (tt.total > len(events))) {
				t.Fatalf("creators %+v", r.Creators)
			}
		})
	}
}

func notAvailable(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusNotFound)
	_, _ = fmt.Fprintf(w, `{"name":"NotFoundError","message":"The path you were looking for (%s) is not available."}`, r.URL.Path)
}

// TestDuplicatesLeaveRotationsAlone: a token on its way out (expiring
// within the Within window, as a rotation leaves the old one) makes no
// duplicate; two that stay do, and the reason counts the ones going.
func TestDuplicatesLeaveRotationsAlone(t *testing.T) {
	in := func(d time.Duration) *time.Time { e := testNow.Add(d); return &e }
	day := 24 * time.Hour
	tests := []struct {
		name    string
		expiry  []*time.Time // one token each, same name and scope
		flagged int
		reason  string
	}{
		{"one token", []*time.Time{nil}, 0, ""},
		{"a rotation's grace period", []*time.Time{nil, in(7 * day)}, 0, ""},
		{"expired old token kept", []*time.Time{in(200 * day), in(-day)}, 0, ""},
		{"two that stay", []*time.Time{nil, in(200 * day)}, 2, "2 API tokens have this name, type, environment and projects"},
		{"two that stay, one going", []*time.Time{nil, nil, in(day)}, 3, "3 API tokens have this name, type, environment and projects (1 of them expiring within 14d)"},
		{"expiring just past the window stays", []*time.Time{nil, in(14*day + time.Hour)}, 2, "2 API tokens have this name, type, environment and projects"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := inmem.New(inmem.WithClock(clock), inmem.Empty())
			c := client(t, srv, inmem.AdminPAT)
			for _, e := range tt.expiry {
				if _, err := c.CreateAPIToken(context.Background(), api.CreateAPIToken{Name: "ci", Type: api.TypeBackend, Environment: "development", Projects: []string{"default"}, ExpiresAt: e}); err != nil {
					t.Fatal(err)
				}
			}
			r := Run(context.Background(), c, Options{Now: testNow, Checks: CheckOf(Duplicate)})
			got := r.WithRisk(Duplicate)
			if len(got) != tt.flagged {
				t.Fatalf("%d flagged, want %d", len(got), tt.flagged)
			}
			for _, tok := range got {
				if reason := tok.Risks[0].Reason; reason != tt.reason {
					t.Errorf("reason %q, want %q", reason, tt.reason)
				}
			}
		})
	}
}

// TestOrphanedAllProjectsRisk: an orphaned backend token that now reaches
// every project is all_projects too (a script counting all_projects counts
// every token that reaches everything), its reason saying why; an orphaned
// token whose projects are only missing from the list is not.
func TestOrphanedAllProjectsRisk(t *testing.T) {
	r := riskyReport(t, inmem.SecureTokens())
	for _, tc := range []struct{ name, reason string }{
		{"reporting-job", "a backend token that now reaches every project, present and future, because its projects were deleted (see orphaned): one leak reads all their flags"},
		{"edge-v2", "a backend token that now reaches every project, present and future, because its projects were deleted (see orphaned): one leak reads all their flags"},
		{"kiosk-app", ""},
		{"edge-proxy", "a backend token for every project (*), present and future: one leak reads all their flags"},
	} {
		found := false
		for _, tok := range r.Tokens {
			if tok.RawName() != tc.name {
				continue
			}
			found = true
			got := ""
			for _, f := range tok.Risks {
				if f.Risk == AllProjects {
					got = f.Reason
				}
			}
			if got != tc.reason {
				t.Errorf("%s: all_projects reason %q, want %q", tc.name, got, tc.reason)
			}
		}
		if !found {
			t.Errorf("no token %s", tc.name)
		}
	}
	var js bytes.Buffer
	if err := WriteJSON(&js, r, Output{All: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(js.String(), `"risk": "all_projects",
          "reason": "a backend token that now reaches every project`) {
		t.Errorf("the JSON does not give the orphaned token's all_projects reason:\n%s", js.String())
	}
}

// TestDuplicateMeaningIsTheRule: the one line the Audit tab shows for
// "duplicate" names the window the rule uses.
func TestDuplicateMeaningIsTheRule(t *testing.T) {
	th := status.Thresholds{Soon: 3 * 24 * time.Hour, Within: 21 * 24 * time.Hour, Stale: 90 * 24 * time.Hour}
	if m := Duplicate.Meaning(th); !strings.Contains(m, "stay past 21d") || !strings.Contains(m, "listed with them") {
		t.Errorf("meaning %q", m)
	}
}
