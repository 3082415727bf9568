package cli

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/inmem"
)

// The command × fault matrix (issue 19's proof): every command for scripts
// against each way a server can fail it. Each cell runs the command through
// the same entry point as cli.Main on a fresh in-memory Unleash with the
// fault set, and asserts
//   - the exit code;
//   - that stdout never reads as clean ("Nothing expired", "No tokens",
//     JSON complete: true …) when anything failed;
//   - that no secret the server holds appears on stdout or stderr (a new
//     secret only on stdout, of the command that made it);
//   - that every claim of what exists matches the server afterwards
//     (what was listed exists, what was said deleted is gone, what was said
//     made exists, a read-only command changed nothing).
//
// serve-metrics runs one round in it (runServeMetricsCell): it runs until a
// signal, so the test ends it once its first audit is served.

// matrixCommand is a command of the matrix.
type matrixCommand struct {
	name string
	// args are its arguments; held is the server's tokens before the run
	// (pat delete names a PAT by id).
	args func(held []inmem.Held) []string
	// profiles: run with a config file of one profile, "prod", instead of
	// UNLEASH_URL.
	profiles bool
	// claims checks what the output says exists against the server.
	claims func(t *testing.T, c cell)
}

// cell is one run: the outputs and the server before and after.
type cell struct {
	r             result
	before, after []inmem.Held
	srv           *inmem.Server
}

// matrixFault is a fault of the matrix.
type matrixFault struct {
	name   string
	faults inmem.Faults
	opts   []inmem.Option // the server's (inmem.OpenSource …)
	args   []string       // added to the command's, e.g. a short --timeout
	// prepare changes the server before the run (names holding secrets).
	prepare func(t *testing.T, srv *inmem.Server)
	// codes is each command's exit code; def for the others.
	codes map[string]int
	def   int
	// skip says why a command's cell is not meaningful.
	skip map[string]string
}

func args(a ...string) func([]inmem.Held) []string { return func([]inmem.Held) []string { return a } }

var matrixCommands = []matrixCommand{
	{name: "audit", args: args("audit"), claims: claimsUnchanged},
	{name: "audit json", args: args("audit", "--format", "json", "--all"), claims: claimsAuditJSON},
	{name: "audit csv", args: args("audit", "--format", "csv", "--all"), claims: claimsAuditCSV},
	{name: "audit openmetrics", args: args("audit", "--format", "openmetrics"), claims: claimsOpenMetrics},
	{name: "audit all-profiles", args: args("audit", "--all-profiles"), profiles: true, claims: claimsUnchanged},
	{name: "audit all-profiles json", args: args("audit", "--all-profiles", "--format", "json", "--all"), profiles: true, claims: claimsAuditJSON},
	{name: "audit all-profiles csv", args: args("audit", "--all-profiles", "--format", "csv", "--all"), profiles: true, claims: claimsAuditCSV},
	{name: "audit all-profiles openmetrics", args: args("audit", "--all-profiles", "--format", "openmetrics"), profiles: true, claims: claimsOpenMetrics},
	{name: "prune", args: args("prune", "--format", "json"), claims: claimsPrune},
	{name: "prune table", args: args("prune"), claims: claimsUnchanged},
	{name: "prune --yes", args: args("prune", "--yes", "--format", "json"), claims: claimsPrune},
	{name: "pat list", args: args("pat", "list"), claims: claimsPATList},
	{name: "pat create", args: args("pat", "create", "--description", "matrix", "--expires", "30d"), claims: claimsPATCreate},
	{name: "pat delete", args: func(held []inmem.Held) []string {
		return []string{"pat", "delete", strconv.Itoa(heldNamed(held, "grafana dashboards").ID)}
	}, claims: claimsPATDelete},
	{name: "rotate pat", args: args("rotate", "pat", "grafana dashboards"), claims: claimsRotate("grafana dashboards")},
	{name: "rotate sa-token", args: args("rotate", "sa-token", "github actions", "--account", "ci-runner", "--retire", "delete"),
		claims: claimsRotate("github actions")},
	{name: "rotate api-token grace", args: args("rotate", "api-token", "checkout-web"), claims: claimsRotate("checkout-web")},
	{name: "rotate api-token delete", args: args("rotate", "api-token", "mobile-ios", "--retire", "delete"),
		claims: claimsRotate("mobile-ios")},
}

// Reasons a cell is skipped.
const (
	notRead    = "not meaningful: the command never reads the list this fault breaks"
	noWrites   = "not meaningful: the command writes nothing"
	oneWrite   = "not meaningful: the command sends one write (the row above loses it)"
	noNameShow = "not meaningful: the command shows no name but the rotated token's, which holds no secret"
)

// In codes and skip, a key ending in "*" stands for every command whose
// name starts with what comes before it; a command's own name wins.
var matrixFaults = []matrixFault{
	{name: "no fault", def: exitOK, codes: map[string]int{"audit*": exitFindings}},
	{name: "nothing readable", faults: inmem.Faults{RefuseReads: []string{"/*"}, Status: 401}, def: exitError,
		codes: map[string]int{"audit*": exitAuditFailed, "prune*": exitAuditFailed, "pat create": exitOK}},
	{name: "only the list of projects readable", opts: []inmem.Option{inmem.OpenSource()}, faults: inmem.Faults{Status: 401,
		RefuseReads: []string{"/api/admin/user/tokens", "/api/admin/projects/*", "/api/admin/api-tokens*", "/api/admin/service-account/*"}},
		def: exitError, codes: map[string]int{"audit*": exitAuditFailed, "prune*": exitAuditFailed, "pat create": exitOK}},
	{name: "one list failing", faults: inmem.Faults{RefuseReads: []string{"/api/admin/projects/payments/api-tokens"}, Status: 403}, def: exitAuditFailed,
		skip: map[string]string{"pat*": notRead, "rotate*": notRead}},
	{name: "a list that does not decode", faults: inmem.Faults{GarbleReads: []string{"/api/admin/api-tokens", "/api/admin/user/tokens"}}, def: exitError,
		codes: map[string]int{"audit*": exitAuditFailed, "prune*": exitAuditFailed, "pat create": exitOK, "rotate sa-token": exitOK}},
	{name: "401 midway", faults: inmem.Faults{RevokeAfter: 2}, def: exitError,
		codes: map[string]int{"audit*": exitAuditFailed, "prune*": exitAuditFailed, "pat list": exitOK, "pat create": exitOK}},
	{name: "401 at the first write", faults: inmem.Faults{RevokeAtWrite: true}, def: exitError,
		skip: map[string]string{"audit*": noWrites, "prune": noWrites, "prune table": noWrites, "pat list": noWrites}},
	{name: "a write that times out but lands", faults: inmem.Faults{LoseWriteAnswers: true}, args: []string{"--timeout", "1s"}, def: exitError,
		codes: map[string]int{"prune --yes": exitOK, "pat delete": exitOK},
		skip:  map[string]string{"audit*": noWrites, "prune": noWrites, "prune table": noWrites, "pat list": noWrites}},
	{name: "a later write times out but lands", faults: inmem.Faults{LoseWriteAnswers: true, LoseFromWrite: 2}, args: []string{"--timeout", "1s"},
		def: exitOK, // the re-read confirms what landed
		skip: map[string]string{"audit*": noWrites, "prune": noWrites, "prune table": noWrites, "pat list": noWrites,
			"pat create": oneWrite, "pat delete": oneWrite, "rotate pat": oneWrite}},
	{name: "an answer that echoes the request", faults: inmem.Faults{EchoWrites: true, EchoReads: []string{"/api/admin/user/tokens"}}, def: exitError,
		codes: map[string]int{"audit*": exitAuditFailed, "prune": exitOK, "prune table": exitOK}},
	{name: "names holding secrets", prepare: nameSecrets, def: exitOK, codes: map[string]int{"audit*": exitFindings},
		skip: map[string]string{"pat create": noNameShow, "rotate*": noNameShow}},
}

// lookup is m's value for the command: by its name, else by the longest
// "prefix*" key it starts with.
func lookup[V any](m map[string]V, name string) (V, bool) {
	if v, ok := m[name]; ok {
		return v, true
	}
	var best V
	found, bestLen := false, -1
	for k, v := range m {
		if pre, ok := strings.CutSuffix(k, "*"); ok && strings.HasPrefix(name, pre) && len(pre) > bestLen {
			best, found, bestLen = v, true, len(pre)
		}
	}
	return best, found
}

func TestCommandFaultMatrix(t *testing.T) {
	if testing.Short() {
		t.Skip("the matrix runs every command against every fault")
	}
	for _, f := range matrixFaults {
		for _, c := range matrixCommands {
			t.Run(f.name+"/"+c.name, func(t *testing.T) {
				if why, _ := lookup(f.skip, c.name); why != "" {
					t.Skip(why)
				}
				runCell(t, f, c)
			})
		}
		t.Run(f.name+"/serve-metrics", func(t *testing.T) { runServeMetricsCell(t, f) })
	}
}

func runCell(t *testing.T, f matrixFault, c matrixCommand) {
	srv := fixClock(t, f.opts...)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	if c.profiles {
		profilesConfig(t, map[string]any{"prod": map[string]any{"url": ts.URL, "token": inmem.AdminPAT}})
	} else {
		useServer(t, ts.URL, inmem.AdminPAT)
	}
	if f.prepare != nil {
		f.prepare(t, srv)
	}
	before := srv.Holdings()
	srv.SetFaults(f.faults)
	r := runCommand(append(c.args(before), f.args...)...)
	srv.SetFaults(inmem.Faults{})
	after := srv.Holdings()

	t.Logf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr) // with -v: what each cell said

	want, ok := lookup(f.codes, c.name)
	if !ok {
		want = f.def
	}
	if r.code != want {
		t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, want, r.stdout, r.stderr)
	}
	if r.code != exitOK && r.code != exitFindings || want != r.code {
		if v := readsClean(r.stdout); v != "" {
			t.Errorf("exit %d, yet stdout reads as clean (%q):\n%s", r.code, v, r.stdout)
		}
		if complete := jsonComplete(r.stdout); complete != nil && *complete {
			t.Errorf("exit %d, yet the JSON says complete: true", r.code)
		}
	}
	if leaks := leakIn(r, before, after); len(leaks) > 0 {
		for _, l := range leaks {
			t.Errorf("%s", l)
		}
		t.Logf("stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	}
	if t.Failed() {
		return
	}
	c.claims(t, cell{r: r, before: before, after: after, srv: srv})
}

// nameSecrets names tokens with secrets the server holds: an API token's
// whole v1 secret, the admin API token's (its parts split by '-'), and the
// PAT the command signs in with; expired, so that prune lists them too.
func nameSecrets(t *testing.T, srv *inmem.Server) {
	t.Helper()
	c, err := api.New("http://inmem", inmem.AdminPAT, api.WithHTTPClient(srv.HTTPClient()))
	if err != nil {
		t.Fatal(err)
	}
	past := fixedNow.Add(-48 * time.Hour)
	other := heldNamed(srv.Holdings(), "checkout-web").Secret
	for _, name := range []string{"leak " + other, "leak-admin " + inmem.AdminAPIToken, "leak-pat " + inmem.AdminPAT} {
		if _, err := c.CreateAPIToken(t.Context(), api.CreateAPIToken{Name: name, Type: api.TypeBackend, Environment: "development", ExpiresAt: &past}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.CreatePAT(t.Context(), api.CreatePAT{Description: "pat " + inmem.AdminPAT, ExpiresAt: fixedNow.Add(24 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
}

func heldNamed(held []inmem.Held, name string) inmem.Held {
	for _, h := range held {
		if h.Name == name {
			return h
		}
	}
	return inmem.Held{}
}

// heldKey names a held token as the outputs' ids do: "pat:12",
// "api_token:sha256:…".
func heldKey(h inmem.Held) string {
	if h.Kind == "pat" {
		return "pat:" + strconv.Itoa(h.ID)
	}
	if h.Selector != "" {
		return "api_token:" + h.Selector
	}
	return "api_token:" + audit.Fingerprint(h.Secret)
}

// outputKey is heldKey of a token an output names by kind and id.
func outputKey(kind, id string) string {
	if kind == audit.KindAPIToken.String() {
		return "api_token:" + id
	}
	return "pat:" + id
}

func keys(held []inmem.Held) map[string]inmem.Held {
	out := map[string]inmem.Held{}
	for _, h := range held {
		out[heldKey(h)] = h
	}
	return out
}

// visible are the tokens an audit of the admin's can list: every API
// token, the admin's PATs and the service accounts'.
func visible(held []inmem.Held) map[string]bool {
	out := map[string]bool{}
	for _, h := range held {
		if h.Kind == "api_token" || h.Owner == "admin" || h.Service {
			out[heldKey(h)] = true
		}
	}
	return out
}

// changed lists the tokens made or gone between the two.
func changed(before, after []inmem.Held) (made, gone []string) {
	b, a := keys(before), keys(after)
	for k := range a {
		if _, ok := b[k]; !ok {
			made = append(made, k+" "+a[k].Name)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			gone = append(gone, k+" "+b[k].Name)
		}
	}
	slices.Sort(made)
	slices.Sort(gone)
	return made, gone
}

// claimsUnchanged: a read-only command changed nothing.
func claimsUnchanged(t *testing.T, c cell) {
	t.Helper()
	if made, gone := changed(c.before, c.after); len(made)+len(gone) > 0 {
		t.Errorf("a read-only command changed the server: made %v, gone %v", made, gone)
	}
}

// claimsListed: every token the output names exists; with complete, every
// token it could see is named.
func claimsListed(t *testing.T, c cell, listed []string, complete bool) {
	t.Helper()
	claimsUnchanged(t, c)
	held := keys(c.after)
	seen := map[string]bool{}
	for _, k := range listed {
		seen[k] = true
		if _, ok := held[k]; !ok {
			t.Errorf("the output names %s, which the server does not hold", k)
		}
	}
	if complete {
		for k := range visible(c.after) {
			if !seen[k] {
				t.Errorf("the output says it is complete, but leaves out %s %q", k, held[k].Name)
			}
		}
	}
}

func claimsAuditJSON(t *testing.T, c cell) {
	t.Helper()
	if c.r.stdout == "" {
		claimsUnchanged(t, c)
		return
	}
	var doc struct {
		Complete bool
		Tokens   []struct{ Kind, ID string }
	}
	if err := json.Unmarshal([]byte(c.r.stdout), &doc); err != nil {
		t.Fatalf("%v\n%s", err, c.r.stdout)
	}
	var listed []string
	for _, tok := range doc.Tokens {
		listed = append(listed, outputKey(tok.Kind, tok.ID))
	}
	claimsListed(t, c, listed, doc.Complete)
}

func claimsAuditCSV(t *testing.T, c cell) {
	t.Helper()
	if c.r.stdout == "" {
		claimsUnchanged(t, c)
		return
	}
	rows, err := csv.NewReader(strings.NewReader(c.r.stdout)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	first := 0
	if rows[0][0] == "instance" { // --all-profiles
		first = 1
	}
	for _, row := range rows[1:] {
		listed = append(listed, outputKey(row[first], row[first+1]))
	}
	claimsListed(t, c, listed, c.r.code != exitAuditFailed) // exit 2 is the CSV's only word for "in part"
}

var infoLine = regexp.MustCompile(`(?m)^unleash_token_info\{(.*)\} 1(?:\.0)?$`) // 1.0 in OpenMetrics as served
var labelRe = regexp.MustCompile(`(\w+)="((?:[^"\\]|\\.)*)"`)

func claimsOpenMetrics(t *testing.T, c cell) {
	t.Helper()
	var listed []string
	for _, m := range infoLine.FindAllStringSubmatch(c.r.stdout, -1) {
		labels := map[string]string{}
		for _, l := range labelRe.FindAllStringSubmatch(m[1], -1) {
			labels[l[1]] = l[2]
		}
		listed = append(listed, outputKey(labels["kind"], labels["id"]))
	}
	success := strings.Contains(c.r.stdout, "unleash_tokens_audit_success{") && !strings.Contains(c.r.stdout, "} 0\n")
	if c.r.code == exitAuditFailed && !strings.Contains(c.r.stdout, `unleash_tokens_audit_success{instance=`) {
		t.Errorf("a failed audit's metrics lack its health series:\n%s", c.r.stdout)
	}
	claimsListed(t, c, listed, c.r.code != exitAuditFailed && success)
}

// claimsPrune: each row's result is what the server shows: deleted and
// gone are not held, failed, not sent, skipped and would delete still are;
// nothing else changed.
func claimsPrune(t *testing.T, c cell) {
	t.Helper()
	if c.r.stdout == "" {
		claimsUnchanged(t, c)
		return
	}
	var doc struct {
		Tokens []struct{ Kind, ID, Name, Result string }
	}
	if err := json.Unmarshal([]byte(c.r.stdout), &doc); err != nil {
		t.Fatalf("%v\n%s", err, c.r.stdout)
	}
	held := keys(c.after)
	mayGo := map[string]bool{}
	for _, row := range doc.Tokens {
		k := outputKey(row.Kind, row.ID)
		_, there := held[k]
		switch row.Result {
		case "deleted", "gone":
			mayGo[k] = true
			if there {
				t.Errorf("%s %q is %s, yet the server holds it", k, row.Name, row.Result)
			}
		case "unknown":
			mayGo[k] = true
		default:
			if !there {
				t.Errorf("%s %q is %q, yet the server no longer holds it", k, row.Name, row.Result)
			}
		}
	}
	made, gone := changed(c.before, c.after)
	if len(made) > 0 {
		t.Errorf("prune made %v", made)
	}
	for _, g := range gone {
		if !mayGo[strings.Fields(g)[0]] {
			t.Errorf("%s is gone, and prune did not say so", g)
		}
	}
}

var patListID = regexp.MustCompile(`(?m)^pat +(\d+) `) // KIND ID …

func claimsPATList(t *testing.T, c cell) {
	t.Helper()
	var listed []string
	for _, m := range patListID.FindAllStringSubmatch(c.r.stdout, -1) {
		listed = append(listed, "pat:"+m[1])
	}
	claimsUnchanged(t, c)
	held := keys(c.after)
	seen := map[string]bool{}
	for _, k := range listed {
		seen[k] = true
		if h, ok := held[k]; !ok || h.Owner != "admin" {
			t.Errorf("pat list shows %s, which is not a PAT of the admin's", k)
		}
	}
	if c.r.code == exitOK {
		for k, h := range held {
			if h.Kind == "pat" && h.Owner == "admin" && !seen[k] {
				t.Errorf("pat list succeeded, but leaves out %s %q", k, h.Name)
			}
		}
	}
}

func claimsPATCreate(t *testing.T, c cell) {
	t.Helper()
	made, gone := changed(c.before, c.after)
	if len(gone) > 0 {
		t.Errorf("pat create deleted %v", gone)
	}
	exists := len(made) == 1 && strings.HasSuffix(made[0], " matrix")
	switch {
	case c.r.code == exitOK:
		if !exists || strings.TrimSpace(c.r.stdout) != heldNamed(c.after, "matrix").Secret {
			t.Errorf("pat create succeeded; made %v, and stdout is not its secret", made)
		}
	case strings.Contains(c.r.stderr, "now exists"):
		if !exists {
			t.Errorf("pat create says the PAT now exists; made %v", made)
		}
	case strings.Contains(c.r.stderr, "could not be read to see whether"):
	default:
		if len(made) > 0 {
			t.Errorf("pat create failed without saying a PAT exists, yet it made %v", made)
		}
	}
}

func claimsPATDelete(t *testing.T, c cell) {
	t.Helper()
	made, gone := changed(c.before, c.after)
	if len(made) > 0 {
		t.Errorf("pat delete made %v", made)
	}
	deleted := len(gone) == 1 && strings.HasSuffix(gone[0], " grafana dashboards")
	switch {
	case c.r.code == exitOK, strings.Contains(c.r.stderr, "was deleted"):
		if !deleted {
			t.Errorf("pat delete says it deleted the PAT; gone %v", gone)
		}
	case strings.Contains(c.r.stderr, "could not be re-read to confirm"), strings.Contains(c.r.stderr, "could not be read to see whether"):
	default:
		if len(gone) > 0 {
			t.Errorf("pat delete failed without saying the PAT is gone, yet %v is gone", gone)
		}
	}
}

// claimsRotate: a new token exists when the messages say one was made (or
// now exists), and not when they say none was; the old one is gone when
// they say it was deleted, and held otherwise.
func claimsRotate(oldName string) func(t *testing.T, c cell) {
	return func(t *testing.T, c cell) {
		t.Helper()
		made, gone := changed(c.before, c.after)
		e := c.r.stderr
		switch {
		case strings.Contains(e, "create: Created"), strings.Contains(e, "now exists"):
			if len(made) != 1 {
				t.Errorf("rotate says a token was made; made %v", made)
			}
		case strings.Contains(e, "could not be re-read to see whether"):
		default:
			if len(made) > 0 {
				t.Errorf("rotate does not say a token was made, yet it made %v", made)
			}
		}
		oldGone := slices.ContainsFunc(gone, func(g string) bool { return strings.HasSuffix(g, " "+oldName) })
		switch {
		case strings.Contains(e, "Deleted the old"), strings.Contains(e, "first, to make room"):
			if !oldGone {
				t.Errorf("rotate says the old token was deleted; gone %v", gone)
			}
		case strings.Contains(e, "could not be re-read to confirm"):
		default:
			if len(gone) > 0 {
				t.Errorf("rotate does not say the old token was deleted, yet %v is gone", gone)
			}
		}
		if c.r.code == exitOK && strings.TrimSpace(c.r.stdout) == "" {
			t.Error("rotate succeeded and printed no secret")
		}
	}
}

// jsonComplete is the JSON document's complete field, nil when stdout is
// not such a document.
func jsonComplete(stdout string) *bool {
	var doc struct {
		Complete *bool `json:"complete"`
	}
	if json.Unmarshal([]byte(stdout), &doc) != nil {
		return nil
	}
	return doc.Complete
}

// leak is a secret found in an output.
type leak struct {
	where, part, line string
}

func (l leak) String() string {
	return fmt.Sprintf("%s holds %q of a secret, in: %s", l.where, l.part, l.line)
}

// leakIn finds secrets in the outputs: any secret the server held before
// the run, whole or a run of 12 of its random part (in any case), anywhere;
// a secret made by the run anywhere but stdout.
func leakIn(r result, before, after []inmem.Held) []leak {
	old := map[string]bool{}
	secrets := []string{inmem.AdminPAT, inmem.AdminAPIToken}
	for _, h := range before {
		old[h.Secret] = true
		secrets = append(secrets, h.Secret)
	}
	var out []leak
	for _, s := range secrets {
		for _, w := range []struct{ where, text string }{{"stdout", r.stdout}, {"stderr", r.stderr}} {
			if hit := secretIn(w.text, s); hit != "" {
				out = append(out, leak{where: w.where, part: hit, line: lineWith(w.text, hit)})
			}
		}
	}
	for _, h := range after {
		if !old[h.Secret] {
			if hit := secretIn(r.stderr, h.Secret); hit != "" {
				out = append(out, leak{where: "stderr", part: "the new secret of " + h.Name, line: lineWith(r.stderr, hit)})
			}
		}
	}
	return out
}

// lineWith is the line of out that holds part.
func lineWith(out, part string) string {
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(strings.ToLower(line), strings.ToLower(part)) {
			return strings.TrimSpace(line)
		}
	}
	return ""
}

// secretIn is the part of secret found in out: the whole, or a run of 12
// characters of its random part, compared without case; "" when none is.
func secretIn(out, secret string) string {
	if secret == "" {
		return ""
	}
	if strings.Contains(out, secret) {
		return secret
	}
	lower := strings.ToLower(out)
	body := strings.ToLower(api.SecretBody(secret))
	const run = 12
	for i := 0; i+run <= len(body); i++ {
		if strings.Contains(lower, body[i:i+run]) {
			return body[i : i+run]
		}
	}
	return ""
}
