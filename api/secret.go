package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"unicode/utf8"
)

// Secret holds a credential: a PAT, an API token or the client's own token.
//
// Every way of printing it masks it: fmt verbs (%v %s %q %#v …), slog and
// encoding/json all see Masked(). Only Reveal returns the real value, so a
// secret reaches a terminal, a clipboard or a request header only where the
// code asks for it by name.
type Secret string

// Reveal returns the usable credential. Call it only to send or copy it.
func (s Secret) Reveal() string { return string(s) }

// IsZero reports whether the secret is empty.
func (s Secret) IsZero() bool { return s == "" }

// String masks the secret.
func (s Secret) String() string { return s.Masked() }

// GoString masks the secret for %#v.
func (s Secret) GoString() string { return fmt.Sprintf("api.Secret(%q)", s.Masked()) }

// Format masks the secret for every fmt verb.
func (s Secret) Format(f fmt.State, verb rune) {
	if verb == 'q' {
		fmt.Fprintf(f, "%q", s.Masked())
		return
	}
	if verb == 'v' && f.Flag('#') {
		fmt.Fprint(f, s.GoString())
		return
	}
	fmt.Fprint(f, s.Masked())
}

// LogValue masks the secret for log/slog.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.Masked()) }

// MarshalJSON writes the masked form, so a token marshalled for output never
// carries its credential. Wire formats that must carry it use plain strings.
func (s Secret) MarshalJSON() ([]byte, error) { return []byte(fmt.Sprintf("%q", s.Masked())), nil }

// UnmarshalJSON reads the credential as sent by the server.
func (s *Secret) UnmarshalJSON(b []byte) error {
	// Fast path: a plain quoted string (secrets and selectors hold no escapes).
	if n := len(b); n >= 2 && b[0] == '"' && b[n-1] == '"' && bytes.IndexByte(b[1:n-1], '\\') < 0 && bytes.IndexByte(b[1:n-1], '"') < 0 {
		*s = Secret(b[1 : n-1])
		return nil
	}
	var v *string
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	if v == nil {
		*s = ""
		return nil
	}
	*s = Secret(*v)
	return nil
}

const maskedPrefixMax = 12

// Masked shows what kind of credential this is and nothing usable: the
// non-secret prefix (`user:` or `<project>:<environment>.`, cut to 12
// characters), an ellipsis and the length, e.g. `default:deve… (64 chars)`.
func (s Secret) Masked() string {
	if s == "" {
		return ""
	}
	v := string(s)
	prefix := ""
	switch {
	case strings.HasPrefix(v, "user:"):
		prefix = "user:"
	case strings.Contains(v, "."):
		prefix = v[:strings.Index(v, ".")+1]
	}
	if utf8.RuneCountInString(prefix) > maskedPrefixMax {
		prefix = string([]rune(prefix)[:maskedPrefixMax])
	}
	return fmt.Sprintf("%s… (%d chars)", prefix, utf8.RuneCountInString(v))
}

// SecretFormat tells the two token formats apart.
type SecretFormat int

const (
	// FormatUnknown is anything that is not a recognisable Unleash token.
	FormatUnknown SecretFormat = iota
	// FormatV1 is `user:<56 hex>` or `<project>:<env>.<56 hex>`: the whole
	// value is stored by the server and shown in v1 list responses.
	FormatV1
	// FormatV2 is `…v2_<selector>_<secret>`: lists show only the selector.
	FormatV2
	// FormatV2Selector is the 22-character selector a v2 list row carries;
	// it names a token for update and delete but cannot authenticate.
	FormatV2Selector
)

const v2SelectorLen, v2SecretLen = 22, 43

// FormatKind reports which token format the secret has.
func (s Secret) FormatKind() SecretFormat {
	v := string(s)
	body, prefixed := s.body()
	if !prefixed && strings.Contains(v, ":") {
		return FormatUnknown
	}
	if _, ok := s.selector(); ok {
		return FormatV2
	}
	if strings.HasPrefix(body, "v2_") {
		return FormatUnknown
	}
	if !prefixed && len(v) == v2SelectorLen && isBase64URL(v) {
		return FormatV2Selector
	}
	if prefixed && len(body) > 0 {
		return FormatV1
	}
	return FormatUnknown
}

// body is what follows `user:` or `<project>:<environment>.`, and whether
// there was such a prefix.
func (s Secret) body() (string, bool) {
	v := string(s)
	switch {
	case strings.HasPrefix(v, "user:"):
		return strings.TrimPrefix(v, "user:"), true
	case strings.Contains(v, "."):
		return v[strings.Index(v, ".")+1:], true
	}
	return v, false
}

// selector is the 22-character selector of a v2 secret
// (`…v2_<selector>_<secret>`), and whether s is one.
func (s Secret) selector() (string, bool) {
	body, _ := s.body()
	rest, ok := strings.CutPrefix(body, "v2_")
	// <22-character selector>_<43-character secret>, both base64url, so
	// either may hold "_" itself: split by length.
	if !ok || len(rest) != v2SelectorLen+1+v2SecretLen || rest[v2SelectorLen] != '_' ||
		!isBase64URL(rest[:v2SelectorLen]) || !isBase64URL(rest[v2SelectorLen+1:]) {
		return "", false
	}
	return rest[:v2SelectorLen], true
}

func isBase64URL(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}
