package audit

import (
	"encoding/json"
	"io"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/status"
)

// reportJSON is the JSON report. Field names are stable: scripts read them.
type reportJSON struct {
	URL         string            `json:"url"`
	GeneratedAt time.Time         `json:"generated_at"`
	Complete    bool              `json:"complete"` // false: some sources failed; their errors are in sources
	Thresholds  map[string]string `json:"thresholds"`
	Summary     map[string]int    `json:"summary"`
	Sources     []sourceJSON      `json:"sources"`
	Tokens      []tokenJSON       `json:"tokens"`
}

type sourceJSON struct {
	Source  string `json:"source"`
	Tokens  int    `json:"tokens"`
	Error   string `json:"error,omitempty"`
	Skipped string `json:"skipped,omitempty"`
}

type tokenJSON struct {
	Kind        Kind       `json:"kind"`
	ID          int        `json:"id,omitempty"`
	Name        string     `json:"name"`
	Where       string     `json:"where"`
	Owner       string     `json:"owner,omitempty"`
	Type        string     `json:"type,omitempty"`
	Environment string     `json:"environment,omitempty"`
	Projects    []string   `json:"projects,omitempty"`
	CreatedAt   *time.Time `json:"created_at"` // null when the server gave none
	ExpiresAt   *time.Time `json:"expires_at"`
	SeenAt      *time.Time `json:"seen_at"`
	Categories  []string   `json:"categories"`
	Finding     bool       `json:"finding"`
}

// WriteJSON writes the report as JSON.
func WriteJSON(w io.Writer, r *Report, o Output) error {
	if r.NothingRead() {
		return ErrNothingRead
	}
	out := reportJSON{URL: o.URL, GeneratedAt: r.Now.UTC().Truncate(time.Second), Complete: len(r.Failed()) == 0, Thresholds: map[string]string{
		"soon": status.Days(r.Thresholds.Soon), "within": status.Days(r.Thresholds.Within), "stale": status.Days(r.Thresholds.Stale)},
		Summary: map[string]int{"tokens": len(r.Tokens), "findings": r.Findings()}, Sources: []sourceJSON{}, Tokens: []tokenJSON{}}
	counts := r.Counts()
	for _, c := range status.Categories {
		out.Summary[c.Key()] = counts[c]
	}
	for _, s := range r.Sources {
		sj := sourceJSON{Source: s.Name, Tokens: s.Tokens, Skipped: s.Skipped}
		if s.Err != nil {
			sj.Error = api.Clean(s.Err.Error())
		}
		out.Sources = append(out.Sources, sj)
	}
	for _, t := range r.Listed(o.All) {
		out.Tokens = append(out.Tokens, tokenJSON{Kind: t.Kind, ID: t.ID, Name: t.Name, Where: t.Where, Owner: t.Owner,
			Type: string(t.Type), Environment: t.Environment, Projects: cleanList(t.Projects), CreatedAt: known(t.CreatedAt),
			ExpiresAt: utc(t.ExpiresAt), SeenAt: utc(t.SeenAt), Categories: t.Categories.Keys(), Finding: t.Categories.Finding()})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func cleanList(in []string) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = api.Clean(s)
	}
	return out
}
