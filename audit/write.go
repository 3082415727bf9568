package audit

import (
	"errors"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
)

// Output is what a written report shows besides the report itself.
type Output struct {
	Name string    // the profile the audited server came from, if any: the instance's name
	URL  string    // the audited server
	All  bool      // every token, not only the findings
	Now  time.Time // when a report of several instances was made; their first report's time when zero
}

// now is when a report of several instances was made.
func (o Output) now(ins []Instance) time.Time {
	if !o.Now.IsZero() {
		return o.Now
	}
	for _, in := range ins {
		if in.Report != nil {
			return in.Report.Now
		}
	}
	return time.Now()
}

func cleanErr(err error) string { return api.Clean(err.Error()) }

// SourcesRead is how many lists of tokens were read: neither failed nor
// skipped (what the checks read does not count: it holds no token).
func (r *Report) SourcesRead() int {
	n := 0
	for _, s := range r.Sources {
		if s.Err == nil && s.Skipped == "" && !s.Check {
			n++
		}
	}
	return n
}

// NothingRead reports whether the audit read no list of tokens at all and
// some list failed: it found nothing because it saw nothing, and must not
// say "nothing found".
func (r *Report) NothingRead() bool { return r.tokenListsRead() == 0 && len(r.Failed()) > 0 }

// tokenListsRead is how many lists that hold tokens themselves were read:
// SourcesRead without the lists of projects and service accounts, which
// only say where tokens live (read alone, they show none).
func (r *Report) tokenListsRead() int {
	n := 0
	for _, s := range r.Sources {
		if s.Err == nil && s.Skipped == "" && !s.Check && !s.Index {
			n++
		}
	}
	return n
}

// ErrNothingRead is what every writer returns, having written nothing, for
// a report that read nothing: an empty table, JSON list or CSV would read
// as a clean result.
var ErrNothingRead = errors.New("no list could be read, so there is nothing to report")

// Listed is the tokens a written report lists: every token with all, else
// the findings.
func (r *Report) Listed(all bool) []Token {
	if all {
		return r.Tokens
	}
	var out []Token
	for _, t := range r.Tokens {
		if t.Finding() {
			out = append(out, t)
		}
	}
	return out
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// known is t in UTC, or nil for a zero time: a creation time the server
// did not give.
func known(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return utc(&t)
}

func stamp(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
