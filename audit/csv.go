package audit

import (
	"encoding/csv"
	"io"
	"strings"
	"time"
)

var csvHeader = []string{"kind", "id", "name", "where", "owner", "type", "environment", "projects", "created_at", "expires_at", "seen_at", "categories", "risks"}

// WriteCSV writes the listed tokens as CSV, a header first.
func WriteCSV(w io.Writer, r *Report, o Output) error {
	if r.NothingRead() {
		return ErrNothingRead
	}
	cw := csv.NewWriter(w)
	_ = cw.Write(csvHeader)
	for _, t := range r.Listed(o.All) {
		_ = cw.Write(csvRow(&t, r.Now))
	}
	cw.Flush()
	return cw.Error()
}

// WriteCSVAll writes the listed tokens of several instances as CSV, with
// the instance in the first column. An instance that could not be audited
// has no rows: it is named on stderr.
func WriteCSVAll(w io.Writer, ins []Instance, o Output) error {
	if NothingReadOf(ins) {
		return ErrNothingRead
	}
	cw := csv.NewWriter(w)
	_ = cw.Write(append([]string{"instance"}, csvHeader...))
	for i := range ins {
		if ins[i].Report == nil {
			continue
		}
		label := csvSafe(ins[i].Label())
		for _, t := range ins[i].Report.Listed(o.All) {
			_ = cw.Write(append([]string{label}, csvRow(&t, ins[i].Report.Now)...))
		}
	}
	cw.Flush()
	return cw.Error()
}

func csvRow(t *Token, now time.Time) []string {
	return []string{t.Kind.String(), csvSafe(t.Ident), csvSafe(t.Name), csvSafe(t.Where), csvSafe(t.Owner()), string(t.Type), csvSafe(t.Environment),
		csvSafe(strings.Join(cleanList(t.Projects), ";")), stamp(known(t.CreatedAt)), stamp(t.Expiry(now)), stamp(t.SeenAt),
		strings.Join(t.Categories.Keys(), ";"), strings.Join(t.RiskKeys(), ";")}
}

// csvSafe keeps a spreadsheet from reading a token name as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
