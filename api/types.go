package api

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/unleash-tokens/unleash-tokens/status"
)

// PAT is a personal access token, of the signed-in user or of a service account.
type PAT struct {
	ID            int        `json:"id"`
	Description   string     `json:"description"`
	CreatedAt     time.Time  `json:"createdAt"`
	ExpiresAt     *time.Time `json:"expiresAt"` // required by the schema; nil only if a server leaves it out
	SeenAt        *time.Time `json:"seenAt"`    // nil: never used
	UserID        int        `json:"userId,omitempty"`
	ExpiryWarning string     `json:"expiryWarning,omitempty"` // "expires-soon" or "expired", only with the server flag on
	// Credential is the secret, only in a create answer: bytes the caller
	// wipes when it has shown or used it.
	Credential *Credential `json:"secret,omitempty"`
}

// Facts are what status.Classify reads of the PAT.
func (p PAT) Facts() status.Facts {
	return status.Facts{CreatedAt: p.CreatedAt, ExpiresAt: p.ExpiresAt, SeenAt: p.SeenAt, ServerWarns: p.ExpiryWarning != ""}
}

// TokenType is an API token's type. The server answers "client" for tokens
// created as "backend", so both decode to TypeBackend.
type TokenType string

const (
	TypeBackend  TokenType = "backend"
	TypeFrontend TokenType = "frontend"
	TypeAdmin    TokenType = "admin"
)

// ParseTokenType accepts any case and "client" as a synonym of "backend".
func ParseTokenType(s string) (TokenType, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "client", "backend":
		return TypeBackend, nil
	case "frontend":
		return TypeFrontend, nil
	case "admin":
		return TypeAdmin, nil
	}
	return "", fmt.Errorf("unknown token type %q (want backend or frontend)", s)
}

// UnmarshalJSON normalises the type; an unknown type is kept as sent, lower-cased.
func (t *TokenType) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if parsed, err := ParseTokenType(s); err == nil {
		*t = parsed
	} else {
		*t = TokenType(strings.ToLower(s))
	}
	return nil
}

// APIToken is an Unleash API token (backend, frontend or admin).
type APIToken struct {
	Name        string     `json:"tokenName"`
	Type        TokenType  `json:"type"`
	Environment string     `json:"environment,omitempty"`
	Project     string     `json:"project,omitempty"`
	Projects    []string   `json:"projects"`
	CreatedAt   time.Time  `json:"createdAt"`
	ExpiresAt   *time.Time `json:"expiresAt,omitempty"` // nil: never expires
	SeenAt      *time.Time `json:"seenAt,omitempty"`    // nil: never used
	Secure      bool       `json:"secure,omitempty"`    // v2 storage: Secret is only the selector
	// Superseded: a later token of the same name and scope in the same list
	// outlives it (status.Successor): a rotation's old token. Set by the
	// client's lists, never sent.
	Superseded bool `json:"-"`
	// Secret is the full credential on v1 servers (in lists too) and the
	// 22-character selector in v2 list rows. Either one names the token for
	// update and delete; see Ref. A token a create returns has its selector
	// here (v2), or nothing (v1), and its secret in Credential.
	Secret Secret `json:"secret,omitempty"`
	// Credential is the secret of a token just created, in bytes the caller
	// wipes; nil in lists.
	Credential *Credential `json:"-"`
}

// UnmarshalJSON reads every dialect's rows (see apiTokenRow).
func (t *APIToken) UnmarshalJSON(b []byte) error {
	var row apiTokenRow
	if err := json.Unmarshal(b, &row); err != nil {
		return err
	}
	*t = row.token()
	return nil
}

// apiTokenRow is an API token as any dialect sends it: Unleash 5.0 names a
// token in `username` (5.1 adds `tokenName`, 7.0 drops `username`), and a row
// with only the singular `project` gets it as its Projects.
type apiTokenRow struct {
	plainAPIToken
	Username string `json:"username"`
}

type plainAPIToken APIToken // its fields, without APIToken's UnmarshalJSON

func (row apiTokenRow) token() APIToken {
	if row.Name == "" {
		row.Name = row.Username
	}
	if len(row.Projects) == 0 && row.Project != "" {
		row.Projects = []string{row.Project}
	}
	return APIToken(row.plainAPIToken)
}

// createdAPIToken is a create answer: its secret goes to bytes of their own,
// never to a string (this Secret hides the row's).
type createdAPIToken struct {
	apiTokenRow
	Secret *Credential `json:"secret"`
}

// token is the created token, its selector (v2) as its Ref, its secret in Credential.
func (a createdAPIToken) token() APIToken {
	t := a.apiTokenRow.token()
	t.Secret, t.Credential = a.Secret.Selector(), a.Secret
	return t
}

// Facts are what status.Classify reads of the token.
func (t APIToken) Facts() status.Facts {
	return status.Facts{CreatedAt: t.CreatedAt, ExpiresAt: t.ExpiresAt, SeenAt: t.SeenAt, Superseded: t.Superseded}
}

// Ref is what names the token in update and delete paths: Secret, or for a
// v1 token just created, its whole secret (as a string, which cannot be wiped).
func (t APIToken) Ref() Secret {
	if t.Secret.IsZero() {
		return t.Credential.Token()
	}
	return t.Secret
}

// CanCopy reports whether Secret is a usable credential (v1 lists) rather
// than a v2 selector.
func (t APIToken) CanCopy() bool { return !t.Secure && t.Secret.FormatKind() != FormatV2Selector }

// AllProjects reports whether the token reaches every project (`["*"]`).
func (t APIToken) AllProjects() bool {
	for _, p := range t.Projects {
		if p == "*" {
			return true
		}
	}
	return false
}

// ServiceAccount is an Enterprise service account.
type ServiceAccount struct {
	ID        int       `json:"id"`
	Name      string    `json:"name"`
	Username  string    `json:"username"`
	ImageURL  string    `json:"imageUrl,omitempty"`
	RootRole  int       `json:"rootRole"`
	CreatedAt time.Time `json:"createdAt"`
	Tokens    []PAT     `json:"tokens"`
}

// LastSeen is the latest seenAt of the account's tokens, as the web UI shows
// it (the account's own seenAt is always null).
func (a ServiceAccount) LastSeen() *time.Time {
	var latest *time.Time
	for i := range a.Tokens {
		if s := a.Tokens[i].SeenAt; s != nil && (latest == nil || s.After(*latest)) {
			latest = s
		}
	}
	return latest
}

// Role is a root role: 1 Admin, 2 Editor, 3 Viewer on a fresh server.
type Role struct {
	ID          int    `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	Type        string `json:"type,omitempty"`
}

// ServiceAccounts is the service-account list with the root roles it refers to.
type ServiceAccounts struct {
	Accounts  []ServiceAccount `json:"serviceAccounts"`
	RootRoles []Role           `json:"rootRoles"`
}

// RoleName returns the name of a root role id, or "role <id>".
func (s ServiceAccounts) RoleName(id int) string {
	for _, r := range s.RootRoles {
		if r.ID == id {
			return r.Name
		}
	}
	return fmt.Sprintf("role %d", id)
}

// Project is one project as listed by GET /api/admin/projects.
type Project struct {
	ID          string     `json:"id"`
	Name        string     `json:"name"`
	Description string     `json:"description,omitempty"`
	CreatedAt   *time.Time `json:"createdAt,omitempty"`
	ArchivedAt  *time.Time `json:"archivedAt,omitempty"`
}

// Environment is one environment as listed by GET /api/admin/environments.
type Environment struct {
	Name      string `json:"name"`
	Type      string `json:"type"`
	Enabled   bool   `json:"enabled"`
	Protected bool   `json:"protected"`
	SortOrder int    `json:"sortOrder"`
}

// User is who the token belongs to, from GET /api/admin/user.
type User struct {
	ID          int      `json:"id"`
	Name        string   `json:"name,omitempty"`
	Username    string   `json:"username,omitempty"`
	Email       string   `json:"email,omitempty"`
	RootRole    int      `json:"rootRole,omitempty"`
	Permissions []string `json:"permissions,omitempty"`
}

// DisplayName is the best human name the server gave for the user.
func (u User) DisplayName() string {
	for _, s := range []string{u.Name, u.Username, u.Email} {
		if s != "" {
			return s
		}
	}
	return fmt.Sprintf("user %d", u.ID)
}

// Edition says which Unleash this is, from GET /api/admin/ui-config.
type Edition struct {
	Version     string // e.g. "8.2.0", as the server wrote it
	Parsed      Version
	Known       bool // Version parsed
	Enterprise  bool
	Environment string // "Open Source", "Enterprise", "Pro" …
	// SecureTokens is the server's secureTokenStorage flag (Unleash 8.1+,
	// off unless UNLEASH_EXPERIMENTAL_SECURE_TOKEN=true): new API tokens are
	// v2, stored hashed, and lists show only their selector.
	SecureTokens bool
}

// Supported reports whether the client speaks this server's token API. An
// unparsable version counts as supported: every create is checked anyway.
func (e Edition) Supported() bool { return !e.Known || e.Parsed.AtLeast(5, 0, 0) }

// Unsupported says, for a server older than 5.0, what works and what does not;
// "" for a supported one.
func (e Edition) Unsupported() string {
	if e.Supported() {
		return ""
	}
	return fmt.Sprintf("Unleash %s is not supported (%s or later is): its token lists may still load, "+
		"but creating tokens is refused, since this client cannot check it would make the token asked for", e.Parsed, OldestSupported)
}

// MaxNameLength is the longest PAT description or token name the app sends.
// Unleash sets no limit (it took 10,000 characters), but every list that
// shows names, its web UI's included, is made for short ones.
const MaxNameLength = 200

// CreatePAT is the body of a PAT create request.
type CreatePAT struct {
	Description string
	ExpiresAt   time.Time
}

// CreateAPIToken is the body of an API-token create request. An empty
// Projects means all projects; ExpiresAt nil means no expiry.
type CreateAPIToken struct {
	Name        string
	Type        TokenType
	Environment string
	Projects    []string
	ExpiresAt   *time.Time
}

// CreateProjectToken is the body of a project-token create request.
type CreateProjectToken struct {
	Name        string
	Type        TokenType
	Environment string
	ExpiresAt   *time.Time
}

// FormatTime writes a time the way Unleash stores it: UTC, milliseconds.
func FormatTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }
