package audit

import (
	"github.com/unleash-tokens/unleash-tokens/internal/redact"
)

// ExactName is the name as the server sent it, for JSON (which escapes
// control characters itself), so that a script can match it; Name is the
// same cleaned for a terminal. Neither holds a secret the app knows (see
// redactSecretsInNames).
func (t *Token) ExactName() string {
	if t.more == nil || t.more.exactName == "" {
		return t.Name // the same (or a Token made elsewhere than by Run)
	}
	return t.more.exactName
}

// redactSecretsInNames removes from every name, exact and cleaned, every
// secret the app knows (internal/redact: its own token, the profiles', every
// secret the lists gave, whatever its characters), now that every list has
// been read: a token may be named with another's secret, in plain sight or
// inside an escape sequence that cleaning drops but the exact name keeps,
// and a PAT's description may hold a secret a later list gave. It is the
// one redaction of a row's names (they are cleaned of control characters
// only, api.CleanControls, when the row is made): each name passes through
// redact.Text once, twice only when cleaning changed it; the environment,
// where and owner, a few strings shared by many rows, once each. The names
// are looked up in one pass first.
func redactSecretsInNames(toks []Token) {
	redact.Prime(func(yield func(string) bool) {
		for i := range toks {
			if m := toks[i].more; !yield(toks[i].Name) || m != nil && m.exactName != "" && !yield(m.exactName) {
				return
			}
		}
	})
	few := map[string]string{}
	once := func(s string) string {
		r, ok := few[s]
		if !ok {
			r = redact.Text(s)
			few[s] = r
		}
		return r
	}
	for i := range toks {
		t := &toks[i]
		name := t.Name
		t.Name = redact.Text(name)
		if m := t.more; m != nil && m.exactName != "" {
			if exact := redact.Text(m.exactName); exact != m.exactName {
				t.with(func(m *more) { m.exactName = exact })
			}
		}
		if t.Name != name && (t.more == nil || !t.more.raw) && t.Kind == KindAPIToken {
			// Name was the name as sent: it is kept to find the token again.
			env := t.Environment
			t.with(func(m *more) { m.rawName, m.rawEnvironment, m.raw = name, env, true })
		}
		t.Environment, t.Where = once(t.Environment), once(t.Where)
		if owner := t.Owner(); owner != "" {
			if r := once(owner); r != owner {
				t.with(func(m *more) { m.owner = r })
			}
		}
	}
}
