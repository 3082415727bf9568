package audit

import (
	"strings"

	"github.com/unleash-tokens/unleash-tokens/api"
)

// APITokenIdent is an API token's id as the audit reports it (its v2
// selector, or sha256: and 12 hex digits of a v1 secret; "" when the list
// carried no secret): never the secret itself.
func APITokenIdent(t api.APIToken) string {
	id, _ := apiTokenIdent(&t)
	return id
}

// AppendAPITokenIdent appends APITokenIdent(*t) to b, making no string:
// a list of 100,000 rows looks up each row's risks by it (core.Risks) as it
// measures them, and each v1 fingerprint made as a string was some 130
// bytes of garbage.
func AppendAPITokenIdent(b []byte, t *api.APIToken) []byte {
	s := t.Secret.Reveal()
	switch {
	case s == "":
		return b
	case t.Secure || t.Secret.FormatKind() == api.FormatV2Selector:
		return append(b, s...)
	case t.Secret.FormatKind() == api.FormatV2:
		body := s[strings.Index(s, "v2_")+len("v2_"):]
		return append(b, body[:strings.Index(body, "_")]...)
	}
	return appendFingerprint(b, s)
}
