package audit

import (
	"fmt"
	"slices"

	"github.com/unleash-tokens/unleash-tokens/api"
)

// Creators says how the event log's api-token-created events matched the
// API tokens. A token's creator is never guessed:
//
//   - a v2 token matches the event that names its selector;
//   - any other token matches the event whose token has the same name,
//     environment and createdAt, to the millisecond (Unleash stores the
//     token's own createdAt in the event), and no selector;
//   - when a token matches two events or more, or its event matches two
//     tokens or more (tokens made with the same name in the same
//     millisecond), none of them gets a creator: they are Ambiguous;
//   - a token without an event (the log was pruned, the token was imported,
//     or the event was past the pages read) is Unmatched.
type Creators struct {
	Read      bool // the event log was read
	Events    int  // api-token-created events read
	Total     int  // api-token-created events the server has
	Matched   int
	Ambiguous int
	Unmatched int
}

// Partial reports whether only the newest events were read.
func (c Creators) Partial() bool { return c.Events < c.Total }

// maxEvents bounds how much of the event log an audit reads: the newest
// 20,000 token creations (20 pages, or 200 of a server before 6.2).
const maxEvents = 20_000

type creationKey struct {
	name, env string
	ms        int64
}

// matchCreators gives each API token its creator from the events, and
// marks the v2 tokens the event log shows were made for projects they no
// longer have.
func matchCreators(toks []Token, events []api.Event, checks Checks) Creators {
	c := Creators{Read: true, Events: len(events)}
	bySelector := map[string][]int{}
	byFacts := make(map[creationKey][]int, len(events)) // sized: growing it was a third of the matching
	for i := range events {
		tok := events[i].Token
		if tok == nil {
			continue
		}
		if tok.Selector != "" {
			bySelector[tok.Selector] = append(bySelector[tok.Selector], i)
			continue
		}
		k := creationKey{tok.Name, tok.Environment, tok.CreatedAt.UnixMilli()}
		byFacts[k] = append(byFacts[k], i)
	}
	candidates := func(t *Token) []int {
		if t.v2 {
			return bySelector[t.Ident]
		}
		return byFacts[creationKey{t.RawName(), t.RawEnvironment(), t.CreatedAt.UnixMilli()}]
	}
	claims := make([]int32, len(events)) // event index → tokens claiming it
	for i := range toks {
		if toks[i].Kind == KindAPIToken {
			for _, e := range candidates(&toks[i]) {
				claims[e]++
			}
		}
	}
	for i := range toks {
		t := &toks[i]
		if t.Kind != KindAPIToken {
			continue
		}
		evs := candidates(t)
		switch {
		case len(evs) == 0:
			c.Unmatched++
		case len(evs) > 1 || claims[evs[0]] > 1:
			c.Ambiguous++
		default:
			c.Matched++
			ev := &events[evs[0]]
			if checks.Creators() {
				t.CreatedBy = creatorName(ev)
			}
			made := ev.Token.Projects
			if checks.Has(Orphaned) && t.Type != api.TypeAdmin && isAll(t.Projects) && len(made) > 0 && !isAll(made) {
				t.addRisk(Orphaned, fmt.Sprintf("made for %s (the event log says so), it now reaches every project: its projects were deleted", projectWords(made)))
			}
		}
	}
	return c
}

// creatorName is who the event says made the token, as the server wrote it.
func creatorName(ev *api.Event) string {
	name := api.Clean(ev.CreatedBy)
	if ev.CreatedByUserID != nil && *ev.CreatedByUserID == adminTokenUserID {
		name += " (an admin API token)"
	}
	return name
}

// adminTokenUserID is the user id Unleash records for what an admin API
// token does.
const adminTokenUserID = -42

func isAll(projects []string) bool { return len(projects) == 0 || slices.Contains(projects, "*") }
