// Package audit reads every token a user can see — their PATs, every service
// account's tokens, every project's tokens and all API tokens — with bounded
// concurrency, classifies each once (status.Classify), and writes the result
// as a table, JSON or CSV. It is pure of any UI.
package audit

import (
	"cmp"
	"context"
	"fmt"
	"hash/maphash"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/status"
)

// Kind is what sort of token a row is: a small number, one byte of a row
// beside its flags, written as its name (String, MarshalText).
type Kind uint8

const (
	KindPAT Kind = iota + 1
	KindServiceAccountToken
	KindAPIToken
)

var kindNames = [...]string{"", "pat", "service_account_token", "api_token"}

// String is the kind's name in every output: "pat", "service_account_token",
// "api_token".
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[int(k)]
	}
	return ""
}

// MarshalText writes the kind's name (JSON).
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText reads a kind's name.
func (k *Kind) UnmarshalText(b []byte) error {
	for i, n := range kindNames {
		if n == string(b) {
			*k = Kind(i)
			return nil
		}
	}
	return fmt.Errorf("no token kind is named %q", b)
}

// Token is one token the audit found. It holds no secret: the TUI finds an
// API token again by its raw name, environment, projects and creation time.
type Token struct {
	ID          int    // PATs and service-account tokens; 0 for API tokens
	Ident       string // names the token without its secret; see Ident
	Name        string // a PAT's description or an API token's name, cleaned for display (ExactName: as sent)
	Where       string // "my PATs", "service account CI runner", "project payments", "all projects"
	Type        api.TokenType
	Environment string
	Projects    []string
	CreatedAt   time.Time
	ExpiresAt   *time.Time
	SeenAt      *time.Time
	ServerWarns bool // the server's expiryWarning is set
	Superseded  bool // a later token of its name and scope outlives it (a rotation's old token)
	Categories  status.Set

	// Kind and the small private fields here, beside the flags above,
	// where the alignment would leave the room empty: the report holds one
	// row per token (100,000 of them at times), so each 8 bytes a row
	// saves is 0.8 MB.
	Kind Kind
	v2   bool // an API token stored hashed: Ident is its selector

	Risks     []RiskFinding // most serious first; nil when none (or not looked for)
	CreatedBy string        // API tokens: who made it, from the event log; "" when unknown

	more *more // what few rows have; nil when none of it
}

// more is what few rows have, kept apart: a service-account token's
// account, a name that cleaning changed, an API token's name and
// environment as the server sent them when they are not Name and
// Environment (to find the token again). Never changed once a row holds
// it (a change makes a new one: rows may be copies of each other).
type more struct {
	owner          string // see Owner
	exactName      string // see ExactName; "" when it is Name
	rawName        string
	rawEnvironment string
	raw            bool  // rawName and rawEnvironment are set
	accountID      int32 // Unleash's ids are PostgreSQL integers (32 bits)
}

// Owner is the service account's name, for its tokens; "" for others.
func (t *Token) Owner() string {
	if t.more == nil {
		return ""
	}
	return t.more.owner
}

// with is the row's more, changed by f, as a new one.
func (t *Token) with(f func(m *more)) {
	var m more
	if t.more != nil {
		m = *t.more
	}
	f(&m)
	t.more = &m
}

// Expiry is the expiry every output shows: nil when the token never expires
// by status.IsNever (none, or more than 100 years ahead), the one rule.
func (t *Token) Expiry(now time.Time) *time.Time {
	if status.IsNever(t.ExpiresAt, now) {
		return nil
	}
	return t.ExpiresAt
}

// Facts are what status.Classify reads of the token.
func (t *Token) Facts() status.Facts {
	return status.Facts{CreatedAt: t.CreatedAt, ExpiresAt: t.ExpiresAt, SeenAt: t.SeenAt, ServerWarns: t.ServerWarns, Superseded: t.Superseded}
}

// RawName is an API token's name as the server sent it, before cleaning:
// to find the token again, never to print.
func (t Token) RawName() string {
	switch {
	case t.more != nil && t.more.raw:
		return t.more.rawName
	case t.Kind == KindAPIToken:
		return t.Name
	}
	return ""
}

// RawEnvironment is an API token's environment as the server sent it.
func (t Token) RawEnvironment() string {
	switch {
	case t.more != nil && t.more.raw:
		return t.more.rawEnvironment
	case t.Kind == KindAPIToken:
		return t.Environment
	}
	return ""
}

// APIToken is what the audit kept of an API token, with its name and
// environment as the server sent them: enough to find it again in a list
// (it holds no secret).
func (t Token) APIToken() api.APIToken {
	return api.APIToken{Name: t.RawName(), Type: t.Type, Environment: t.RawEnvironment(), Projects: t.Projects, CreatedAt: t.CreatedAt}
}

// AccountID is the service account of a service-account token.
func (t Token) AccountID() int {
	if t.more == nil {
		return 0
	}
	return int(t.more.accountID)
}

// Source is one list the audit read, or tried to.
type Source struct {
	Name    string // "my PATs", "service accounts", "project payments", "API tokens"
	Tokens  int    // how many tokens it gave
	Err     error  // why it could not be read; nil when it was
	Skipped string // why it was not read, when that is not a failure
	Check   bool   // read for the risk checks (environments, the event log …), not a list of tokens
	// Index: a list of where tokens live (projects, service accounts) whose
	// tokens are other sources: read alone, it shows no token.
	Index bool
}

// Report is what an audit found.
type Report struct {
	Now        time.Time
	Thresholds status.Thresholds
	Tokens     []Token  // each token once, most urgent expiry first
	Sources    []Source // in a fixed order: PATs, service accounts, projects, API tokens, then what the checks read
	Requests   int      // how many requests it took
	Checks     Checks   // what was looked for besides the time categories
	Creators   Creators // how the event log matched the API tokens (Checks.Creators)
	Server     *api.Edition
	Notes      []string // about the server rather than a token, e.g. that it stores every token in clear
	// AllInClear is the note that the server stores every API token in
	// clear, so no one token is a stored-in-clear risk; "" when not so.
	AllInClear string
}

// Count is how many tokens are in the category.
func (r *Report) Count(c status.Category) int {
	n := 0
	for i := range r.Tokens {
		if r.Tokens[i].Categories.Has(c) {
			n++
		}
	}
	return n
}

// Counts gives every category's count, indexed by Category.
func (r *Report) Counts() [status.NumCategories]int {
	var out [status.NumCategories]int
	for i := range r.Tokens {
		for _, c := range status.Categories {
			if r.Tokens[i].Categories.Has(c) {
				out[c]++
			}
		}
	}
	return out
}

// In returns the tokens in the category: pointers into r.Tokens, which
// nothing changes once the report is made (a copy of each row would be 100
// times the size of its pointer: 9 MB for a third of 100,000 tokens).
func (r *Report) In(c status.Category) []*Token {
	var out []*Token
	for i := range r.Tokens {
		if r.Tokens[i].Categories.Has(c) {
			out = append(out, &r.Tokens[i])
		}
	}
	return out
}

// Finding reports whether the token is something to act on: expired,
// expiring or stale, or with a risk.
func (t *Token) Finding() bool { return t.Categories.Finding() || len(t.Risks) > 0 }

// Findings is how many tokens are expired, expiring or stale, or have a risk.
func (r *Report) Findings() int {
	n := 0
	for i := range r.Tokens {
		if r.Tokens[i].Finding() {
			n++
		}
	}
	return n
}

// Failed returns the sources that could not be read.
func (r *Report) Failed() []Source {
	var out []Source
	for _, s := range r.Sources {
		if s.Err != nil {
			out = append(out, s)
		}
	}
	return out
}

// Options tune an audit.
type Options struct {
	Now         time.Time
	Thresholds  status.Thresholds
	Concurrency int                   // requests in flight at most; 8 when 0
	Progress    func(done, total int) // called after each request, one call at a time, counts never going back
	// Checks are the risks to look for (and whether to read creators from
	// the event log); config.Resolved.Checks is the user's choice. The zero
	// value looks for none and makes no extra request.
	Checks Checks
}

// DefaultConcurrency is how many requests an audit keeps in flight at most.
const DefaultConcurrency = 8

// Run reads every source and classifies what it finds. It always returns a
// report; sources that failed say why in it.
func Run(ctx context.Context, c *api.Client, o Options) *Report {
	if o.Concurrency <= 0 {
		o.Concurrency = DefaultConcurrency
	}
	if o.Thresholds == (status.Thresholds{}) {
		o.Thresholds = status.Default
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	g := &gatherer{ctx: ctx, client: c, sem: make(chan struct{}, o.Concurrency), progress: o.Progress, checks: o.Checks,
		needSecrets: o.Checks.Has(Orphaned) || o.Checks.Has(StoredInClear)}
	if g.needSecrets {
		g.apiSecrets = &secretList{}
	}
	g.gather()
	return g.report(o)
}

// gatherer fans out the requests; every request holds a slot of sem.
type gatherer struct {
	ctx      context.Context
	client   *api.Client
	sem      chan struct{}
	progress func(done, total int)
	checks   Checks

	mu          sync.Mutex
	wg          sync.WaitGroup
	done, total int
	sources     []rankedSource
	patBatches  [][]Token // PATs and service-account tokens, a batch per list
	// apiTokens are the API tokens, each once (see addAPITokens), converted
	// as each list comes in, so that no list's decoded rows outlive it;
	// apiSecrets are their secrets' facts, in the same order, when a check
	// reads them.
	apiTokens      []Token
	apiSecrets     *secretList        // nil when no check reads them
	apiSeen        map[tokenKey]int32 // the keys (apiTokenKey) of apiTokens: their index
	apiWhere       map[string]string  // one "project x" string per project, not one per token
	secureSeen     bool               // some listed API token is a v2 token
	needSecrets    bool               // a check reads the secrets' facts
	facts          serverFacts        // what the checks read besides the tokens
	eventList      []api.Event        // api-token-created events, for creators
	eventsTotal    int
	eventsRead     bool
	eventPagesLeft int   // pages of events asked for, not yet in
	eventsErr      error // why a page of events could not be read
}

type rankedSource struct {
	rank int // the order sources are reported in
	key  string
	Source
}

const (
	rankPATs = iota
	rankAccounts
	rankAccount
	rankProjects
	rankArchived
	rankProject
	rankAPITokens
	rankEnvironments
	rankServer
	rankEvents
)

// request runs fn in a slot, counting it for progress.
func (g *gatherer) request(fn func()) {
	g.mu.Lock()
	g.total++
	g.mu.Unlock()
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		acquired := false
		select {
		case g.sem <- struct{}{}:
			acquired = true
		case <-g.ctx.Done(): // fn's request fails at once; its source says so
		}
		fn()
		if acquired {
			<-g.sem
		}
		g.mu.Lock()
		defer g.mu.Unlock()
		g.done++
		if g.progress != nil {
			g.progress(g.done, g.total) // under the lock: calls come one at a time, in order
		}
	}()
}

// add records a source and its tokens; a source that failed gives none,
// whatever its call returned.
func (g *gatherer) add(s rankedSource, toks []Token) {
	if s.Err != nil {
		toks = nil
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	s.Tokens = len(toks)
	g.sources = append(g.sources, s)
	g.patBatches = append(g.patBatches, toks)
}

// addAPITokens records a source and its API tokens, in blocks (see
// api.Client.ListAPITokensInBlocks): of the tokens already met (a
// project's token is also in the full list), only the first is kept. The
// ones kept are converted to the report's Token at once, into one slice
// grown once per list, and each block is let go once converted: the
// decoded list is garbage when this returns, rather than held (with its
// secrets) until the report, at 100,000 tokens tens of MB.
func (g *gatherer) addAPITokens(s rankedSource, blocks [][]api.APIToken) {
	if s.Err != nil {
		blocks = nil
	}
	n := 0
	for _, b := range blocks {
		n += len(b)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	s.Tokens = n
	g.sources = append(g.sources, s)
	if g.apiSeen == nil {
		g.apiSeen, g.apiWhere = map[tokenKey]int32{}, map[string]string{}
	}
	fresh := 0
	dup := make([]bool, n)
	at := 0
	for _, toks := range blocks {
		for i := range toks {
			key := apiTokenKey(&toks[i])
			if j, seen := g.apiSeen[key]; seen {
				dup[at] = true
				if s.rank == rankAPITokens && int(j) < len(g.apiTokens) {
					g.apiTokens[j].share(&toks[i])
				}
			} else {
				g.apiSeen[key] = int32(len(g.apiTokens) + fresh)
				fresh++
			}
			at++
		}
	}
	if fresh == 0 {
		return
	}
	// Room for them in one step, and for a few PATs besides: the report
	// appends those to this slice (see report), and a slice of 100,000
	// Tokens that grew by appending would be copied while both are held.
	if len(g.apiTokens)+fresh > cap(g.apiTokens) {
		g.apiTokens = slices.Grow(g.apiTokens, fresh+patRoom)
		if g.needSecrets {
			g.apiSecrets.grow(fresh)
		}
	}
	at = 0
	for bi, toks := range blocks {
		for i := range toks {
			if !dup[at+i] {
				g.addAPIToken(&toks[i])
			}
		}
		at += len(toks)
		blocks[bi] = nil
	}
}

// share makes a row made from a project's list of tokens hold the text and
// times of the same token in the list of all API tokens, where they are
// equal: the terminal UI's Search tab holds that list (it shares the read,
// api.ListAPITokensInBlocks), so the project's decoded copies become
// garbage instead of being held twice (at 100,000 tokens, most rows come
// from the projects' lists, read while the long list of all is).
func (tok *Token) share(t *api.APIToken) {
	if tok.Kind != KindAPIToken || tok.more != nil {
		return
	}
	if tok.Name == t.Name {
		tok.Name = t.Name
	}
	if tok.Environment == t.Environment {
		tok.Environment = t.Environment
	}
	if slices.Equal(tok.Projects, t.Projects) {
		tok.Projects = t.Projects
	}
	if sameTime(tok.ExpiresAt, t.ExpiresAt) {
		tok.ExpiresAt = t.ExpiresAt
	}
	if sameTime(tok.SeenAt, t.SeenAt) {
		tok.SeenAt = t.SeenAt
	}
}

// sameTime: both nil, or the same instant and location.
func sameTime(a, b *time.Time) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}

// addAPIToken converts one API token into apiTokens (under g.mu).
func (g *gatherer) addAPIToken(t *api.APIToken) {
	w, ok := "", false
	if len(t.Projects) == 1 {
		w, ok = g.apiWhere[t.Projects[0]]
	}
	if !ok {
		w = projectsWhere(t.Projects)
		if len(t.Projects) == 1 {
			g.apiWhere[t.Projects[0]] = w
		}
	}
	g.apiTokens = append(g.apiTokens, apiToken(t, w))
	g.secureSeen = g.secureSeen || t.Secure
	if g.needSecrets {
		g.apiSecrets.add(secretFactsOf(t))
	}
}

// patRoom is how many PATs and service-account tokens the API tokens'
// slice keeps room for.
const patRoom = 256

func (g *gatherer) gather() {
	g.request(g.pats)
	g.request(g.accounts)
	g.request(g.projects)
	g.request(func() {
		blocks, err := g.client.ListAPITokensInBlocks(g.ctx)
		g.addAPITokens(rankedSource{rank: rankAPITokens, Source: Source{Name: "API tokens", Err: err}}, blocks)
	})
	g.gatherFacts()
	g.wg.Wait()
}

func (g *gatherer) pats() {
	pats, err := g.client.ListPATs(g.ctx)
	s := Source{Name: "my PATs", Err: err}
	if e, ok := api.AsError(err); ok && e.Kind == api.KindForbidden && e.Name == "ForbiddenError" {
		s.Err, s.Skipped = nil, "an admin API token is not a user and has no PATs"
	}
	toks := make([]Token, len(pats))
	for i, p := range pats {
		toks[i] = patToken(p, KindPAT, "my PATs", "", 0)
	}
	g.add(rankedSource{rank: rankPATs, Source: s}, toks)
}

func (g *gatherer) accounts() {
	list, err := g.client.ListServiceAccounts(g.ctx)
	s := Source{Name: "service accounts", Err: err, Index: true}
	if api.KindOf(err) == api.KindEnterpriseOnly {
		s.Err, s.Skipped = nil, "service accounts need Unleash Enterprise"
	}
	g.add(rankedSource{rank: rankAccounts, Source: s}, nil)
	for _, a := range list.Accounts {
		name := api.Clean(a.Name)
		where := "service account " + name
		if a.Tokens != nil { // the list carries each account's tokens: no request needed
			g.add(rankedSource{rank: rankAccount, key: name, Source: Source{Name: where}}, accountTokens(a.Tokens, where, name, a.ID))
			continue
		}
		g.request(func() {
			pats, err := g.client.ListServiceAccountTokens(g.ctx, a.ID)
			g.add(rankedSource{rank: rankAccount, key: name, Source: Source{Name: where, Err: err}}, accountTokens(pats, where, name, a.ID))
		})
	}
}

func accountTokens(pats []api.PAT, where, owner string, id int) []Token {
	toks := make([]Token, len(pats))
	for i, p := range pats {
		toks[i] = patToken(p, KindServiceAccountToken, where, owner, id)
	}
	return toks
}

func (g *gatherer) projects() {
	list, err := g.client.ListProjects(g.ctx)
	g.add(rankedSource{rank: rankProjects, Source: Source{Name: "projects", Err: err, Index: true}}, nil)
	if err == nil && g.checks.Has(Orphaned) {
		g.knowProjects(list, false)
	}
	for _, p := range list {
		id := p.ID
		g.request(func() {
			toks, err := g.client.ListProjectTokens(g.ctx, id)
			g.addAPITokens(rankedSource{rank: rankProject, key: id, Source: Source{Name: "project " + api.Clean(id), Err: err}}, [][]api.APIToken{toks})
		})
	}
}

func patToken(p api.PAT, kind Kind, where, owner string, accountID int) Token {
	tok := Token{Kind: kind, ID: p.ID, Ident: patIdent(p.ID), Name: api.CleanControls(p.Description), Where: where,
		CreatedAt: p.CreatedAt, ExpiresAt: p.ExpiresAt, SeenAt: p.SeenAt, ServerWarns: p.ExpiryWarning != ""}
	if tok.Name != p.Description || accountID != 0 || owner != "" {
		m := &more{owner: owner, accountID: int32(accountID)}
		if tok.Name != p.Description {
			m.exactName = p.Description
		}
		tok.more = m
	}
	return tok
}

// apiTokenKey tells API tokens apart: by secret (or v2 selector) when the
// list gives one, else by what the token is. It is a 128-bit hash of that
// text, so that the set of keys holds no secret and no string per token
// (two tokens taken for one by chance: about 2^-128 per pair).
func apiTokenKey(t *api.APIToken) tokenKey {
	text := t.Secret.Reveal()
	if text == "" {
		text = t.Name + "\x00" + t.Environment + "\x00" + strings.Join(t.Projects, ",") + "\x00" + t.CreatedAt.String()
	}
	return tokenKey{maphash.String(keySeeds[0], text), maphash.String(keySeeds[1], text)}
}

type tokenKey [2]uint64

var keySeeds = [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}

func apiToken(t *api.APIToken, where string) Token {
	tok := Token{Kind: KindAPIToken, Name: api.CleanControls(t.Name), Where: where, Type: t.Type,
		Environment: api.CleanControls(t.Environment), Projects: t.Projects, CreatedAt: t.CreatedAt, ExpiresAt: t.ExpiresAt,
		SeenAt: t.SeenAt, Superseded: t.Superseded}
	if tok.Name != t.Name || tok.Environment != t.Environment {
		m := &more{rawName: t.Name, rawEnvironment: t.Environment, raw: true}
		if tok.Name != t.Name {
			m.exactName = t.Name
		}
		tok.more = m
	}
	tok.Ident, tok.v2 = apiTokenIdent(t)
	return tok
}

func projectsWhere(projects []string) string {
	switch {
	case len(projects) == 0 || slices.Contains(projects, "*"):
		return "all projects"
	case len(projects) == 1:
		return "project " + api.Clean(projects[0])
	}
	clean := make([]string, len(projects))
	for i, p := range projects {
		clean[i] = api.Clean(p)
	}
	return "projects " + strings.Join(clean, ", ")
}

// report converts (each token once: see addAPITokens), classifies,
// looks for risks and orders.
func (g *gatherer) report(o Options) *Report {
	r := &Report{Now: o.Now, Thresholds: o.Thresholds, Requests: g.total, Checks: o.Checks, Server: g.facts.edition}
	slices.SortFunc(g.sources, func(a, b rankedSource) int {
		return cmp.Or(cmp.Compare(a.rank, b.rank), cmp.Compare(a.key, b.key))
	})
	for _, s := range g.sources {
		r.Sources = append(r.Sources, s.Source)
	}
	// The API tokens first, in the slice they were converted into (it has
	// room for a few PATs), then the PATs.
	r.Tokens = g.apiTokens
	nAPI := len(r.Tokens)
	for _, b := range g.patBatches {
		r.Tokens = append(r.Tokens, b...)
	}
	if r.Tokens == nil {
		r.Tokens = []Token{}
	}
	g.apiTokens, g.apiSeen, g.apiWhere, g.patBatches = nil, nil, nil, nil
	g.facts.secureSeen = g.secureSeen
	for i := range r.Tokens {
		t := &r.Tokens[i]
		t.Categories = o.Thresholds.Classify(t.Facts(), o.Now)
	}
	g.findRisks(r, nAPI, g.apiSecrets)
	g.apiSecrets = nil
	redactSecretsInNames(r.Tokens)
	sortByUrgency(r.Tokens)
	return r
}

// sortByUrgency sorts through an index and a precomputed expiry key, so
// that the large Token values move once rather than at every swap.
func sortByUrgency(toks []Token) {
	type entry struct {
		expires int64 // Unix nanoseconds; never-expiring last
		i       int32
	}
	idx := make([]entry, len(toks))
	for i := range toks {
		e := entry{expires: math.MaxInt64, i: int32(i)}
		if t := toks[i].ExpiresAt; t != nil { // outside UnixNano's range, the range's ends
			switch {
			case t.Year() < 1678:
				e.expires = math.MinInt64
			case t.Year() < 2262:
				e.expires = t.UnixNano()
			}
		}
		idx[i] = e
	}
	// Ties go by index: the order a stable sort gives, from pdqsort's
	// fewer comparisons (SortStableFunc's merges took 2-3 times as long).
	slices.SortFunc(idx, func(a, b entry) int {
		if a.expires != b.expires {
			return cmp.Compare(a.expires, b.expires)
		}
		return cmp.Or(compareUrgency(&toks[a.i], &toks[b.i]), cmp.Compare(a.i, b.i))
	})
	// Put each token in its place by following the permutation's cycles:
	// one Token held aside, not a second slice of them all (tens of MB at
	// 100,000 tokens). A placed entry's i becomes -1.
	for start := range idx {
		if idx[start].i < 0 {
			continue
		}
		held := toks[start]
		at := start
		for {
			from := int(idx[at].i)
			idx[at].i = -1
			if from == start {
				toks[at] = held
				break
			}
			toks[at] = toks[from]
			at = from
		}
	}
}

// compareUrgency orders by expiry, soonest (or longest expired) first, then
// those that never expire; ties by name.
func compareUrgency(a, b *Token) int {
	switch {
	case a.ExpiresAt == nil && b.ExpiresAt != nil:
		return 1
	case a.ExpiresAt != nil && b.ExpiresAt == nil:
		return -1
	case a.ExpiresAt != nil && !a.ExpiresAt.Equal(*b.ExpiresAt):
		return a.ExpiresAt.Compare(*b.ExpiresAt)
	}
	return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.Where, b.Where),
		strings.Compare(a.Environment, b.Environment), a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
}
