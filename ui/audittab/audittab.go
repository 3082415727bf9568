// Package audittab is the "Audit" tab: it reads every token the user can
// see (at start, in the background, and again after every write) and lists
// those of one category, wherever they live; enter shows a token in its
// home tab. Its counts are the summary line every tab shows.
package audittab

import (
	"context"
	"fmt"
	"strconv"
	"sync/atomic"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/status"
	"github.com/unleash-tokens/unleash-tokens/ui/action"
	"github.com/unleash-tokens/unleash-tokens/ui/core"
	"github.com/unleash-tokens/unleash-tokens/ui/list"
	"github.com/unleash-tokens/unleash-tokens/ui/table"
	"github.com/unleash-tokens/unleash-tokens/ui/tokens"
)

// Tab is Audit.
type Tab struct {
	ctx          *core.Context
	report       *audit.Report
	counts       [status.NumCategories]int // of report, counted once: the summary draws on every frame
	risks        [audit.NumRisks]int
	atRisk       int // tokens with any risk
	failed       []audit.Source
	reqID        int
	running      bool
	progress     *progress // of the run under way
	choices      []choice
	chosen       int // into choices
	list         *list.List[*audit.Token]
	width        int
	height       int
	summary      drawnSummary
	summaryForms *summaryForms // of report, drawn once: the summary at any width
	timeline     timeline      // of report, counted once (timeline.go)
	drawnTimeline
}

// drawnSummary is the summary line as last drawn: it changes with the
// report and the width, not with every frame.
type drawnSummary struct {
	report *audit.Report
	width  int
	here   bool // drawn on the Audit tab
	text   string
}

// done carries a finished audit.
type done struct {
	id     int
	report *audit.Report
}

var columns = []table.Column{
	{Title: "Name", Min: 10, Max: 48, Flex: true},
	{Title: "Kind", Min: 5, Max: 9, Drop: 3},
	{Title: "Where", Min: 10, Max: 60, Drop: 2},
	{Title: "Last seen", Min: 9, Max: 12, Drop: 1, Sorts: table.BySeen},
	{Title: "Expires", Min: 9, Max: 16, Sorts: table.ByExpiry},
	{Title: "Status", Min: 10, Max: 40, Drop: 4},
	{Title: "Risks", Min: 8, Max: 40, Drop: 5},
}

// New makes the tab; Start runs the first audit.
func New(ctx *core.Context) *Tab {
	t := &Tab{ctx: ctx, choices: choices(ctx.Checks)}
	t.list = list.New(ctx, t.spec())
	return t
}

// spec lists the chosen category of the current report: the list's fetch
// reads the report, which nothing changes once made.
func (t *Tab) spec() list.Spec[*audit.Token] {
	th := t.ctx.Thresholds
	report, chosen := t.report, t.choices[t.chosen]
	return list.Spec[*audit.Token]{
		What:    "the audit",
		Title:   chosen.title(th),
		Columns: columns,
		Fetch: func(context.Context) ([]*audit.Token, error) {
			if report == nil {
				return nil, nil
			}
			return chosen.tokens(report), nil
		},
		Key:     tokenKey,
		Cells:   cells,
		Measure: measure,
		Detail:  detail,
		ID:      tokens.AuditID,
		Page:    tokens.AuditPage,
		Search: func(a *audit.Token, found func(string) bool) bool {
			return found(a.Name) || found(kindWord(a.Kind)) || found(a.Where) || found(a.Environment)
		},
		Facts: func(a *audit.Token) (status.Facts, bool) { return a.Facts(), true },
		Empty: t.emptyWords(chosen),
		// fix.go
		Rotate: t.rotate, BulkDelete: t.bulkDelete, BulkEdit: t.bulkEdit,
	}
}

// progress counts a run's requests; the run writes it from its goroutines
// and the view reads it on each spinner frame.
type progress struct{ done, total atomic.Int64 }

// words is "12 of 210 requests", or "" before the first answer. done is
// read before total: both only grow, so the words never say 11 of 10.
func (p *progress) words() string {
	if p == nil {
		return ""
	}
	d := p.done.Load()
	n := p.total.Load()
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("%d of %d requests", d, n)
}

// Start runs the audit in the background; an older run still under way is
// dropped when it ends.
func (t *Tab) Start() tea.Cmd {
	t.reqID = t.ctx.NextID()
	t.running = true
	defer t.layout() // the refreshing line
	t.progress = &progress{}
	id, client, now, th, p := t.reqID, t.ctx.Client, t.ctx.Now(), t.ctx.Thresholds, t.progress
	opts := audit.Options{Now: now, Thresholds: th, Checks: t.ctx.Checks, Progress: func(done, total int) {
		p.done.Store(int64(done))
		p.total.Store(int64(total))
	}}
	return func() tea.Msg {
		return done{id: id, report: audit.Run(context.Background(), client, opts)}
	}
}

func (t *Tab) ID() core.TabID { return core.TabAudit }

// Failed reports whether the last audit could not read a list (and is not
// running again already).
func (t *Tab) Failed() bool { return !t.running && t.report != nil && len(t.failed) > 0 }

func (t *Tab) Activate() tea.Cmd {
	if t.report == nil && !t.running {
		return t.Start()
	}
	return nil
}

func (t *Tab) Reload() tea.Cmd { return t.Start() }

func (t *Tab) Busy() bool      { return t.running || t.list.Busy() }
func (t *Tab) Capturing() bool { return t.list.Capturing() }

func (t *Tab) SetSize(w, h int) {
	t.width, t.height = w, h
	t.layout()
}

// Actions is the tab's table: enter and the categories, then the list's.
func (t *Tab) Actions() action.Table {
	km := t.ctx.Keys
	ready := func() bool { return t.report != nil }
	wait := action.Say("Wait for the audit to finish: it is still reading the tokens.")
	n := len(t.choices)
	own := action.Table{Actions: []action.Action{
		{Key: km.Reveal, When: func() bool { _, ok := t.list.Selected(); return ok && ready() },
			Do: func(tea.KeyMsg) tea.Cmd {
				tok, _ := t.list.Selected()
				return core.Send(core.Reveal{Token: *tok})
			}},
		{Key: km.PrevCategory, When: ready, Why: wait, Do: func(tea.KeyMsg) tea.Cmd { return t.choose((t.chosen + n - 1) % n) }},
		{Key: km.NextCategory, When: ready, Why: wait, Hidden: true, Do: func(tea.KeyMsg) tea.Cmd { return t.choose((t.chosen + 1) % n) }},
	}}
	return own.Then(t.list.Actions())
}

func (t *Tab) Keys() []key.Binding {
	if t.list.Capturing() {
		return t.list.Keys()
	}
	return t.Actions().Keys()
}

// HelpKeys is what the help screen lists now.
func (t *Tab) HelpKeys() []key.Binding {
	if t.list.Capturing() {
		return t.list.HelpKeys()
	}
	return t.Actions().HelpKeys()
}

func (t *Tab) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case done:
		if msg.id != t.reqID {
			return nil
		}
		t.running = false
		t.report = msg.report
		t.counts = msg.report.Counts()
		t.risks = msg.report.RiskCounts()
		t.timeline = newTimeline(msg.report)
		t.atRisk = 0
		for i := range msg.report.Tokens {
			if len(msg.report.Tokens[i].Risks) > 0 {
				t.atRisk++
			}
		}
		t.failed = msg.report.Failed()
		t.ctx.SetRisks(msg.report) // every tab's detail names a token's risks
		t.layout()
		return t.list.Refetch(t.spec()) // the same category, fresher: keep the filter and the cursor
	case tea.KeyMsg:
		if !t.list.Capturing() {
			cmd, _ := t.Actions().Dispatch(msg)
			return cmd
		}
	}
	return t.list.Update(msg)
}

func (t *Tab) choose(c int) tea.Cmd {
	t.chosen = c
	t.layout()
	return t.list.Reset(t.spec())
}

// Reveal: the audit tab is where tokens come from, not where they live.
func (t *Tab) Reveal(audit.Token) tea.Cmd { return nil }

func tokenKey(a *audit.Token) string {
	return a.Kind.String() + "\x00" + a.Where + "\x00" + a.Name + "\x00" + a.Environment + "\x00" + strconv.Itoa(a.ID) + "\x00" + a.CreatedAt.String()
}

func cells(a *audit.Token, c *core.Context) []table.Cell {
	where := a.Where
	if a.Environment != "" {
		where += " · " + tokens.EnvironmentText(a.Environment)
	}
	row := append([]table.Cell{{Text: a.Name}, {Text: kindWord(a.Kind)}, {Text: where}}, tokens.StatusCells(a.Facts(), c)...)
	risks := table.Cell{Text: a.RiskLabels()}
	if risks.Text != "" {
		risks.Style = &c.Styles.Risk
	}
	return append(row, risks)
}

// measure gives the widths of the cells without making them (at 100,000
// rows, the cells of every row were 50 MB of garbage at each load): the
// same widths, the Audit tab's columns being as wide as their widest cell.
func measure(c *core.Context) func(*audit.Token, []int) {
	now, th := c.Now(), c.Thresholds
	var words [1 << status.NumCategories]int // a set's Status width + 1; 0: not yet
	return func(a *audit.Token, w []int) {
		w[0] = max(w[0], table.Width(a.Name))
		w[1] = max(w[1], len(kindWord(a.Kind)))
		where := a.Where
		if a.Environment != "" {
			where += " · " + tokens.EnvironmentText(a.Environment)
		}
		w[2] = max(w[2], table.Width(where))
		f := a.Facts()
		w[3] = max(w[3], table.Width(status.SeenWords(f.SeenAt, now)))
		w[4] = max(w[4], table.Width(status.ExpiryWords(f.ExpiresAt, now)))
		set := th.Classify(f, now)
		if words[set] == 0 {
			words[set] = table.Width(tokens.StatusCell(set, th, nil, c.Styles).Text) + 1
		}
		w[5] = max(w[5], words[set]-1)
		if len(a.Risks) > 0 {
			w[6] = max(w[6], table.Width(a.RiskLabels()))
		}
	}
}

// kindName is the kind in a sentence.
func kindName(k audit.Kind) string {
	if k == audit.KindServiceAccountToken {
		return "service-account token"
	}
	return kindWord(k)
}

func kindWord(k audit.Kind) string {
	switch k {
	case audit.KindPAT:
		return "PAT"
	case audit.KindServiceAccountToken:
		return "SA token" // the Kind column's narrow cell; sentences say "service-account token"
	}
	return "API token"
}

func detail(a *audit.Token, c *core.Context) []list.Field {
	var f []list.Field
	switch a.Kind {
	case audit.KindPAT:
		f = []list.Field{{Label: "your PAT", Value: fmt.Sprintf("%q", a.Name)}, {Label: "id", Value: strconv.Itoa(a.ID)}}
	case audit.KindServiceAccountToken:
		f = []list.Field{{Label: "service-account token", Value: fmt.Sprintf("%q", a.Name)}, {Label: "of", Value: a.Where}, {Label: "id", Value: strconv.Itoa(a.ID)}}
	default:
		f = []list.Field{{Label: "API token", Value: fmt.Sprintf("%q", a.Name)}, {Label: "type", Value: string(a.Type)},
			{Label: "environment", Value: tokens.EnvironmentText(a.Environment)}, {Label: "projects", Value: tokens.ProjectsText(a.Projects)}}
	}
	f = append(f, tokens.TimeFields(a.Facts(), c)...)
	for _, r := range a.Risks {
		f = append(f, list.Field{Label: "at risk: " + r.Risk.Label() + ":", Value: r.Reason, Style: &c.Styles.Risk})
	}
	if a.CreatedBy != "" {
		f = append(f, list.Field{Label: "made by", Value: api.Clean(a.CreatedBy)})
	}
	if a.Ident != "" && a.Kind == audit.KindAPIToken {
		f = append(f, list.Field{Label: "id", Value: api.Clean(a.Ident)})
	}
	return append(f, list.Field{Value: "enter shows it where it lives"})
}

// emptyWords is what the list says when the chosen category or risk has
// no token: on a server that stores every API token in clear, why none is
// a stored-in-clear risk.
func (t *Tab) emptyWords(c choice) string {
	if c.isRisk && c.risk == audit.StoredInClear && t.report != nil && t.report.AllInClear != "" {
		return "None as a risk of its own: " + t.report.AllInClear + ". ←/→ shows another category."
	}
	if len(t.failed) > 0 {
		// Empty and unknown are different words: a list that could not be
		// read may hold some.
		return "None found in the lists that could be read, but " + t.failureWords() +
			" could not be: there may be " + c.label(t.ctx.Thresholds, false) + " tokens there. r audits again; ←/→ shows another category."
	}
	return "No " + c.label(t.ctx.Thresholds, false) + " tokens. ←/→ shows another category."
}

// Counts are the last report's tokens per category.
func (t *Tab) Counts() [status.NumCategories]int { return t.counts }
