package audit

import (
	"strings"

	"github.com/unleash-tokens/unleash-tokens/api"
)

// ExactName is the name as the server sent it, for JSON (which escapes
// control characters itself), so that a script can match it; Name is the
// same cleaned for a terminal. Neither holds a secret the audit read (see
// redactSecretsInNames).
func (t *Token) ExactName() string {
	if t.exactName == "" {
		return t.Name // a Token made elsewhere than by Run
	}
	return t.exactName
}

// redactSecretsInNames removes from every name, exact and cleaned, each run
// of MinSecretRun or more characters of a v1 secret the lists gave: a
// token may be named with another's secret, in plain sight or inside an
// escape sequence that cleaning drops but the exact name keeps. Unleash's
// v1 secrets are hex, so only the names' runs of hex digits are looked at,
// and the secrets are read only when some name has one.
func redactSecretsInNames(toks []Token, batches [][]api.APIToken) {
	wanted := map[string]struct{}{} // the windows of the names' hex runs
	for i := range toks {
		addHexWindows(wanted, toks[i].Name)
		addHexWindows(wanted, toks[i].exactName)
	}
	if len(wanted) == 0 {
		return
	}
	found := map[string]struct{}{}
	for _, b := range batches {
		for i := range b {
			if b[i].Secret.FormatKind() != api.FormatV1 {
				continue // a v2 selector is public
			}
			body := strings.ToLower(api.SecretBody(b[i].Secret.Reveal()))
			for j := 0; j+api.MinSecretRun <= len(body); j++ {
				if _, ok := wanted[body[j:j+api.MinSecretRun]]; ok {
					found[body[j:j+api.MinSecretRun]] = struct{}{}
				}
			}
		}
	}
	if len(found) == 0 {
		return
	}
	for i := range toks {
		toks[i].Name = api.RedactRuns(toks[i].Name, found)
		toks[i].exactName = api.RedactRuns(toks[i].exactName, found)
	}
}

// addHexWindows adds every MinSecretRun-character window of s's runs of hex
// digits, lower-cased.
func addHexWindows(to map[string]struct{}, s string) {
	run := 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && isHex(s[i]) {
			run++
			continue
		}
		for j := i - run; j+api.MinSecretRun <= i; j++ {
			to[strings.ToLower(s[j:j+api.MinSecretRun])] = struct{}{}
		}
		run = 0
	}
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }
