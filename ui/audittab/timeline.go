package audittab

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/unleash-tokens/unleash-tokens/audit"
	"github.com/unleash-tokens/unleash-tokens/status"
)

// The expiry timeline, over the pills from 100 columns on: how many tokens
// of each kind expire in each week of the next 90 days, as bars, with the
// expired ones apart. It is counted once per report (newTimeline, when the
// audit lands), from the audit's own facts: a token is expired when the
// audit put it in that category (status.Classify, the one rule), and never
// expires when Token.Expiry says so (status.IsNever); the rest go by their
// expiry date. Drawing it is 3 rows of 13 numbers.

const (
	timelineDays = 90                     // how far ahead it looks
	timelineAt   = 100                    // the narrowest width it is drawn at
	numWeeks     = (timelineDays + 6) / 7 // 13; the last is 6 days long
	week         = 7 * status.Day
	horizon      = timelineDays * status.Day
	// listKeeps is the height the list keeps under the timeline at least
	// (a page of rows and the detail); on a shorter screen (under 26 rows
	// with the app's chrome) the timeline is left out.
	listKeeps = 16
)

// timelineKinds are the timeline's rows, in the order of the Kind column's
// words.
var timelineKinds = [...]audit.Kind{audit.KindPAT, audit.KindServiceAccountToken, audit.KindAPIToken}

// timeline is a report's tokens counted by kind: expired, and by the week
// they expire in. Week 1 is (now, now+7d], week 2 (now+7d, now+14d] … as
// "≤14d" counts: an expiry exactly 7 days ahead is in week 1; the 13th is
// (now+84d, now+90d].
type timeline struct {
	expired [len(timelineKinds)]int
	weeks   [len(timelineKinds)][numWeeks]int
	most    int // the largest week's count: the bars' scale
}

func kindRow(k audit.Kind) int {
	for i, tk := range timelineKinds {
		if tk == k {
			return i
		}
	}
	return len(timelineKinds) - 1
}

// newTimeline counts the report's tokens at the report's time.
func newTimeline(r *audit.Report) timeline {
	var tl timeline
	for i := range r.Tokens {
		tok := &r.Tokens[i]
		row := kindRow(tok.Kind)
		if tok.Categories.Has(status.Expired) {
			tl.expired[row]++
			continue
		}
		exp := tok.Expiry(r.Now)
		if exp == nil {
			continue // never expires
		}
		left := exp.Sub(r.Now)
		if left <= 0 || left > horizon {
			continue
		}
		w := int((left - 1) / week)
		tl.weeks[row][w]++
		tl.most = max(tl.most, tl.weeks[row][w])
	}
	return tl
}

// bars are the eighths of a block, for a week's count against the most.
var bars = []rune("▁▂▃▄▅▆▇█")

func (tl *timeline) bar(n int) string {
	if n <= 0 || tl.most <= 0 {
		return ""
	}
	h := (n*len(bars) + tl.most - 1) / tl.most // at least an eighth
	return string(bars[min(h, len(bars))-1])
}

// weekLabel is the week's last day from now: "≤7d" … "≤90d".
func weekLabel(w int) string { return fmt.Sprintf("≤%dd", min(7*(w+1), timelineDays)) }

// drawnTimeline is the timeline as last drawn, for a report and a width.
type drawnTimeline struct {
	report *audit.Report
	width  int
	text   string
}

// timelineLines is how many lines the timeline takes: the heading, the
// weeks, a line per kind.
const timelineLines = 2 + len(timelineKinds)

// timelineShown reports whether the timeline is drawn: from 100 columns,
// when the list keeps listKeeps lines under it and the pills, and when the
// audit read something.
func (t *Tab) timelineShown() bool {
	return t.report != nil && t.width >= timelineAt && t.height-timelineLines-1 >= listKeeps && !t.report.NothingRead()
}

// timelineView is the timeline's lines at the width, "" when it is not
// shown (nothing of it is ever cut).
func (t *Tab) timelineView() string {
	if !t.timelineShown() {
		return ""
	}
	if d := t.drawnTimeline; d.report == t.report && d.width == t.width {
		return d.text
	}
	text := t.drawTimeline()
	t.drawnTimeline = drawnTimeline{report: t.report, width: t.width, text: text}
	return text
}

func (t *Tab) drawTimeline() string {
	st := t.ctx.Styles
	tl := &t.timeline
	label := 0
	for _, k := range timelineKinds {
		label = max(label, ansi.StringWidth(kindName(k)))
	}
	const expiredWord = "expired"
	// A week's cell: a bar, a space and the count (up to 3 digits), then
	// at least one space; wider on a wider screen, up to 8.
	fixed := label + 2 + len(expiredWord) + len(" │ ")
	cell := min(max((t.width-fixed)/numWeeks, 5), 8)
	pad := func(s string, w int) string { return s + strings.Repeat(" ", max(w-ansi.StringWidth(s), 0)) }
	var b strings.Builder
	b.WriteString(st.ColumnTitle.Render(fmt.Sprintf("Expiry timeline: tokens by the week they expire in, the next %d days", timelineDays)))
	b.WriteString(st.Dim.Render(" · expired ones apart"))
	b.WriteString("\n" + strings.Repeat(" ", label+2) + st.Dim.Render(expiredWord+" │"))
	for w := range numWeeks {
		b.WriteString(" " + st.Dim.Render(pad(weekLabel(w), cell-1)))
	}
	for row, k := range timelineKinds {
		b.WriteString("\n" + pad(kindName(k), label+2))
		n := fmt.Sprintf("%*d", len(expiredWord), tl.expired[row])
		if tl.expired[row] > 0 {
			b.WriteString(st.Category.Of(status.Expired).Render(n))
		} else {
			b.WriteString(st.Dim.Render(n))
		}
		b.WriteString(st.Dim.Render(" │"))
		for w := range numWeeks {
			n := tl.weeks[row][w]
			if n == 0 {
				b.WriteString(" " + st.Dim.Render(pad("·", cell-1)))
				continue
			}
			b.WriteString(" " + st.Info.Render(pad(tl.bar(n)+" "+countWord(n), cell-1)))
		}
	}
	return b.String() // every row padded alike, coloured or not
}

// countWord is a count in at most 3 cells.
func countWord(n int) string {
	if n > 999 {
		return "1k+"
	}
	return fmt.Sprint(n)
}
