package audittab

import (
	"context"
	"fmt"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/tokenref"
	"github.com/unleash-tokens/unleash-tokens/ui/form"
	"github.com/unleash-tokens/unleash-tokens/ui/list"
	"github.com/unleash-tokens/unleash-tokens/ui/tokens"
)

// Fixing findings where the audit lists them: R rotates the selected one,
// and d and e act on the marked, or on the selected one when none is. An audit row holds no secret or selector,
// so each is first found again in its list (tokenref.FromAudit); the audit
// runs again after the writes, and the counts follow.

// targets are audit rows as tokens to write to.
func targets() tokens.Targets[*audit.Token] {
	return tokens.Targets[*audit.Token]{
		Kind: kindOf,
		Resolve: func(ctx context.Context, c *api.Client, rows []*audit.Token) []tokenref.Found {
			copies := make([]audit.Token, len(rows)) // the marked rows: few beside the list
			for i, r := range rows {
				copies[i] = *r
			}
			return tokenref.FromAudit(ctx, c, copies)
		},
		Describe: func(a *audit.Token) string { return fmt.Sprintf("%s %q (%s)", kindName(a.Kind), a.Name, a.Where) },
		Mine: func(a *audit.Token) (api.PAT, bool) {
			return api.PAT{ID: a.ID, Description: a.ExactName(), ExpiresAt: a.ExpiresAt}, a.Kind == audit.KindPAT
		},
	}
}

func kindOf(a *audit.Token) tokenref.Kind {
	switch a.Kind {
	case audit.KindPAT:
		return tokenref.PAT
	case audit.KindServiceAccountToken:
		return tokenref.ServiceAccountToken
	}
	return tokenref.APIToken
}

func (t *Tab) rotate(a *audit.Token) form.Form[*audit.Token] {
	return tokens.NewRotateForm(t.ctx, targets(), a, nil)
}

func (t *Tab) bulkDelete(marked []*audit.Token) list.Bulk[*audit.Token] {
	return tokens.BulkDelete(t.ctx, targets(), marked)
}

func (t *Tab) bulkEdit(marked []*audit.Token) (form.Form[*audit.Token], string) {
	if t.list.MarkedCount() == 0 && len(marked) == 1 && kindOf(marked[0]) != tokenref.APIToken { // the selected row
		what := "a PAT"
		if marked[0].Kind == audit.KindServiceAccountToken {
			what = "a service-account token"
		}
		return nil, tokens.NoExpiryChange(what)
	}
	return tokens.BulkExpiry(t.ctx, targets(), marked)
}
