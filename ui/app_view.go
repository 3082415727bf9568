package ui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/status"
	"github.com/unleash-tokens/unleash-tokens/ui/core"
	"github.com/unleash-tokens/unleash-tokens/ui/keys"
	"github.com/unleash-tokens/unleash-tokens/ui/overlay"
	"github.com/unleash-tokens/unleash-tokens/ui/table"
)

func tabOrder() []core.TabID { return core.TabOrder }

// place is the active tab's place in the tab bar.
func (m *Model) place() int {
	for i, id := range tabOrder() {
		if id == m.active {
			return i
		}
	}
	return 0
}

// tabAt is the tab at place i, wrapping around.
func (m *Model) tabAt(i int) core.TabID {
	n := len(tabOrder())
	return tabOrder()[(i%n+n)%n]
}

func (m *Model) tooSmall() bool { return m.width < MinWidth || m.height < MinHeight }

// View draws the whole screen, never taller or wider than the terminal.
func (m *Model) View() string {
	if m.tooSmall() {
		return fitScreen(fmt.Sprintf("Terminal too small:\n%d×%d, needs %d×%d.\nEnlarge it, or q to quit.", m.width, m.height, MinWidth, MinHeight), m.width, m.height)
	}
	body := m.tabs[m.active].View()
	switch {
	case m.overlay != nil:
		body = m.overlay.View(m.width, m.bodyHeight())
	case m.showHelp:
		body = m.fullHelp(m.bodyHeight())
	}
	screen := strings.Join([]string{m.header(), m.tabBar(), m.summary(), body, m.footer()}, "\n")
	frame := fitScreen(screen, m.width, m.height)
	if p, ok := m.overlay.(overlay.Painter); ok {
		return p.Paint(frame) // valid until the next View: Bubble Tea copies it at once
	}
	return frame
}

// header is one line: the app, the instance, who, the profile, the
// version, read-only. Too narrow for all, it keeps them in the order of
// importance: the instance, read-only, the version, then the rest (a
// problem signing in before the name, the app's name last).
func (m *Model) header() string {
	st := m.ctx.Styles
	s := m.ctx.Session()
	var parts []headerPart
	add := func(text string, style *lipgloss.Style, rank int) {
		parts = append(parts, headerPart{text, style, rank})
	}
	add("unleash-tokens", &st.Title, 9)
	add(api.Clean(m.ctx.URL), nil, 0)
	switch {
	case m.ctx.OwnTokenGone != "":
		add("signed out", &st.Error, 3)
	case s.Err != nil:
		add("not signed in: "+sessionProblem(s.Err), &st.Error, 3)
	case s.User != "":
		add(s.User, nil, 5)
	default:
		add("signing in…", &st.Dim, 6)
	}
	if m.ctx.Profile != "" {
		add("profile "+api.Clean(m.ctx.Profile), nil, 4)
	}
	if m.switching != "" {
		add(m.ctx.Spin()+" switching to "+api.Clean(m.switching)+"…", &st.Warning, 3)
	}
	if s.Edition != "" {
		add(s.Edition, &st.Dim, 2)
	}
	if s.Unsupported != "" {
		add("not supported: lists only", &st.Warning, 3)
	}
	if m.ctx.ReadOnly {
		add("read-only", &st.Warning, 1)
	}
	d := &m.drawnHeader
	if !slices.Equal(d.parts, parts) { // drawn once for what it says: a resize only adds widths
		*d = drawnHeader{parts: parts, sep: st.Dim.Render(" · ")}
		d.sepWidth = table.Width(d.sep)
		for _, p := range parts {
			text := p.text
			if p.style != nil {
				text = p.style.Render(text)
			}
			d.texts = append(d.texts, text)
			d.widths = append(d.widths, table.Width(text))
		}
	}
	join := func(maxRank int) string {
		var out []string
		for i, p := range d.parts {
			if p.rank <= maxRank {
				out = append(out, d.texts[i])
			}
		}
		return strings.Join(out, d.sep)
	}
	for r := 9; r > 0; r-- {
		w, n := 0, 0
		for i, p := range d.parts {
			if p.rank <= r {
				w += d.widths[i]
				n++
			}
		}
		if w+max(n-1, 0)*d.sepWidth <= m.width {
			return join(r)
		}
	}
	return join(0) // the instance alone: fitScreen cuts a URL wider than the screen
}

// headerPart is a part of the header before it is drawn; rank: lower stays
// longer.
type headerPart struct {
	text  string
	style *lipgloss.Style // nil: plain
	rank  int
}

// drawnHeader is the header's parts as drawn, and their widths.
type drawnHeader struct {
	parts    []headerPart
	texts    []string
	widths   []int
	sep      string
	sepWidth int
}

func sessionProblem(err error) string {
	if e, ok := api.AsError(err); ok {
		return e.Kind.String()
	}
	return "error"
}

// describeUser is who the token acts as; an admin API token is no user.
func describeUser(u api.User) (name string, adminAPIToken bool) {
	if u.ID == 0 && u.Username == "admin" && len(u.Permissions) > 0 && u.Permissions[0] == "ADMIN" {
		return "admin API token", true
	}
	name = api.Clean(u.DisplayName())
	if u.Username != "" && u.Username != u.DisplayName() {
		name += " (" + api.Clean(u.Username) + ")"
	}
	return name, false
}

func describeEdition(e api.Edition) string {
	switch {
	case e.Version == "":
		return ""
	case e.Enterprise:
		return "Enterprise " + api.Clean(e.Version)
	}
	return "open source " + api.Clean(e.Version)
}

// tabBar names every tab with its key; the active one is in brackets, so it
// shows without colour too. Both forms are drawn once per active tab
// (drawnTabs): a resize only picks one.
func (m *Model) tabBar() string {
	d := &m.drawnTabs
	if !d.ok || d.active != m.active {
		st := m.ctx.Styles
		render := func(short bool) string {
			var parts []string
			for _, id := range tabOrder() {
				label := fmt.Sprintf("%d %s", id.Number(), id.Title(short))
				if id == m.active {
					parts = append(parts, st.ActiveTab.Render("["+label+"]"))
				} else {
					parts = append(parts, st.Tab.Render(" "+label+" "))
				}
			}
			return strings.Join(parts, " ")
		}
		long := render(false)
		*d = drawnTabs{ok: true, active: m.active, long: long, longWidth: ansi.StringWidth(long), short: render(true)}
	}
	if d.longWidth > m.width {
		return d.short
	}
	return d.long
}

// drawnTabs is the tab bar as drawn, long and short, for an active tab.
type drawnTabs struct {
	ok          bool
	active      core.TabID
	long, short string
	longWidth   int
}

// globalKeys are the app's keys that act now (its action table's).
func (m *Model) globalKeys() []key.Binding { return m.actions().Keys() }

// unshadowed is the screen's keys less those the app's keys that act now
// take first (the app's table is tried before the tab's): after an Audit
// jump into an account's tokens, esc goes back to Audit, so the footer
// says that, not the tab's "esc back" as well.
func unshadowed(screen, app []key.Binding) []key.Binding {
	taken := map[string]bool{}
	for _, b := range app {
		for _, k := range b.Keys() {
			taken[k] = true
		}
	}
	var out []key.Binding
	for _, b := range screen {
		free := len(b.Keys()) == 0
		for _, k := range b.Keys() {
			free = free || !taken[k]
		}
		if free {
			out = append(out, b)
		}
	}
	return out
}

// movement keys are left out of the footer (? lists them).
func isMovement(b key.Binding, m *Model) bool {
	k := m.ctx.Keys
	switch b.Help().Key {
	case k.Up.Help().Key, k.Down.Help().Key, k.PageUp.Help().Key, k.PageDown.Help().Key, k.Top.Help().Key, k.Bottom.Help().Key:
		return true
	}
	return false
}

// footer is the flash line, or the keys that act now.
func (m *Model) footer() string {
	st := m.ctx.Styles
	if q := m.quitQuestion(); q != "" {
		return st.Error.Render(api.Clean(q))
	}
	switch {
	case m.flash != "" && m.isError: // a sentence: wrapped, never cut
		return st.Error.Render(core.Wrap(api.Clean(m.flash), m.width))
	case m.flash != "":
		return st.Info.Render(core.Wrap(api.Clean(m.flash), m.width))
	case m.overlay != nil:
		return m.keyLineOf(m.overlay.Keys())
	case m.showHelp:
		return m.helpFooter()
	}
	cur := m.tabs[m.active]
	if cur.Capturing() {
		return m.keyLineOf(append(cur.Keys(), m.ctx.Keys.ForceQuit))
	}
	var short []key.Binding
	global := m.globalKeys()
	for _, b := range unshadowed(cur.Keys(), global) {
		if !isMovement(b, m) {
			short = append(short, b)
		}
	}
	return m.keyLineOf(append(short, global...))
}

// keyItem is one key as the footer draws it ("key desc" in the footer's
// styles), its width and its rank (keys.Map.Rank): none of them changes
// with the width, so a resize fits the line by arithmetic.
type keyItem struct {
	text        string
	width, rank int
}

// itemID is what a key's item is drawn from.
type itemID struct{ first, key, desc string }

// keyItem is b's item, drawn once.
func (m *Model) keyItem(b key.Binding) keyItem {
	var first string
	if ks := b.Keys(); len(ks) > 0 {
		first = ks[0]
	}
	id := itemID{first, b.Help().Key, b.Help().Desc}
	if it, ok := m.keyLine.items[id]; ok {
		return it
	}
	st := m.help.Styles
	text := st.ShortKey.Inline(true).Render(b.Help().Key) + " " + st.ShortDesc.Inline(true).Render(b.Help().Desc)
	it := keyItem{text: text, width: lipgloss.Width(text), rank: m.ctx.Keys.Rank(b)}
	if m.keyLine.items == nil || len(m.keyLine.items) > maxKeyItems {
		m.keyLine.items = map[itemID]keyItem{}
	}
	m.keyLine.items[id] = it
	return it
}

// maxKeyItems bounds the footer's drawn items (the app has a few dozen keys).
const maxKeyItems = 256

// keyLineOf is the footer line of the keys that fit (fitKeys), drawn as
// help.ShortHelpView draws them, from each key's item drawn once.
func (m *Model) keyLineOf(all []key.Binding) string {
	d := &m.keyLine
	if d.sep == "" {
		st := m.help.Styles
		d.sep = st.ShortSeparator.Inline(true).Render(m.help.ShortSeparator)
		d.sepWidth = lipgloss.Width(d.sep)
		d.tail = " " + st.Ellipsis.Inline(true).Render(m.help.Ellipsis)
		d.tailW = lipgloss.Width(d.tail)
	}
	items := make([]keyItem, len(all))
	for i, b := range all {
		items[i] = m.keyItem(b)
	}
	kept := m.fitKeys(all, items)
	var b strings.Builder
	b.Grow(m.width + 16*len(all))
	total := 0
	for i, kb := range all {
		if !kept[i] || !kb.Enabled() {
			continue
		}
		sep, w := "", items[i].width
		if total > 0 {
			sep, w = d.sep, w+d.sepWidth
		}
		// help.ShortHelpView: past its width, an ellipsis where it fits.
		if m.help.Width > 0 && total+w > m.help.Width && total+d.tailW < m.help.Width {
			b.WriteString(d.tail)
			break
		}
		total += w
		b.WriteString(sep)
		b.WriteString(items[i].text)
	}
	return b.String()
}

// fitKeys is which keys fit in the footer: ? help always, then the others
// in the order of importance (keys.Map.Rank) while they fit, shown in the
// order they were offered (the screen's, then the app's). items are the
// keys' items (keyItem).
func (m *Model) fitKeys(all []key.Binding, items []keyItem) []bool {
	helpKey := m.ctx.Keys.Help.Help().Key
	kept := make([]bool, len(all))
	byRank := make([]int, 0, len(all))
	for i, b := range all {
		if b.Help().Key == helpKey {
			kept[i] = true
			continue
		}
		byRank = append(byRank, i)
	}
	slices.SortStableFunc(byRank, func(a, b int) int { return cmp.Compare(items[a].rank, items[b].rank) })
	// The line's width is its items' widths and a separator between two.
	total, n := 0, 0
	add := func(i int) {
		if !all[i].Enabled() {
			return // ShortHelpView leaves it out
		}
		if n > 0 {
			total += m.keyLine.sepWidth
		}
		total += items[i].width
		n++
	}
	for i := range all {
		if kept[i] {
			add(i)
		}
	}
	for _, i := range byRank {
		before, was := total, n
		add(i)
		if total > m.width {
			total, n = before, was
			break // in the order of importance: none less important takes its place
		}
		kept[i] = true
	}
	return kept
}

// fullHelp lists every key that acts here and what the status words mean,
// with the thresholds in force, in h lines: the title stays, the rest
// scrolls (j/k, pgup/pgdn, g/G) when it is taller than the room left.
func (m *Model) fullHelp(h int) string {
	title, body := m.helpContent(h)
	room := max(h-1, 1)
	m.helpTop = clampTop(m.helpTop, len(body), room)
	end := min(m.helpTop+room, len(body))
	return core.Block(append([]string{title}, body[m.helpTop:end]...), h)
}

// clampTop keeps a scroll offset within the lines.
func clampTop(top, lines, room int) int { return max(min(top, lines-room), 0) }

// helpContent is the help's title and every line under it, for a body of
// h lines: the keys in as few rows as fit the width beside each other (one
// column, group under group, when nothing else does), never cut, then the
// status words.
func (m *Model) helpContent(h int) (string, []string) {
	st := m.ctx.Styles
	cur := m.tabs[m.active]
	title := st.Title.Render("Keys · "+cur.ID().Title(false)) + st.Dim.Render(" · ? or esc closes this help")
	if ansi.StringWidth(title) > m.width {
		title = core.Wrap(title, m.width)
	}
	var statusLines []string
	statusLines = append(statusLines, "", st.Title.Render("Status"))
	th := m.ctx.Thresholds
	const indent = 17 // "  " and the 14-cell label and a space: a meaning's wrapped lines stay in its column
	for _, c := range status.Categories {
		meaning := strings.ReplaceAll(core.Wrap(c.Meaning(th), max(m.width-indent, 10)), "\n", "\n"+strings.Repeat(" ", indent))
		statusLines = append(statusLines, "  "+st.Category.Of(c).Render(fmt.Sprintf("%-14s", c.Label(th)))+" "+meaning)
	}
	statusLines = append(statusLines, strings.Split(m.riskLegend(indent), "\n")...)
	tip := []string{"", core.Wrap("The selected token's details and exact UTC times are under the table.", m.width)}
	global := m.actions().HelpKeys()
	groups := [][]key.Binding{unshadowed(helpKeys(cur), global), global}
	measure := m.help
	measure.Width = 0                             // whole: what does not fit is seen here, not cut
	keyLines := func(rows int) ([]string, bool) { // the keys in columns of rows
		out := strings.Split(measure.FullHelpView(keyColumns(groups, rows)), "\n")
		return out, fitsWidth(out, m.width)
	}
	// The keys in as many columns as fit beside the status words in the
	// room; too wide for that, in longer columns, then scrolled.
	room := max(h-1, 1)
	rows := max(room-1-lineCount(statusLines)-lineCount(tip), 4)
	keysShown, fits := keyLines(rows)
	most := 0
	for _, g := range groups {
		most = max(most, len(g))
	}
	for r := rows + 1; !fits && r <= most; r++ {
		keysShown, fits = keyLines(r)
	}
	if !fits { // one column: each group under the one before
		keysShown = nil
		for _, g := range groups {
			if len(g) == 0 {
				continue
			}
			if keysShown != nil {
				keysShown = append(keysShown, "")
			}
			keysShown = append(keysShown, strings.Split(measure.FullHelpView([][]key.Binding{g}), "\n")...)
		}
	}
	titles := strings.Split(title, "\n")
	body := append(append(append(titles[1:], ""), keysShown...), statusLines...)
	if lineCount(body)+lineCount(tip) <= room {
		body = append(body, tip...) // the tip gives way first
	}
	return titles[0], strings.Split(strings.Join(body, "\n"), "\n") // a line each, wrapped meanings too
}

// riskLegend explains the Status column's other words: a risk, its mark,
// and +N where a narrow column keeps only the most urgent word.
func (m *Model) riskLegend(indent int) string {
	st := m.ctx.Styles
	entry := func(label string, style lipgloss.Style, meaning string) string {
		meaning = strings.ReplaceAll(core.Wrap(meaning, max(m.width-indent, 10)), "\n", "\n"+strings.Repeat(" ", indent))
		return "  " + style.Render(fmt.Sprintf("%-14s", label)) + " " + meaning
	}
	return entry(core.AtRisk+", "+core.RiskMark, st.Risk, "the last audit found a risk, such as all projects: the detail names it") + "\n" +
		entry("+2", lipgloss.NewStyle(), "two more status words, where the column is narrow: the detail has them all")
}

// fitsWidth reports whether every line fits in w cells.
func fitsWidth(lines []string, w int) bool {
	for _, l := range lines {
		if ansi.StringWidth(l) > w {
			return false
		}
	}
	return true
}

// helpScrolls reports whether the help is taller than its room.
func (m *Model) helpScrolls() (top, lines, room int) {
	_, body := m.helpContent(m.bodyHeight())
	room = max(m.bodyHeight()-1, 1)
	return clampTop(m.helpTop, len(body), room), len(body), room
}

// helpKeys are the keys of the help screen now: its scroll keys while it
// has more to show that way, and ? or esc to close it.
func (m *Model) helpScreenKeys() []key.Binding {
	k := m.ctx.Keys
	top, lines, room := m.helpScrolls()
	var out []key.Binding
	if top+room < lines {
		out = append(out, keys.Help(k.Down, "↓/j", "scroll"), k.PageDown, k.Bottom)
	}
	if top > 0 {
		out = append(out, keys.Help(k.Up, "↑/k", "scroll"), k.PageUp, k.Top)
	}
	return out
}

// scrollHelp moves the help by a key; it reports whether the key was one
// of its scroll keys.
func (m *Model) scrollHelp(msg tea.KeyMsg) bool {
	k := m.ctx.Keys
	top, lines, room := m.helpScrolls()
	page := max(room-1, 1)
	switch {
	case keys.Matches(msg, k.Down):
		top++
	case keys.Matches(msg, k.Up):
		top--
	case keys.Matches(msg, k.PageDown):
		top += page
	case keys.Matches(msg, k.PageUp):
		top -= page
	case keys.Matches(msg, k.Bottom):
		top = lines
	case keys.Matches(msg, k.Top):
		top = 0
	default:
		return false
	}
	m.helpTop = clampTop(top, lines, room)
	return true
}

// helpFooter is the footer under the help: its scroll keys, where it is,
// and how to close it.
func (m *Model) helpFooter() string {
	close := keys.Help(m.ctx.Keys.Help, "?/esc", "close help")
	top, lines, room := m.helpScrolls()
	if lines <= room {
		return m.help.ShortHelpView([]key.Binding{close})
	}
	scroll := keys.Help(m.ctx.Keys.Down, "j/k", "scroll")
	where := m.ctx.Styles.Dim.Render(fmt.Sprintf(" · lines %d–%d of %d", top+1, min(top+room, lines), lines))
	return m.help.ShortHelpView([]key.Binding{scroll, close}) + where
}

// keyColumns splits each group of keys into columns of rows.
func keyColumns(groups [][]key.Binding, rows int) [][]key.Binding {
	var columns [][]key.Binding
	for _, group := range groups {
		for len(group) > rows {
			columns, group = append(columns, group[:rows]), group[rows:]
		}
		columns = append(columns, group)
	}
	return columns
}

// summary is the line under the tab bar: the audit's counts or, once the
// app's own token is deleted, what that means, in full (wrapped, never cut).
func (m *Model) summary() string {
	// While a new secret is shown, the summary stands still: every frame
	// drawn then is one more copy of the secret in memory, and an audit's
	// progress and spinner would draw one every tick. It stands still from
	// the moment a create is sent, so the screen that shows its secret shows
	// the counts as they were then, whatever audit lands meanwhile.
	_, still := m.overlay.(overlay.Painter)
	still = still || len(m.ctx.CreatesInFlight()) > 0
	if still && m.stillSummary.text != "" && m.stillSummary.width == m.width {
		return m.stillSummary.text
	}
	text := m.audit.Summary(m.width, m.active == core.TabAudit)
	if m.ctx.OwnTokenGone != "" {
		text = m.ctx.Styles.Error.Render(ansi.Wrap(core.OwnTokenGoneText(api.Clean(m.ctx.OwnTokenGone), m.canSwitch()), m.width, " "))
	}
	m.stillSummary = stillSummary{}
	if still {
		m.stillSummary = stillSummary{m.width, text}
	}
	return text
}

// stillSummary is the summary as it stood when a secret screen opened.
type stillSummary struct {
	width int
	text  string
}

// summaryLines is how many lines the summary takes.
func (m *Model) summaryLines() int { return strings.Count(m.summary(), "\n") + 1 }

// footerLines is how many lines the footer takes: a flash wraps.
func (m *Model) footerLines() int {
	if m.flash == "" {
		return 1
	}
	return strings.Count(m.footer(), "\n") + 1
}

// bodyHeight is what the chrome leaves to the tab, a question or the help.
func (m *Model) bodyHeight() int {
	return max(m.height-chromeLines-(m.summaryLines()-1)-(m.footerLines()-1), 1)
}

// cutHook, set by tests, hears of every line fitScreen has to cut: a
// screen that wraps its sentences has none.
var cutHook func(line string)

// fitScreen cuts every line to the width and the whole to the height, so
// the renderer never scrolls the top of the view away.
func fitScreen(s string, w, h int) string {
	if w <= 0 || h <= 0 {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if len(l) > w && table.Width(l) > w { // a line is never wider than its bytes
			if cutHook != nil {
				cutHook(l)
			}
			lines[i] = ansi.Truncate(l, w, "…")
		}
	}
	return strings.Join(lines, "\n")
}

// lineCount is how many lines the entries take.
func lineCount(entries []string) int { return strings.Count(strings.Join(entries, "\n"), "\n") + 1 }
