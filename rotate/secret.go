package rotate

import (
	"fmt"
	"log/slog"
	"unicode/utf8"

	"github.com/unleash-tokens/unleash-tokens/api"
)

// Secret is a new token's credential, held as bytes so its holder can wipe
// them when done. Every way of printing it (fmt, slog, JSON) shows only
// its length; Bytes is the one way to the credential.
type Secret struct{ b []byte }

// newSecret takes the credential out of a create answer.
func newSecret(s api.Secret) *Secret {
	if s.IsZero() {
		return nil
	}
	return &Secret{b: []byte(s.Reveal())}
}

// Bytes is the credential. Keep no copy; Wipe when done.
func (s *Secret) Bytes() []byte {
	if s == nil {
		return nil
	}
	return s.b
}

// IsZero reports whether there is no credential (never had, or wiped).
func (s *Secret) IsZero() bool { return s == nil || len(s.b) == 0 }

// Wipe overwrites the credential and forgets it.
func (s *Secret) Wipe() {
	if s == nil {
		return
	}
	clear(s.b)
	s.b = nil
}

// apiSecret is the credential as the api package sends it. Go strings
// cannot be wiped: the copy lives until the garbage collector reuses it.
func (s *Secret) apiSecret() api.Secret { return api.Secret(string(s.Bytes())) }

// String shows the length only.
func (s *Secret) String() string {
	if s.IsZero() {
		return "(no secret)"
	}
	return fmt.Sprintf("(new secret, %d chars)", utf8.RuneCount(s.b))
}

// Format shows the length only, for every verb.
func (s *Secret) Format(f fmt.State, _ rune) { fmt.Fprint(f, s.String()) }

// GoString shows the length only.
func (s *Secret) GoString() string { return s.String() }

// LogValue shows the length only.
func (s *Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalJSON shows the length only.
func (s *Secret) MarshalJSON() ([]byte, error) { return []byte(fmt.Sprintf("%q", s.String())), nil }
