package audit

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// WriteCSV writes the listed tokens as CSV, a header first.
func WriteCSV(w io.Writer, r *Report, o Output) error {
	if r.NothingRead() {
		return ErrNothingRead
	}
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"kind", "id", "name", "where", "owner", "type", "environment", "projects", "created_at", "expires_at", "seen_at", "categories"})
	for _, t := range r.Listed(o.All) {
		id := ""
		if t.ID != 0 {
			id = strconv.Itoa(t.ID)
		}
		_ = cw.Write([]string{string(t.Kind), id, csvSafe(t.Name), csvSafe(t.Where), csvSafe(t.Owner), string(t.Type), csvSafe(t.Environment),
			csvSafe(strings.Join(cleanList(t.Projects), ";")), stamp(known(t.CreatedAt)), stamp(t.ExpiresAt), stamp(t.SeenAt),
			strings.Join(t.Categories.Keys(), ";")})
	}
	cw.Flush()
	return cw.Error()
}

// csvSafe keeps a spreadsheet from reading a token name as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
