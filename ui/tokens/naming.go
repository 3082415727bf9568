package tokens

import (
	"context"
	"fmt"
	"strings"

	"github.com/unleash-tokens/unleash-tokens/bulk"
)

// namedFirst is how many tokens a question about many names before "and
// N more".
const namedFirst = 3

// name names an item as the questions and results do: `API token "ci"
// (project checkout, production)`. Targets without Describe resolve
// without I/O (their Resolve only converts), so this is safe in Update.
func (tg Targets[T]) name(it T) string {
	if tg.Describe != nil {
		return tg.Describe(it)
	}
	found := tg.Resolve(context.Background(), nil, []T{it})
	if len(found) == 0 {
		return ""
	}
	return found[0].Token.Describe()
}

// Naming is the line of a question about many that names them: the first
// few, then "and N more".
func Naming[T any](tg Targets[T], items []T) string {
	var names []string
	for _, it := range items[:min(len(items), namedFirst)] {
		names = append(names, tg.name(it))
	}
	s := strings.Join(names, ", ")
	switch rest := len(items) - len(names); {
	case rest > 0:
		s += fmt.Sprintf(" and %d more", rest)
	case len(names) > 1:
		i := strings.LastIndex(s, ", ")
		s = s[:i] + " and " + s[i+2:]
	}
	return "They are " + s + "."
}

// fullySucceeded: every token of the write was done (and none skipped).
func (r *bulkResult) fullySucceeded() bool {
	return len(r.skipped) == 0 && r.report.Stopped == "" && r.report.Count(bulk.Done) == len(r.report.Results)
}
