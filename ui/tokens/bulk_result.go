package tokens

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/unleash-tokens/unleash-tokens/bulk"
	"github.com/unleash-tokens/unleash-tokens/status"
	"github.com/unleash-tokens/unleash-tokens/ui/core"
)

// skip is a marked item that could not be written to: why, and what it was.
type skip struct{ what, why string }

// bulkResult is what became of every marked token, drawn as lines that
// scroll.
type bulkResult struct {
	report  bulk.Report
	skipped []skip

	width int      // the width lines were wrapped to
	lines []string // the per-token lines at that width
	page  int      // how many lines the last draw showed
}

func newBulkResult(rep bulk.Report, skipped []skip) *bulkResult {
	return &bulkResult{report: rep, skipped: skipped}
}

// summary is "49 deleted, 1 failed", with the marked tokens not found.
func (r *bulkResult) summary() string {
	s := r.report.Summary()
	if len(r.report.Results) == 0 {
		s = "nothing written"
	}
	if n := len(r.skipped); n > 0 {
		s += fmt.Sprintf(", %d skipped", n)
	}
	return s
}

// ownToken names the token the app signed in with, which the run deleted.
func (r *bulkResult) ownToken() string { return fmt.Sprintf("PAT %q", r.report.SignedOutBy.Name()) }

// flash is what the footer says once the result is closed.
func (r *bulkResult) flash() string {
	return core.Capitalise(r.summary()) + "."
}

// build wraps the per-token lines to the width: the failures first, then
// the unknown, the not sent, the skipped, and what was done.
func (r *bulkResult) build(st *core.Styles, w int) []string {
	if r.lines != nil && r.width == w {
		return r.lines
	}
	var lines []string
	section := func(style lipgloss.Style, title string, entries []string) {
		if len(entries) == 0 {
			return
		}
		if len(lines) > 0 {
			lines = append(lines, "")
		}
		lines = append(lines, "  "+style.Render(fmt.Sprintf("%s (%d):", title, len(entries))))
		for _, e := range entries {
			lines = append(lines, strings.Split(core.WrapIndent("  • "+e, w), "\n")...)
		}
	}
	byOutcome := map[bulk.Outcome][]string{}
	for _, res := range r.report.Results {
		e := res.Token.Describe()
		if res.Reason != "" {
			e += ": " + res.Reason
		}
		byOutcome[res.Outcome] = append(byOutcome[res.Outcome], e)
	}
	var skipped []string
	for _, s := range r.skipped {
		skipped = append(skipped, s.what+": "+s.why)
	}
	done := "Deleted"
	if !r.report.Action.Delete {
		done = "Changed"
	}
	section(st.Error, "Failed", byOutcome[bulk.Failed])
	section(st.Warning, "Unknown, no answer came", byOutcome[bulk.Unknown])
	section(st.Warning, "Not sent", byOutcome[bulk.Untouched])
	section(st.Warning, "Skipped, not found in their lists", skipped)
	section(st.Info, done, byOutcome[bulk.Done])
	r.width, r.lines = w, lines
	return lines
}

// purpose is what the tokens were marked for.
func (r *bulkResult) purpose() string {
	if a := r.report.Action; !a.Delete {
		return "for a new expiry, " + status.Exact(&a.ExpiresAt)
	}
	return "for deletion"
}

// view draws the result from line offset in exactly h lines.
func (r *bulkResult) view(ctx *core.Context, what string, offset, w, h int) string {
	st := ctx.Styles
	then := "Enter closes this; the lists and the audit are then read again."
	if r.report.SignedOut {
		then = "Enter closes this; the deleted leave the list (the server refuses every read now)."
	}
	head := []string{st.Title.Render("Result · " + r.summary()),
		st.Dim.Render(core.WrapIndent(fmt.Sprintf("What became of the %s marked %s. %s", what, r.purpose(), then), w))}
	if r.report.Stopped != "" {
		head = append(head, st.Error.Render(core.WrapIndent(core.Capitalise(r.report.Stopped)+": the writes not yet sent were not sent.", w)))
	}
	head = append(head, "")
	lines := r.build(st, w)
	foot := 1 // the scroll line
	r.page = max(h-lipglossHeight(head)-foot, 1)
	offset = max(min(offset, len(lines)-r.page), 0)
	end := min(offset+r.page, len(lines))
	body := append(head, lines[offset:end]...)
	if len(lines) > r.page {
		body = append(body, st.Dim.Render(fmt.Sprintf("  lines %d–%d of %d · ↑/↓ scroll", offset+1, end, len(lines))))
	}
	return core.Block(body, h)
}

func lipglossHeight(parts []string) int {
	n := 0
	for _, p := range parts {
		n += lipgloss.Height(p)
	}
	return n
}
