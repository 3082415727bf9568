package audit

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/unleash-tokens/unleash-tokens/api"
)

// Ident names a token in every output without its secret:
//
//   - a PAT or service-account token: its id, in decimal;
//   - a v2 API token: its selector, the public half Unleash lists;
//   - a v1 API token: "sha256:" and the first 12 hex digits of the SHA-256 of
//     its secret, which a holder of the secret can compute
//     (printf %s "$TOKEN" | sha256sum | cut -c1-12) and nobody can reverse;
//   - "" when the list carried no secret.
func apiTokenIdent(t *api.APIToken) (ident string, v2 bool) {
	s := t.Secret.Reveal()
	switch {
	case s == "":
		return "", false
	case t.Secure || t.Secret.FormatKind() == api.FormatV2Selector:
		return s, true
	}
	var buf [64]byte
	return string(AppendAPITokenIdent(buf[:0], t)), t.Secret.FormatKind() == api.FormatV2
}

// Fingerprint is a v1 secret's Ident.
func Fingerprint(secret string) string {
	var buf [32]byte
	return string(appendFingerprint(buf[:0], secret))
}

// appendFingerprint appends Fingerprint(secret) to b.
func appendFingerprint(b []byte, secret string) []byte {
	var data [128]byte // the secret's bytes, on the stack when it fits
	sum := sha256.Sum256(append(data[:0], secret...))
	return hex.AppendEncode(append(b, "sha256:"...), sum[:6])
}

func patIdent(id int) string { return strconv.Itoa(id) }

// gatherFacts reads what the checks need besides the tokens, each at once:
// the archived projects do not wait for the active ones (the orphan check
// reads both, in either order).
func (g *gatherer) gatherFacts() {
	if g.checks.Has(Orphaned) {
		g.request(g.archivedProjects)
	}
	if g.checks.Has(NoExpiryInProduction) {
		g.request(g.environments)
	}
	if g.checks.Has(StoredInClear) {
		g.request(g.edition)
	}
	if g.checks.Creators() || g.checks.Has(Orphaned) {
		g.request(func() { g.readEvents(0, false) })
	}
}

// archivedProjects reads the archived projects: a token of an archived
// project is not orphaned.
func (g *gatherer) archivedProjects() {
	list, err := g.client.ListArchivedProjects(g.ctx)
	g.add(rankedSource{rank: rankArchived, Source: Source{Name: "archived projects", Err: err, Check: true}}, nil)
	if err == nil {
		g.knowProjects(list, true)
	}
}

// knowProjects records projects that exist; the orphan check needs both
// lists, active and archived.
func (g *gatherer) knowProjects(list []api.Project, archived bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.facts.known == nil {
		g.facts.known = map[string]bool{}
	}
	for _, p := range list {
		g.facts.known[p.ID] = true
	}
	if archived {
		g.facts.archivedRead = true
	} else {
		g.facts.activeRead = true
	}
}

func (g *gatherer) environments() {
	envs, err := g.client.ListEnvironments(g.ctx)
	g.add(rankedSource{rank: rankEnvironments, Source: Source{Name: "environments", Err: err, Check: true}}, nil)
	if err != nil {
		return
	}
	production := map[string]bool{}
	for _, e := range envs {
		if strings.EqualFold(e.Type, "production") {
			production[e.Name] = true
		}
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.facts.production = production
}

func (g *gatherer) edition() {
	ed, err := g.client.Edition(g.ctx)
	g.add(rankedSource{rank: rankServer, Source: Source{Name: "server version", Err: err, Check: true}}, nil)
	if err != nil {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.facts.edition = &ed
}

// readEvents reads the first page of api-token-created events, newest
// first, then every other page up to maxEvents at once (each in a slot
// of its own). legacy is the POST search of servers before 6.2.
func (g *gatherer) readEvents(page int, legacy bool) {
	got, err := g.searchEvents(page, legacy)
	if !legacy && page == 0 && api.IsMissingRoute(err) {
		g.readEvents(0, true) // in the same slot: the fallback is part of this request
		return
	}
	if err != nil {
		g.eventsDone(err, legacy)
		return
	}
	g.mu.Lock()
	g.eventList = append(g.eventList, got.Events...)
	g.eventsTotal = got.Total
	pages, size := 1, eventPageSize(legacy)
	if len(got.Events) == size {
		pages = max(1, min((got.Total+size-1)/size, maxEvents/size))
	}
	g.eventPagesLeft = pages - 1
	g.mu.Unlock()
	if pages == 1 {
		g.eventsDone(nil, legacy)
		return
	}
	for p := 1; p < pages; p++ {
		g.request(func() {
			got, err := g.searchEvents(p, legacy)
			g.mu.Lock()
			g.eventList = append(g.eventList, got.Events...)
			g.eventsErr = cmp.Or(g.eventsErr, err)
			g.eventPagesLeft--
			last, err := g.eventPagesLeft == 0, g.eventsErr
			g.mu.Unlock()
			if last {
				g.eventsDone(err, legacy)
			}
		})
	}
}

func (g *gatherer) searchEvents(page int, legacy bool) (api.EventPage, error) {
	search := g.client.SearchEvents
	if legacy {
		search = g.client.SearchEventsLegacy
	}
	size := eventPageSize(legacy)
	return search(g.ctx, api.EventAPITokenCreated, page*size, size)
}

func eventPageSize(legacy bool) int {
	if legacy {
		return api.MaxLegacyEventPage
	}
	return api.MaxEventPage
}

// eventsDone records the event log as a source, once every page is in or
// one failed. A page read twice (an event made between two pages shifts
// the next one) gives its events once.
func (g *gatherer) eventsDone(err error, legacy bool) {
	src := Source{Name: "event log", Err: err, Check: true}
	switch {
	case legacy && api.IsMissingRoute(err):
		src.Err, src.Skipped = nil, "this server has no event search, so no creators"
	case api.KindOf(err) == api.KindForbidden:
		src.Err, src.Skipped = nil, "you may not read the event log, so no creators"
	}
	if err == nil {
		g.mu.Lock()
		g.eventList = uniqueEvents(g.eventList)
		g.eventsRead = true
		g.mu.Unlock()
	}
	g.add(rankedSource{rank: rankEvents, Source: src}, nil)
}

// uniqueEvents drops the second of two events with the same id.
func uniqueEvents(events []api.Event) []api.Event {
	seen := make(map[int]bool, len(events))
	out := events[:0]
	for _, e := range events {
		if e.ID != 0 && seen[e.ID] {
			continue
		}
		seen[e.ID] = true
		out = append(out, e)
	}
	return out
}

// findRisks matches creators and decides every risk, once the tokens are
// classified. The API tokens are r.Tokens[:nAPI]; secrets are the facts of
// their secrets, in that order (nil when no check reads them).
func (g *gatherer) findRisks(r *Report, nAPI int, secrets *secretList) {
	if g.eventsRead {
		r.Creators = matchCreators(r.Tokens, g.eventList, r.Checks)
		r.Creators.Total = g.eventsTotal
		if r.Checks.Creators() && r.Creators.Partial() {
			r.Notes = append(r.Notes, fmt.Sprintf("creators: the event log has %d API-token creations; the newest %d were read", r.Creators.Total, r.Creators.Events))
		}
	}
	for i := 0; i < nAPI; i++ {
		var sf secretFacts
		if secrets != nil {
			sf = secrets.at(i)
		}
		tokenRisks(&r.Tokens[i], sf, &g.facts, r.Checks)
	}
	if r.Checks.Has(Duplicate) {
		markDuplicates(r.Tokens, r.Now, r.Thresholds.Within)
	}
	if ed := g.facts.edition; r.Checks.Has(StoredInClear) && ed != nil && ed.Version != "" && !g.facts.makesV2() {
		how := "it makes v2 tokens, stored hashed, only with UNLEASH_EXPERIMENTAL_SECURE_TOKEN=true"
		if !versionAtLeast(ed.Version, 8, 1) {
			how = "hashed (v2) tokens need Unleash 8.1 or later"
		}
		r.AllInClear = fmt.Sprintf("this server (Unleash %s) stores every API token in clear: %s", api.Clean(ed.Version), how)
		r.Notes = append(r.Notes, r.AllInClear)
	}
}

// versionAtLeast compares a "major.minor.patch" version; an unreadable one is not.
func versionAtLeast(v string, major, minor int) bool {
	parts := strings.SplitN(strings.TrimPrefix(v, "v"), ".", 3)
	if len(parts) < 2 {
		return false
	}
	ma, err1 := strconv.Atoi(parts[0])
	mi, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil {
		return false
	}
	return ma > major || ma == major && mi >= minor
}
