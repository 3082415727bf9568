package audit

import "github.com/unleash-tokens/unleash-tokens/api"

// APITokenIdent is an API token's id as the audit reports it (its v2
// selector, or sha256: and 12 hex digits of a v1 secret; "" when the list
// carried no secret): never the secret itself.
func APITokenIdent(t api.APIToken) string {
	id, _ := apiTokenIdent(&t)
	return id
}
