package tokens

import (
	"net/url"
	"strconv"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/audit"
)

// The ids y copies and the pages of the Unleash web UI o names. An id is
// never a secret: a PAT's number, an API token's v2 selector or the
// fingerprint of a v1 secret.

// PATID is a PAT's or service-account token's id.
func PATID(p api.PAT) string { return strconv.Itoa(p.ID) }

// APITokenID is an API token's id, "" when the list carried none.
func APITokenID(t api.APIToken) string { return audit.APITokenIdent(t) }

// AuditID is an audit row's id.
func AuditID(a *audit.Token) string { return api.Clean(a.Ident) }

// PATPage is where Unleash lists your PATs.
func PATPage(api.PAT) string { return "/profile/personal-api-tokens" }

// AccountPage is where Unleash lists service accounts and their tokens.
func AccountPage(api.PAT) string { return "/admin/service-accounts" }

// ProjectPage is a project's API access page.
func ProjectPage(project string) string {
	return "/projects/" + url.PathEscape(project) + "/settings/api-access"
}

// APITokenPage is a project's API access page for a token of one project,
// else the admin API tokens page.
func APITokenPage(t api.APIToken) string {
	if len(t.Projects) == 1 && t.Projects[0] != "*" {
		return ProjectPage(t.Projects[0])
	}
	return "/admin/api-tokens"
}

// AuditPage is the page of an audit row's token.
func AuditPage(a *audit.Token) string {
	switch a.Kind {
	case audit.KindPAT:
		return PATPage(api.PAT{})
	case audit.KindServiceAccountToken:
		return AccountPage(api.PAT{})
	}
	return APITokenPage(a.APIToken())
}
