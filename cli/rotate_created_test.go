package cli

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/inmem"
)

// Two API tokens of one name and scope made in the same second (a script
// made them) are told apart by --created: the candidates show the creation
// time to the millisecond, and a prefix of it, or of the time to the second,
// picks the token. A --created that picks none says the flags left nothing.
func TestRotateCreatedTellsApartTokensOfOneSecond(t *testing.T) {
	old := clock
	clock = func() time.Time { return fixedNow }
	t.Cleanup(func() { clock = old })
	at := fixedNow.Add(-time.Hour).Truncate(time.Second).Add(406 * time.Millisecond)
	srv := inmem.New(inmem.WithClock(func() time.Time { return at }))
	for _, ms := range []time.Duration{0, 22 * time.Millisecond} {
		at = at.Add(ms)
		req := httptest.NewRequest(http.MethodPost, "/api/admin/api-tokens",
			strings.NewReader(`{"tokenName":"twin","type":"client","environment":"development","projects":["default"]}`))
		req.Header.Set("Authorization", inmem.AdminPAT)
		req.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, req)
		if w.Code != http.StatusCreated {
			t.Fatalf("create: %d %s", w.Code, w.Body)
		}
	}
	at = fixedNow // before the server serves anyone
	writes := recordWrites(t, srv, inmem.AdminPAT, nil)
	second := at.Add(-time.Hour).UTC().Format("2006-01-02T15:04:05")

	r := runCommand("rotate", "api-token", "twin")
	r.expect(t, exitUsage, `"twin" matches 2 API tokens`, second+".406Z", second+".428Z")
	r = runCommand("rotate", "api-token", "twin", "--created", second+"Z")
	r.expect(t, exitUsage, `"twin" matches 2 API tokens`)
	r = runCommand("rotate", "api-token", "twin", "--created", second+".43")
	r.expect(t, exitUsage, `no API token matches "twin" with the --environment, --type, --project and --created given: nothing was rotated.`)
	if got := writes(); len(got) != 0 {
		t.Fatalf("writes %v before one token was named", got)
	}
	r = runCommand("rotate", "api-token", "twin", "--created", second+".428", "--retire", "keep")
	r.expect(t, exitOK, `Rotating API token "twin"`, "create: Created API token", "retire: Kept the old API token")
	if got := writes(); len(got) != 1 || !strings.HasPrefix(got[0], "POST api-tokens") {
		t.Fatalf("writes %v, want the one create", got)
	}
}
