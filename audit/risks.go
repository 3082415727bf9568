package audit

import (
	"cmp"
	"fmt"
	"hash/maphash"
	"slices"
	"strings"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/status"
)

// Risk is something wrong with a token besides its own time categories
// (status.Classify decides those). A risk needs context across tokens or
// from the server, so the audit decides it.
type Risk uint8

const (
	// Orphaned: an API token whose projects were all deleted. Unleash
	// before 6.1 widened such a token to every project; 8.x still does it
	// to v2 tokens (their project links go with the project).
	Orphaned Risk = iota
	// AllProjects: a backend token for every project (`*`), current and future.
	AllProjects
	// NoExpiryInProduction: an API token that never expires, in an
	// environment of type production (or in every environment).
	NoExpiryInProduction
	// StoredInClear: a v1 API token, which the server keeps in clear and
	// lists in full, on a server that makes v2 tokens (stored hashed).
	StoredInClear
	// Duplicate: more than one API token with the same name and scope.
	Duplicate

	NumRisks = iota
)

// Risks lists every risk in the order they are shown.
var Risks = [NumRisks]Risk{Orphaned, AllProjects, NoExpiryInProduction, StoredInClear, Duplicate}

var riskWords = [NumRisks]struct{ key, label string }{
	Orphaned:             {"orphaned", "orphaned"},
	AllProjects:          {"all_projects", "all projects"},
	NoExpiryInProduction: {"no_expiry_in_production", "no expiry in production"},
	StoredInClear:        {"stored_in_clear", "stored in clear"},
	Duplicate:            {"duplicate", "duplicate"},
}

// Key is the risk's stable name in JSON, CSV, metrics and the config file.
func (r Risk) Key() string { return riskWords[r].key }

// Label is the risk in words, for people.
func (r Risk) Label() string { return riskWords[r].label }

// Meaning says, in a few words, what puts a token under the risk: the rule
// tokenRisks and markDuplicates apply, with the thresholds in force.
func (r Risk) Meaning(th status.Thresholds) string {
	return [NumRisks]string{
		Orphaned:             "every project it was for is gone",
		AllProjects:          "a backend token for every project, present and future, orphaned ones included",
		NoExpiryInProduction: "never expires, in a production environment",
		StoredInClear:        "a v1 token the server keeps in clear, on a server that can store them hashed",
		// scope: type, environment and projects; "stay": no expiry within Within.
		Duplicate: fmt.Sprintf("2+ of one name and scope stay past %s; any expiring sooner are listed with them", status.Days(th.Within)),
	}[r]
}

// RiskFinding is a risk a token has, with its one-line reason.
type RiskFinding struct {
	Risk   Risk
	Reason string
}

// Has reports whether the token has the risk.
func (t *Token) Has(r Risk) bool {
	for _, f := range t.Risks {
		if f.Risk == r {
			return true
		}
	}
	return false
}

// RiskKeys are the keys of the token's risks, in order.
func (t *Token) RiskKeys() []string {
	out := make([]string, len(t.Risks))
	for i, f := range t.Risks {
		out[i] = f.Risk.Key()
	}
	return out
}

// RiskLabels are the token's risks in words, comma-separated; "" when none.
func (t *Token) RiskLabels() string {
	out := make([]string, len(t.Risks))
	for i, f := range t.Risks {
		out[i] = f.Risk.Label()
	}
	return strings.Join(out, ", ")
}

func (t *Token) addRisk(r Risk, reason string) {
	t.Risks = append(t.Risks, RiskFinding{Risk: r, Reason: reason})
	slices.SortStableFunc(t.Risks, func(a, b RiskFinding) int { return int(a.Risk) - int(b.Risk) })
}

// Checks says what an audit looks for besides the time categories: a bit per
// risk, and CheckCreators for reading the event log for who made each API
// token. The zero value looks for nothing (and makes no extra request).
type Checks uint16

// CheckOf is the check for one risk.
func CheckOf(r Risk) Checks { return 1 << r }

// CheckCreators reads the event log for the creator of each API token.
const CheckCreators Checks = 1 << NumRisks

// AllChecks is every check: what the config file gives unless it turns some off.
const AllChecks = CheckCreators<<1 - 1

// CreatorsKey is the config file's key for CheckCreators, and the JSON field
// that shows the creator.
const CreatorsKey = "created_by"

// Has reports whether the risk is looked for.
func (c Checks) Has(r Risk) bool { return c&CheckOf(r) != 0 }

// Creators reports whether the event log is read for creators.
func (c Checks) Creators() bool { return c&CheckCreators != 0 }

// CheckKeys are the config file's keys for the checks, in order.
func CheckKeys() []string {
	out := make([]string, 0, NumRisks+1)
	for _, r := range Risks {
		out = append(out, r.Key())
	}
	return append(out, CreatorsKey)
}

// CheckByKey is the check a config-file key names.
func CheckByKey(key string) (Checks, bool) {
	for _, r := range Risks {
		if r.Key() == key {
			return CheckOf(r), true
		}
	}
	if key == CreatorsKey {
		return CheckCreators, true
	}
	return 0, false
}

// RiskCounts gives how many tokens have each risk, indexed by Risk.
func (r *Report) RiskCounts() [NumRisks]int {
	var out [NumRisks]int
	for i := range r.Tokens {
		for _, f := range r.Tokens[i].Risks {
			out[f.Risk]++
		}
	}
	return out
}

// WithRisk returns the tokens that have the risk.
func (r *Report) WithRisk(risk Risk) []*Token {
	var out []*Token
	for i := range r.Tokens {
		if r.Tokens[i].Has(risk) {
			out = append(out, &r.Tokens[i])
		}
	}
	return out
}

// serverFacts is what the risks read besides the tokens, gathered with them.
type serverFacts struct {
	known        map[string]bool // projects that exist, active or archived
	activeRead   bool            // the project list was read
	archivedRead bool            // the archived project list was read
	production   map[string]bool // names of production-type environments; nil when not read
	edition      *api.Edition    // nil when ui-config was not read
	secureSeen   bool            // some listed API token is a v2 token
}

// makesV2 reports whether the server makes v2 tokens.
func (f *serverFacts) makesV2() bool {
	return f.secureSeen || f.edition != nil && f.edition.SecureTokens
}

// secretList is the secretFacts of the API tokens, in order: a bit each,
// and the few scopes apart (24 bytes a token as a slice of secretFacts:
// 2.4 MB at 100,000, held while the lists are read).
type secretList struct {
	n      int
	v1     []uint64         // bit i: token i's secret is in clear
	scopes map[int32]string // the tokens with a scope
}

func (l *secretList) add(sf secretFacts) {
	if l.n%64 == 0 {
		l.v1 = append(l.v1, 0)
	}
	if sf.v1 {
		l.v1[l.n/64] |= 1 << (l.n % 64)
	}
	if sf.scope != "" {
		if l.scopes == nil {
			l.scopes = map[int32]string{}
		}
		l.scopes[int32(l.n)] = sf.scope
	}
	l.n++
}

// grow makes room for n more.
func (l *secretList) grow(n int) { l.v1 = slices.Grow(l.v1, (l.n+n+63)/64-len(l.v1)) }

func (l *secretList) at(i int) secretFacts {
	return secretFacts{v1: l.v1[i/64]&(1<<(i%64)) != 0, scope: l.scopes[int32(i)]}
}

// secretFacts is what an API token's secret says, taken before the secret
// is dropped: the report keeps no secret.
type secretFacts struct {
	v1    bool   // a credential in clear (v1, or an older unprefixed one)
	scope string // a v1 secret's project part, before ':' ("*", "[]", "payments"); "" when unknown
}

func secretFactsOf(t *api.APIToken) secretFacts {
	s := t.Secret.Reveal()
	if s == "" || t.Secure {
		return secretFacts{}
	}
	switch t.Secret.FormatKind() {
	case api.FormatV2, api.FormatV2Selector:
		return secretFacts{}
	case api.FormatV1:
		scope := ""
		// Only a token that now reaches every project needs its scope kept
		// (a copy: the report must not hold on to the secret's memory).
		if i := strings.Index(s, ":"); i > 0 && !strings.HasPrefix(s, "user:") && isAll(t.Projects) && s[:i] != "*" {
			scope = strings.Clone(s[:i])
		}
		return secretFacts{v1: true, scope: scope}
	}
	return secretFacts{v1: true}
}

// tokenRisks decides the risks one API token has on its own and from the
// server's facts, by riskRules in order; duplicates, which need every token,
// come after.
func tokenRisks(t *Token, sf secretFacts, facts *serverFacts, checks Checks) {
	if t.Kind != KindAPIToken {
		return
	}
	for _, r := range riskRules {
		if !checks.Has(r.risk) {
			continue
		}
		if reason, ok := r.rule(t, sf, facts); ok {
			t.addRisk(r.risk, reason)
		}
	}
}

// riskRule decides whether an API token has one risk, and why.
type riskRule func(t *Token, sf secretFacts, facts *serverFacts) (reason string, ok bool)

// riskRules are the risks a token has on its own, one rule each, in the
// order they are decided: allProjectsRisk reads what orphanedRisk found.
var riskRules = [...]struct {
	risk Risk
	rule riskRule
}{
	{Orphaned, orphanedRisk},
	{AllProjects, allProjectsRisk},
	{NoExpiryInProduction, noExpiryInProductionRisk},
	{StoredInClear, storedInClearRisk},
}

// orphanedRisk: every project the token was made for is gone. Its secret
// may name a project it no longer has, or its projects are not among the
// server's, active or archived. The event log may have said so already.
func orphanedRisk(t *Token, sf secretFacts, facts *serverFacts) (string, bool) {
	if t.Type == api.TypeAdmin || t.Has(Orphaned) {
		return "", false
	}
	switch {
	case isAll(t.Projects) && sf.scope != "" && sf.scope != "*":
		made := "project " + api.Clean(sf.scope)
		if sf.scope == "[]" {
			made = "several projects"
		}
		return fmt.Sprintf("made for %s (its secret says so), it now reaches every project: its projects were deleted", made), true
	case !isAll(t.Projects) && facts.activeRead && facts.archivedRead && noneExists(t.Projects, facts.known):
		return fmt.Sprintf("%s no longer in the project list", isOrAre(projectWords(t.Projects), len(t.Projects))), true
	}
	return "", false
}

// allProjectsRisk: a backend token for every project. An orphaned token
// that now reaches every project is both: a script counting all_projects
// must count every token that reaches everything.
func allProjectsRisk(t *Token, _ secretFacts, _ *serverFacts) (string, bool) {
	if !isAll(t.Projects) || t.Type != api.TypeBackend {
		return "", false
	}
	if t.Has(Orphaned) {
		return "a backend token that now reaches every project, present and future, because its projects were deleted (see orphaned): one leak reads all their flags", true
	}
	return "a backend token for every project (*), present and future: one leak reads all their flags", true
}

// noExpiryInProductionRisk: a token that never expires, in a production
// environment or in every environment while the server has one.
func noExpiryInProductionRisk(t *Token, _ secretFacts, facts *serverFacts) (string, bool) {
	if facts.production == nil || !t.Categories.Has(status.NeverExpires) {
		return "", false
	}
	switch env := t.RawEnvironment(); {
	case facts.production[env]:
		return fmt.Sprintf("never expires, in %s, an environment of type production", api.Clean(env)), true
	case (env == "*" || env == "") && len(facts.production) > 0:
		return "never expires, in every environment, production included", true
	}
	return "", false
}

// storedInClearRisk: a v1 token on a server that now makes v2 tokens.
func storedInClearRisk(_ *Token, sf secretFacts, facts *serverFacts) (string, bool) {
	if !sf.v1 || !facts.makesV2() {
		return "", false
	}
	return "a v1 token: the server keeps it in clear and lists it in full, though it now makes v2 tokens, which it stores hashed", true
}

// markDuplicates flags API tokens that share name and scope with another
// that will stay. A token that expires within the thresholds' Within
// window (or has expired) is on its way out, as a rotation leaves the old
// token for a grace period: it makes no duplicate on its own, and is named
// in the reason when others do.
func markDuplicates(toks []Token, now time.Time, within time.Duration) {
	// The API tokens ordered by a hash of their scope, then by the scope
	// itself, so that each scope's tokens are adjacent: two numbers per
	// token, not a map of scopes to lists (20 MB at 100,000 tokens, held
	// beside the whole report).
	type entry struct {
		h uint64
		i int32
	}
	seed := maphash.MakeSeed()
	es := make([]entry, 0, len(toks))
	for i := range toks {
		if t := &toks[i]; t.Kind == KindAPIToken {
			es = append(es, entry{scopeHash(seed, t), int32(i)})
		}
	}
	slices.SortFunc(es, func(a, b entry) int { return cmp.Or(cmp.Compare(a.h, b.h), cmp.Compare(a.i, b.i)) })
	var idx []int
	for lo := 0; lo < len(es); {
		hi := lo + 1
		for hi < len(es) && es[hi].h == es[lo].h {
			hi++
		}
		run := es[lo:hi]
		lo = hi
		if len(run) < 2 {
			continue
		}
		// Scopes that share a hash are told apart (stable: each group
		// keeps the tokens' order).
		slices.SortStableFunc(run, func(a, b entry) int { return compareScope(&toks[a.i], &toks[b.i]) })
		for g := 0; g < len(run); {
			e := g + 1
			for e < len(run) && compareScope(&toks[run[g].i], &toks[run[e].i]) == 0 {
				e++
			}
			idx = idx[:0]
			for _, x := range run[g:e] {
				idx = append(idx, int(x.i))
			}
			g = e
			markDuplicateGroup(toks, idx, now, within)
		}
	}
}

// scopeHash is a hash of what makes two API tokens duplicates: the same
// for the same name, type, environment and set of projects.
func scopeHash(seed maphash.Seed, t *Token) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	h.WriteString(t.RawName())
	h.WriteByte(0)
	h.WriteString(string(t.Type))
	h.WriteByte(0)
	h.WriteString(t.RawEnvironment())
	h.WriteByte(0)
	h.WriteString(projectsKey(t.Projects))
	return h.Sum64()
}

func compareScope(a, b *Token) int {
	return cmp.Or(strings.Compare(a.RawName(), b.RawName()), strings.Compare(string(a.Type), string(b.Type)),
		strings.Compare(a.RawEnvironment(), b.RawEnvironment()), strings.Compare(projectsKey(a.Projects), projectsKey(b.Projects)))
}

// markDuplicateGroup gives the Duplicate risk to the tokens of one scope
// (idx), when at least two of them are staying.
func markDuplicateGroup(toks []Token, idx []int, now time.Time, within time.Duration) {
	if len(idx) < 2 {
		return
	}
	staying := 0
	for _, i := range idx {
		if !retiring(&toks[i], now, within) {
			staying++
		}
	}
	if staying < 2 {
		return
	}
	reason := fmt.Sprintf("%d API tokens have this name, type, environment and projects", len(idx))
	if going := len(idx) - staying; going > 0 {
		reason += fmt.Sprintf(" (%d of them expiring within %s)", going, status.Days(within))
	}
	for _, i := range idx {
		toks[i].addRisk(Duplicate, reason)
	}
}

// retiring reports whether a token expires within the window, or has.
func retiring(t *Token, now time.Time, within time.Duration) bool {
	return t.ExpiresAt != nil && t.ExpiresAt.Sub(now) <= within
}

// projectsKey is the set of projects as one string, in any order given.
func projectsKey(projects []string) string {
	if len(projects) <= 1 {
		if len(projects) == 0 {
			return ""
		}
		return projects[0]
	}
	sorted := slices.Clone(projects)
	slices.Sort(sorted)
	return strings.Join(sorted, "\x00")
}

func noneExists(projects []string, known map[string]bool) bool {
	for _, p := range projects {
		if known[p] {
			return false
		}
	}
	return true
}

func projectWords(projects []string) string {
	clean := make([]string, len(projects))
	for i, p := range projects {
		clean[i] = api.Clean(p)
	}
	if len(clean) == 1 {
		return "project " + clean[0]
	}
	return "projects " + strings.Join(clean, ", ")
}

func isOrAre(subject string, n int) string {
	if n == 1 {
		return subject + " is"
	}
	return subject + " are"
}
