package core

import (
	"strconv"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/audit"
)

// The last audit's risks, by token, for every tab's detail: the Audit tab
// sets them when a run ends (the summary already counts them).

// RiskKey is a token's key among the audit's risks: a PAT's or
// service-account token's id (one numbering for both), an API token's
// audit id (its selector or v1 fingerprint); "" when it has none.
func RiskKey(kind audit.Kind, id int, ident string) string {
	switch {
	case kind == audit.KindAPIToken && ident != "":
		return apiRiskPrefix + ident
	case kind != audit.KindAPIToken && id != 0:
		return "pat:" + itoa(id)
	}
	return ""
}

// SetRisks keeps the report's risks, by token, in a new map (a snapshot
// taken before stays as it was: see Risks).
func (c *Context) SetRisks(r *audit.Report) {
	c.risksGen++
	c.risks = map[string][]audit.RiskFinding{}
	for i := range r.Tokens {
		t := &r.Tokens[i]
		if k := RiskKey(t.Kind, t.ID, t.Ident); k != "" && len(t.Risks) > 0 {
			c.risks[k] = t.Risks
		}
	}
}

// RisksOf are the last audit's risks of the token with the key.
func (c *Context) RisksOf(key string) []audit.RiskFinding {
	if key == "" {
		return nil
	}
	return c.risks[key]
}

// Risks are the last audit's risks as they are now, for work off the UI
// goroutine (measuring a list's rows): the map is never changed, SetRisks
// makes a new one. Nil when the audit found none.
func (c *Context) Risks() Risks { return Risks(c.risks) }

// RisksGen counts the audits whose risks were kept: the lists draw their
// Status cells again when it moves.
func (c *Context) RisksGen() int { return c.risksGen }

// Risks are an audit's risks, by RiskKey.
type Risks map[string][]audit.RiskFinding

// apiRiskPrefix begins an API token's RiskKey.
const apiRiskPrefix = "api:"

// OfAPIToken are the risks of an API token, its key made in a buffer (no
// string per row: see audit.AppendAPITokenIdent).
func (r Risks) OfAPIToken(t *api.APIToken) []audit.RiskFinding {
	if len(r) == 0 {
		return nil
	}
	var buf [96]byte
	key := audit.AppendAPITokenIdent(append(buf[:0], apiRiskPrefix...), t)
	if len(key) == len(apiRiskPrefix) {
		return nil // no ident: RiskKey is ""
	}
	return r[string(key)]
}

// Of are the risks of the token with the key.
func (r Risks) Of(key string) []audit.RiskFinding {
	if key == "" {
		return nil
	}
	return r[key]
}

func itoa(n int) string { return strconv.Itoa(n) }

// The Status column's words for a token with risks: "at risk" (as the
// summary counts them), or its mark where the column is narrow; the help's
// legend explains both.
const (
	AtRisk   = "at risk"
	RiskMark = "!"
)
