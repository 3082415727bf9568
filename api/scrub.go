package api

import (
	"strings"

	"github.com/unleash-tokens/unleash-tokens/internal/redact"
)

// MinSecretRun is the shortest run of a secret's characters that scrub
// removes from error text.
//
// Eight is the point where the two risks cross. Below it, runs match
// ordinary text: words spelled in hex letters ("decade", "facade", "efface"),
// years and short numbers, so messages would lose words for nothing. At
// eight characters a chance match needs 32 bits to agree, and what slips
// through — at most seven hex characters, 28 bits of a 224-bit Unleash
// secret — leaves nothing a guess could use.
const MinSecretRun = redact.MinRun

// scrub cleans s (Clean: no control byte can split a secret into pieces
// that join again on screen) and removes every given secret from it: the
// whole secret, and every run of MinSecretRun or more characters of its
// random part, in any case. A server that echoes a token in part, cut or
// upper-cased, shows none of it.
func scrub(s string, secrets ...string) string {
	s = Clean(s)
	grams := map[string]struct{}{}
	for _, v := range secrets {
		if len(v) >= 4 {
			s = strings.ReplaceAll(s, v, "[redacted]")
		}
		body := lowerASCII(SecretBody(v))
		for i := 0; i+MinSecretRun <= len(body); i++ {
			grams[body[i:i+MinSecretRun]] = struct{}{}
		}
	}
	return RedactRuns(s, grams)
}

// RedactRuns replaces with "[redacted]" every part of s covered by a run of
// MinSecretRun characters that is in grams (lower-cased runs of secrets'
// random parts), compared without case.
func RedactRuns(s string, grams map[string]struct{}) string {
	if len(grams) == 0 || len(s) < MinSecretRun {
		return s
	}
	lower := lowerASCII(s)
	covered := make([]bool, len(s))
	found := false
	for i := 0; i+MinSecretRun <= len(lower); i++ {
		if _, ok := grams[lower[i:i+MinSecretRun]]; ok {
			found = true
			for j := i; j < i+MinSecretRun; j++ {
				covered[j] = true
			}
		}
	}
	if !found {
		return s
	}
	return redact.Cover(s, covered)
}

// SecretBody is the random part of a credential, without what any reader
// may see: "Bearer ", "user:", "<project>:<environment>.".
func SecretBody(v string) string { return redact.Body(v) }

// lowerASCII lowers A–Z only, so that byte offsets stay those of s.
func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
