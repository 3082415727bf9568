package tokens

import (
	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/ui/core"
	"github.com/unleash-tokens/unleash-tokens/ui/list"
)

// riskFields are the last audit's risks of a token, for its detail in
// every tab, as the Audit tab's detail words them.
func riskFields(c *core.Context, key string) []list.Field {
	var f []list.Field
	for _, r := range c.RisksOf(key) {
		f = append(f, list.Field{Label: "at risk: " + r.Risk.Label() + ":", Value: r.Reason, Style: &c.Styles.Risk})
	}
	return f
}

// PATRisks are a PAT's or service-account token's risks.
func PATRisks(p api.PAT, c *core.Context) []list.Field {
	return riskFields(c, core.RiskKey(audit.KindPAT, p.ID, ""))
}

// APITokenRisks are an API token's risks.
func APITokenRisks(t api.APIToken, c *core.Context) []list.Field {
	return riskFields(c, core.RiskKey(audit.KindAPIToken, 0, audit.APITokenIdent(t)))
}

// patRisks are a PAT's risks among an audit's.
func patRisks(r core.Risks, p api.PAT) []audit.RiskFinding {
	return r.Of(core.RiskKey(audit.KindPAT, p.ID, ""))
}

// apiTokenRisks are an API token's risks among an audit's; without any
// risks, its id (a hash of a v1 secret) is not worked out.
func apiTokenRisks(r core.Risks, t api.APIToken) []audit.RiskFinding {
	return r.OfAPIToken(&t)
}
