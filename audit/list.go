package audit

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/status"
)

// The commands that list tokens (pat list, sa-token list, api-token list)
// write them as the audit's rows: the same kinds, ids, names and fields in
// JSON and CSV, and the same words in a table.

// Short is the kind as the commands name it: pat, sa-token, api-token.
func (k Kind) Short() string {
	switch k {
	case KindServiceAccountToken:
		return "sa-token"
	case KindAPIToken:
		return "api-token"
	}
	return k.String()
}

// PATRows are a user's PATs as the audit's rows, classified.
func PATRows(pats []api.PAT, th status.Thresholds, now time.Time) []Token {
	toks := make([]Token, len(pats))
	for i, p := range pats {
		toks[i] = patToken(p, KindPAT, "my PATs", "", 0)
	}
	classify(toks, th, now)
	redactSecretsInNames(toks)
	return toks
}

// ServiceAccountRows are one service account's tokens as the audit's rows,
// classified.
func ServiceAccountRows(account api.ServiceAccount, tokens []api.PAT, th status.Thresholds, now time.Time) []Token {
	name := api.Clean(account.Name)
	toks := accountTokens(tokens, "service account "+name, name, account.ID)
	classify(toks, th, now)
	redactSecretsInNames(toks)
	return toks
}

// APITokenRows are API tokens as the audit's rows, classified, without
// duplicates, with any v1 secret the list gave removed from the names.
func APITokenRows(list []api.APIToken, th status.Thresholds, now time.Time) []Token {
	toks := make([]Token, 0, len(list))
	seen := make(map[tokenKey]struct{}, len(list))
	for i := range list {
		t := &list[i]
		key := apiTokenKey(t)
		if _, dup := seen[key]; dup {
			continue
		}
		seen[key] = struct{}{}
		toks = append(toks, apiToken(t, projectsWhere(t.Projects)))
	}
	classify(toks, th, now)
	redactSecretsInNames(toks)
	return toks
}

func classify(toks []Token, th status.Thresholds, now time.Time) {
	for i := range toks {
		toks[i].Categories = th.Classify(toks[i].Facts(), now)
	}
}

// WriteListJSON writes tokens as a JSON array of the audit's token objects.
func WriteListJSON(w io.Writer, toks []Token, instance string, now time.Time) error {
	rows := make([]tokenJSON, len(toks))
	for i := range toks {
		rows[i] = tokenRow(&toks[i], instance, now)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rows)
}

// WriteListCSV writes tokens as the audit's CSV, its header first.
func WriteListCSV(w io.Writer, toks []Token, now time.Time) error {
	cw := csv.NewWriter(w)
	_ = cw.Write(csvHeader)
	for i := range toks {
		_ = cw.Write(csvRow(&toks[i], now))
	}
	cw.Flush()
	return cw.Error()
}

// CSVHeader is the audit's CSV header: the field names of every list.
func CSVHeader() []string { return append([]string(nil), csvHeader...) }

// WhereWithEnvironment is where the token reaches and, for an API token,
// its environment: "project payments · production".
func (t *Token) WhereWithEnvironment() string {
	switch t.Environment {
	case "":
		return t.Where
	case "*":
		return t.Where + " · all environments"
	}
	return t.Where + " · " + t.Environment
}
