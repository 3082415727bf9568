package audit

import (
	"io"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/status"
)

// reportJSON is the JSON report, but for its last field, "tokens": a list
// of tokenJSON, written one at a time (writeJSONStream). Field names are
// stable: scripts read them.
type reportJSON struct {
	URL         string            `json:"url"`
	Instance    string            `json:"instance"`
	GeneratedAt time.Time         `json:"generated_at"`
	Complete    bool              `json:"complete"` // false: some sources failed; their errors are in sources
	Thresholds  map[string]string `json:"thresholds"`
	instanceParts
}

// reportAllJSON is the JSON report of several instances, but for its
// "tokens", as in reportJSON.
type reportAllJSON struct {
	GeneratedAt time.Time         `json:"generated_at"`
	Complete    bool              `json:"complete"` // false: an instance, or a source of one, could not be read
	Thresholds  map[string]string `json:"thresholds"`
	Summary     map[string]int    `json:"summary"` // over every instance
	Risks       map[string]int    `json:"risks"`
	Instances   []instanceJSON    `json:"instances"`
}

type instanceJSON struct {
	Instance string `json:"instance"`
	URL      string `json:"url"`
	Error    string `json:"error,omitempty"` // why it could not be audited at all
	Complete bool   `json:"complete"`        // every source was read
	instanceParts
}

// instanceParts are what one instance's report says besides its tokens.
type instanceParts struct {
	Summary  map[string]int `json:"summary"`
	Risks    map[string]int `json:"risks"`    // tokens with each risk looked for
	Creators *creatorsJSON  `json:"creators"` // null when the event log was not read
	Notes    []string       `json:"notes"`
	Sources  []sourceJSON   `json:"sources"`
}

type creatorsJSON struct {
	Events    int `json:"events"`
	Total     int `json:"total"`
	Matched   int `json:"matched"`
	Ambiguous int `json:"ambiguous"`
	Unmatched int `json:"unmatched"`
}

type sourceJSON struct {
	Source  string `json:"source"`
	Tokens  int    `json:"tokens"`
	Error   string `json:"error,omitempty"`
	Skipped string `json:"skipped,omitempty"`
	Check   bool   `json:"check,omitempty"` // read for the risk checks, not a list of tokens
}

type tokenJSON struct {
	Instance    string     `json:"instance"`
	Kind        Kind       `json:"kind"`
	ID          string     `json:"id"`
	Name        string     `json:"name"`
	Where       string     `json:"where"`
	Owner       string     `json:"owner,omitempty"`
	Type        string     `json:"type,omitempty"`
	Environment string     `json:"environment,omitempty"`
	Projects    []string   `json:"projects,omitempty"`
	CreatedAt   *time.Time `json:"created_at"` // null when the server gave none
	CreatedBy   string     `json:"created_by,omitempty"`
	ExpiresAt   *time.Time `json:"expires_at"`
	SeenAt      *time.Time `json:"seen_at"`
	Categories  []string   `json:"categories"`
	Risks       []riskJSON `json:"risks"`
	Finding     bool       `json:"finding"`
}

type riskJSON struct {
	Risk   string `json:"risk"`
	Reason string `json:"reason"`
}

// WriteJSON writes the report as JSON.
func WriteJSON(w io.Writer, r *Report, o Output) error {
	if r.NothingRead() {
		return ErrNothingRead
	}
	in := Instance{Name: o.Name, URL: o.URL, Report: r}
	out := reportJSON{URL: o.URL, Instance: in.Label(), GeneratedAt: r.Now.UTC().Truncate(time.Second), Complete: len(r.Failed()) == 0,
		Thresholds: thresholdsJSON(r.Thresholds), instanceParts: partsOf(r)}
	return writeJSONStream(w, out, func(add func(*tokenJSON)) { addRows(add, r, o.All, in.Label()) })
}

// addRows adds the tokens a report lists.
func addRows(add func(*tokenJSON), r *Report, all bool, instance string) {
	listed := r.Listed(all)
	for i := range listed {
		row := tokenRow(&listed[i], instance, r.Now)
		add(&row)
	}
}

// WriteJSONAll writes the reports of several instances as one JSON
// document: totals, each instance's summary and sources (or its error), and
// every listed token with its instance.
func WriteJSONAll(w io.Writer, ins []Instance, o Output) error {
	if NothingReadOf(ins) {
		return ErrNothingRead
	}
	out := reportAllJSON{GeneratedAt: o.now(ins).UTC().Truncate(time.Second), Complete: true, Summary: map[string]int{}, Risks: map[string]int{},
		Instances: []instanceJSON{}}
	for i := range ins {
		in := &ins[i]
		ij := instanceJSON{Instance: in.Label(), URL: in.URL, Complete: in.Complete()}
		out.Complete = out.Complete && ij.Complete
		if in.Report == nil {
			ij.Error = in.Problem()
			ij.instanceParts = instanceParts{Summary: map[string]int{}, Risks: map[string]int{}, Notes: []string{}, Sources: []sourceJSON{}}
			out.Instances = append(out.Instances, ij)
			continue
		}
		r := in.Report
		if out.Thresholds == nil {
			out.Thresholds = thresholdsJSON(r.Thresholds)
		}
		ij.instanceParts = partsOf(r)
		if in.Failed() {
			ij.Error = in.Problem()
		}
		for k, v := range ij.Summary {
			out.Summary[k] += v
		}
		for k, v := range ij.Risks {
			out.Risks[k] += v
		}
		out.Instances = append(out.Instances, ij)
	}
	if out.Thresholds == nil {
		out.Thresholds = thresholdsJSON(status.Default)
	}
	return writeJSONStream(w, out, func(add func(*tokenJSON)) {
		for i := range ins {
			if ins[i].Report != nil {
				addRows(add, ins[i].Report, o.All, ins[i].Label())
			}
		}
	})
}

func thresholdsJSON(th status.Thresholds) map[string]string {
	return map[string]string{"soon": status.Days(th.Soon), "within": status.Days(th.Within), "stale": status.Days(th.Stale)}
}

func partsOf(r *Report) instanceParts {
	p := instanceParts{Summary: map[string]int{"tokens": len(r.Tokens), "findings": r.Findings()}, Risks: map[string]int{},
		Notes: append([]string{}, r.Notes...), Sources: []sourceJSON{}}
	counts := r.Counts()
	for _, c := range status.Categories {
		p.Summary[c.Key()] = counts[c]
	}
	risks := r.RiskCounts()
	for _, k := range Risks {
		if r.Checks.Has(k) {
			p.Risks[k.Key()] = risks[k]
		}
	}
	if c := r.Creators; c.Read {
		p.Creators = &creatorsJSON{Events: c.Events, Total: c.Total, Matched: c.Matched, Ambiguous: c.Ambiguous, Unmatched: c.Unmatched}
	}
	for _, s := range r.Sources {
		sj := sourceJSON{Source: s.Name, Tokens: s.Tokens, Skipped: s.Skipped, Check: s.Check}
		if s.Err != nil {
			sj.Error = cleanErr(s.Err)
		}
		p.Sources = append(p.Sources, sj)
	}
	return p
}

func tokenRow(t *Token, instance string, now time.Time) tokenJSON {
	risks := make([]riskJSON, len(t.Risks))
	for i, f := range t.Risks {
		risks[i] = riskJSON{Risk: f.Risk.Key(), Reason: f.Reason}
	}
	return tokenJSON{Instance: instance, Kind: t.Kind, ID: t.Ident, Name: t.ExactName(), Where: t.Where, Owner: t.Owner(),
		Type: string(t.Type), Environment: t.Environment, Projects: cleanList(t.Projects), CreatedAt: known(t.CreatedAt),
		CreatedBy: t.CreatedBy, ExpiresAt: utc(t.Expiry(now)), SeenAt: utc(t.SeenAt), Categories: t.Categories.Keys(),
		Risks: risks, Finding: t.Finding()}
}

func cleanList(in []string) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = api.Clean(s)
	}
	return out
}
