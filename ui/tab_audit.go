package ui

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/status"
)

// auditDoneMsg carries a finished audit.
type auditDoneMsg struct {
	id     int
	report *audit.Report
}

// auditTab reads every token the user can see (at start, in the
// background) and lists those of one category: expired, expiring, stale…
// Its counts are also the summary line every tab shows.
type auditTab struct {
	ctx     *Context
	report  *audit.Report
	counts  [status.NumCategories]int // of report, counted once: the summary draws on every frame
	reqID   int
	loading bool
	started *auditProgress // of the run under way
	chosen  status.Category
	list    *list[audit.Token]
	width   int
	height  int
}

var auditColumns = []Column{
	{Title: "Name", Width: 26, Min: 10, Flex: true},
	{Title: "Kind", Width: 9, Min: 5, Drop: 3},
	{Title: "Where", Width: 26, Min: 10, Drop: 2},
	{Title: "Last seen", Width: 11, Min: 9, Drop: 1, Sorts: SortBySeen},
	{Title: "Expires", Width: 15, Min: 9, Sorts: SortByExpiry},
	{Title: "Status", Width: 21, Min: 10, Drop: 4},
}

// revealMsg asks the root to show a token in its home tab.
type revealMsg struct{ token audit.Token }

var (
	keyReveal       = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "show where it lives"))
	keyPrevCategory = key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/→", "category"))
	keyNextCategory = key.NewBinding(key.WithKeys("right", "l"))
)

func newAuditTab(ctx *Context) *auditTab {
	t := &auditTab{ctx: ctx}
	t.list = newList(ctx, t.spec())
	return t
}

func (t *auditTab) spec() listSpec[audit.Token] {
	return listSpec[audit.Token]{
		what:     "the audit",
		columns:  auditColumns,
		key:      auditKey,
		cells:    auditCells,
		detail:   auditDetail,
		sortKeys: func(a audit.Token) sortKeys { return tokenSortKeys(a.ExpiresAt, a.SeenAt) },
		empty:    "No " + t.chosen.Label(t.ctx.Thresholds) + " tokens. ←/→ shows another category.",
	}
}

// auditProgress counts a run's requests; the run writes it from its
// goroutines and the view reads it on each spinner frame.
type auditProgress struct{ done, total atomic.Int64 }

// words is "12 of 210 requests", or "" before the first answer. done is
// read before total: both only grow, so the words never say 11 of 10.
func (p *auditProgress) words() string {
	if p == nil {
		return ""
	}
	done := p.done.Load()
	total := p.total.Load()
	if total == 0 {
		return ""
	}
	return fmt.Sprintf("%d of %d requests", done, total)
}

// start runs the audit in the background; an older run still under way is ignored.
func (t *auditTab) start() tea.Cmd {
	t.reqID = t.ctx.nextID()
	t.loading = true
	t.started = &auditProgress{}
	id, client, now, th, p := t.reqID, t.ctx.Client, t.ctx.Now(), t.ctx.Thresholds, t.started
	opts := audit.Options{Now: now, Thresholds: th, Progress: func(done, total int) {
		p.done.Store(int64(done))
		p.total.Store(int64(total))
	}}
	return func() tea.Msg {
		return auditDoneMsg{id: id, report: audit.Run(context.Background(), client, opts)}
	}
}

// progressSuffix is " · 12 of 210 requests" while a run is under way.
func (t *auditTab) progressSuffix() string {
	if w := t.started.words(); t.loading && w != "" {
		return " · " + w
	}
	return ""
}

func (t *auditTab) title(short bool) string { return "Audit" }

func (t *auditTab) activate() tea.Cmd {
	if t.report == nil && !t.loading {
		return t.start()
	}
	return nil
}

func (t *auditTab) reload() tea.Cmd { return t.start() }

func (t *auditTab) busy() bool { return t.loading }

func (t *auditTab) capturing() bool { return t.list.capturing() }

func (t *auditTab) back() bool { return t.list.clearFilter() }

func (t *auditTab) setSize(w, h int) {
	t.width, t.height = w, h
	t.list.setSize(w, max(h-t.chromeLines(), 1))
}

// chromeLines: the category line, the sources line, a blank.
func (t *auditTab) chromeLines() int { return 3 }

func (t *auditTab) keys() []key.Binding {
	return append([]key.Binding{keyReveal, keyPrevCategory}, t.list.helpKeys(false)...)
}

func (t *auditTab) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case auditDoneMsg:
		if msg.id != t.reqID {
			return nil
		}
		t.loading, t.report = false, msg.report
		t.counts = msg.report.Counts()
		t.show()
		return nil
	case tea.KeyMsg:
		if !t.list.capturing() && t.report != nil {
			switch {
			case key.Matches(msg, keyPrevCategory):
				t.choose((t.chosen + status.Category(len(status.Categories)) - 1) % status.Category(len(status.Categories)))
				return nil
			case key.Matches(msg, keyNextCategory):
				t.choose((t.chosen + 1) % status.Category(len(status.Categories)))
				return nil
			case key.Matches(msg, keyReveal):
				if tok, ok := t.list.selected(); ok {
					return func() tea.Msg { return revealMsg{tok} }
				}
				return nil
			}
		}
	}
	return t.list.update(msg)
}

func (t *auditTab) choose(c status.Category) {
	t.chosen = c
	t.list.reset(t.spec())
	t.show()
}

// show puts the chosen category's tokens in the list.
func (t *auditTab) show() {
	if t.report == nil {
		return
	}
	t.list.spec = t.spec()
	t.list.show(t.report.In(t.chosen))
}

func (t *auditTab) view() string {
	st := &t.ctx.Styles
	switch {
	case t.report == nil && t.loading:
		return block([]string{"", "  " + t.ctx.spin() + " Reading every token you can see: your PATs, service accounts, projects and API tokens…",
			"", "  " + st.Dim.Render(t.started.words())}, t.height)
	case t.report == nil:
		return block([]string{"", "  Press r to run the audit."}, t.height)
	}
	lines := []string{t.categoryLine(), t.sourcesLine(), ""}
	if t.loading {
		lines[2] = "  " + t.ctx.spin() + st.Dim.Render(" refreshing"+t.progressSuffix())
	}
	title := capitalise(t.chosen.Label(t.ctx.Thresholds)) + " · " + t.chosen.Meaning(t.ctx.Thresholds)
	lines = append(lines, t.list.view(title))
	return block(lines, t.height)
}

// categoryLine shows every category with its count; the chosen one stands out.
func (t *auditTab) categoryLine() string {
	st := &t.ctx.Styles
	counts := t.counts
	render := func(short bool) string {
		var parts []string
		for _, c := range status.Categories {
			label := fmt.Sprintf("%s %d", categoryLabel(c, t.ctx.Thresholds, short), counts[c])
			if c == t.chosen {
				parts = append(parts, st.ActiveTab.Render("["+label+"]"))
			} else {
				parts = append(parts, " "+label+" ")
			}
		}
		return strings.Join(parts, " ")
	}
	line := render(false)
	if ansi.StringWidth(line) > t.width {
		line = render(true)
	}
	return line
}

// sourcesLine says which lists could not be read, and which were skipped.
func (t *auditTab) sourcesLine() string {
	st := &t.ctx.Styles
	var failed, skipped []string
	for _, s := range t.report.Sources {
		switch {
		case s.Err != nil:
			failed = append(failed, s.Name+" ("+api.KindOf(s.Err).String()+")")
		case s.Skipped != "":
			skipped = append(skipped, s.Name)
		}
	}
	read := len(t.report.Sources) - len(failed) - len(skipped)
	line := st.Dim.Render(fmt.Sprintf("%s from %d lists", plural(len(t.report.Tokens), "token"), read))
	if len(failed) > 0 {
		line += " · " + st.Error.Render(fmt.Sprintf("could not read %s · r retries", strings.Join(failed, ", ")))
	}
	if len(skipped) > 0 {
		line += st.Dim.Render(" · skipped " + strings.Join(skipped, ", ") + " (see the tabs)")
	}
	return line
}

// summary is the one-line audit every tab shows under the tab bar.
func (t *auditTab) summary(width int) string {
	st := &t.ctx.Styles
	switch {
	case t.report == nil && t.loading:
		return st.Dim.Render("Audit: " + t.ctx.spin() + " reading every token…" + t.progressSuffix())
	case t.report == nil:
		return st.Dim.Render("Audit: not run · 5 then r runs it")
	}
	if failed := t.report.Failed(); len(failed) == len(t.report.Sources) && len(failed) > 0 {
		return st.Error.Render("Audit: could not read any token list (" + api.KindOf(failed[0].Err).String() + ")")
	}
	counts := t.counts
	render := func(short bool) string {
		var parts []string
		for _, c := range status.Categories {
			text := fmt.Sprintf("%d %s", counts[c], categoryLabel(c, t.ctx.Thresholds, short))
			if counts[c] > 0 && status.Set(0).With(c).Finding() {
				text = st.Category.Of(c).Render(text)
			} else {
				text = st.Dim.Render(text)
			}
			parts = append(parts, text)
		}
		sep := " · "
		if short {
			sep = "  "
		}
		out := strings.Join(parts, st.Dim.Render(sep))
		if len(t.report.Failed()) > 0 {
			out += " " + st.Error.Render("(incomplete)")
		}
		return out
	}
	for _, line := range []string{st.Dim.Render("Audit: ") + render(false) + st.Dim.Render(" · 5 lists them"), render(false)} {
		if ansi.StringWidth(line) <= width {
			return line
		}
	}
	return render(true)
}

// categoryLabel is a category's name, short when space is tight.
func categoryLabel(c status.Category, th status.Thresholds, short bool) string {
	if short {
		return c.ShortLabel(th)
	}
	return c.Label(th)
}

func auditKey(a audit.Token) string {
	return string(a.Kind) + "\x00" + a.Where + "\x00" + a.Name + "\x00" + a.Environment + "\x00" + strconv.Itoa(a.ID) + "\x00" + a.CreatedAt.String()
}

func auditCells(a audit.Token, c *Context) []Cell {
	where := a.Where
	if a.Environment != "" && a.Environment != "*" {
		where += " · " + a.Environment
	}
	return append([]Cell{{Text: a.Name}, {Text: kindWord(a.Kind)}, {Text: where}}, statusCells(a.Facts(), c)...)
}

func kindWord(k audit.Kind) string {
	switch k {
	case audit.KindPAT:
		return "PAT"
	case audit.KindServiceAccountToken:
		return "SA token"
	}
	return "API token"
}

func auditDetail(a audit.Token, c *Context) string {
	what := a.Where
	switch a.Kind {
	case audit.KindPAT:
		what = fmt.Sprintf("your PAT #%d", a.ID)
	case audit.KindServiceAccountToken:
		what = fmt.Sprintf("token #%d of %s", a.ID, a.Where)
	case audit.KindAPIToken:
		what = fmt.Sprintf("%s token, %s", a.Type, a.Where)
	}
	return fmt.Sprintf("expires %s · last seen %s · created %s · %s",
		exactExpiry(a.ExpiresAt, c.Now()), status.Exact(a.SeenAt), status.Exact(&a.CreatedAt), what)
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
