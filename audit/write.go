package audit

import (
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

func stamp(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
