package audit

import (
	"github.com/unleash-tokens/unleash-tokens/internal/redact"
)

// ExactName is the name as the server sent it, for JSON (which escapes
// control characters itself), so that a script can match it; Name is the
// same cleaned for a terminal. Neither holds a secret the app knows (see
// redactSecretsInNames).
func (t *Token) ExactName() string {
	if t.exactName == "" {
		return t.Name // a Token made elsewhere than by Run
	}
	return t.exactName
}

// redactSecretsInNames removes from every name, exact and cleaned, every
// secret the app knows (internal/redact: its own token, the profiles', every
// secret the lists gave, whatever its characters), now that every list has
// been read: a token may be named with another's secret, in plain sight or
// inside an escape sequence that cleaning drops but the exact name keeps,
// and a PAT's description, cleaned when its list came, may hold a secret a
// later list gave. The names are looked up in one pass first.
func redactSecretsInNames(toks []Token) {
	redact.Prime(func(yield func(string) bool) {
		for i := range toks {
			if !yield(toks[i].Name) || !yield(toks[i].exactName) {
				return
			}
		}
	})
	for i := range toks {
		toks[i].Name = redact.Text(toks[i].Name)
		toks[i].exactName = redact.Text(toks[i].exactName)
	}
}
