package core

import (
	"strings"
	"testing"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/audit"
)

// TestOfAPIToken: an API token's risks are found by the key RiskKey makes,
// whatever its secret, without making a string (unless the secret is
// longer than Unleash makes them).
func TestOfAPIToken(t *testing.T) {
	toks := []api.APIToken{
		{Name: "v1", Secret: api.Secret("default:development." + strings.Repeat("ab12", 14))},
		{Name: "v1 long", Secret: api.Secret(strings.Repeat("project-", 20) + ":production." + strings.Repeat("cd34", 14))},
		{Name: "selector", Secure: true, Secret: api.Secret("AbCdEfGhIjKlMnOpQrStUv")},
		{Name: "v2", Secret: api.Secret("default:development.v2_AbCdEfGhIjKlMnOpQrStUv_q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9zxcvb")},
		{Name: "none"},
	}
	r := Risks{}
	for i, tok := range toks {
		if k := RiskKey(audit.KindAPIToken, 0, audit.APITokenIdent(tok)); k != "" {
			r[k] = []audit.RiskFinding{{Risk: audit.Risk(i)}}
		}
	}
	for i, tok := range toks {
		got := r.OfAPIToken(&tok)
		want := r.Of(RiskKey(audit.KindAPIToken, 0, audit.APITokenIdent(tok)))
		if len(got) != len(want) || len(got) > 0 && got[0] != want[0] || tok.Name != "none" && len(got) != 1 {
			t.Errorf("%d %s: %v, want %v", i, tok.Name, got, want)
		}
		if n := testing.AllocsPerRun(20, func() { r.OfAPIToken(&tok) }); n != 0 && len(tok.Secret.Reveal()) <= 128 {
			t.Errorf("%s: %v allocations", tok.Name, n)
		}
	}
}
