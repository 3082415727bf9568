package audit

import "time"

// Output is what a written report shows besides the report itself.
type Output struct {
	URL string // the audited server
	All bool   // every token, not only the findings
}

// Listed is the tokens a written report lists: every token with all, else
// the findings.
func (r *Report) Listed(all bool) []Token {
	if all {
		return r.Tokens
	}
	var out []Token
	for _, t := range r.Tokens {
		if t.Categories.Finding() {
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
