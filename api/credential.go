package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// Credential is a new token's secret, as a create answer gives it once: held
// in bytes its holder owns and wipes when done, never in a Go string (which
// cannot be wiped). It is decoded straight from the answer's body, which the
// client then wipes. Every way of printing it (fmt, slog, JSON) shows only
// its length; Bytes is the one way to the secret.
type Credential struct{ b []byte }

// NewCredential holds b (not a copy): for tests and callers that made the
// bytes themselves.
func NewCredential(b []byte) *Credential {
	if len(b) == 0 {
		return nil
	}
	return &Credential{b: b}
}

// Bytes is the secret. Keep no copy; Wipe when done.
func (c *Credential) Bytes() []byte {
	if c == nil {
		return nil
	}
	return c.b
}

// IsZero reports whether there is no secret (never had, or wiped).
func (c *Credential) IsZero() bool { return c == nil || len(c.b) == 0 }

// Wipe overwrites the secret and forgets it.
func (c *Credential) Wipe() {
	if c == nil {
		return
	}
	clear(c.b)
	c.b = nil
}

// Token is the secret as a Secret, to sign requests with. It is a Go string:
// that copy lives until the garbage collector reuses its memory.
func (c *Credential) Token() Secret { return Secret(c.Bytes()) }

// FormatKind reports which token format the secret has.
func (c *Credential) FormatKind() SecretFormat { return c.view().FormatKind() }

// view is the secret as a Secret without a copy: for a call that keeps no
// part of it, as the bytes under it are wiped later.
func (c *Credential) view() Secret {
	if c.IsZero() {
		return ""
	}
	return Secret(unsafe.String(&c.b[0], len(c.b)))
}

// Selector is the public half of a v2 secret (`…v2_<selector>_<secret>`),
// which names the token in writes and is no credential; "" for v1.
func (c *Credential) Selector() Secret {
	sel, _ := c.view().selector()
	return Secret(strings.Clone(sel)) // public, and outlives the wiped bytes
}

// String shows the length only.
func (c *Credential) String() string {
	if c.IsZero() {
		return "(no secret)"
	}
	return fmt.Sprintf("(new secret, %d chars)", utf8.RuneCount(c.b))
}

// Format shows the length only, for every verb.
func (c *Credential) Format(f fmt.State, _ rune) { fmt.Fprint(f, c.String()) }

// GoString shows the length only.
func (c *Credential) GoString() string { return c.String() }

// LogValue shows the length only.
func (c *Credential) LogValue() slog.Value { return slog.StringValue(c.String()) }

// MarshalJSON shows the length only.
func (c *Credential) MarshalJSON() ([]byte, error) { return []byte(fmt.Sprintf("%q", c.String())), nil }

// UnmarshalJSON copies the secret out of the answer into bytes of its own.
func (c *Credential) UnmarshalJSON(b []byte) error {
	if n := len(b); n >= 2 && b[0] == '"' && b[n-1] == '"' && bytes.IndexByte(b[1:n-1], '\\') < 0 {
		c.b = bytes.Clone(b[1 : n-1]) // secrets hold no escapes: the usual way, no string made
		return nil
	}
	var v *string
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	c.b = nil
	if v != nil {
		c.b = []byte(*v)
	}
	return nil
}
