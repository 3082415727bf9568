package overlay

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/config"
	"github.com/unleash-tokens/unleash-tokens/ui/core"
	"github.com/unleash-tokens/unleash-tokens/ui/keys"
)

// SwitchTo asks the app to make a profile its instance.
type SwitchTo struct{ Profile string }

// Check resolves a profile's token and asks its server what it is; it is
// I/O, run in a tea.Cmd.
type Check func(ctx context.Context, profile string) (api.Edition, error)

// checked is a profile's check, done.
type checked struct {
	picker  int
	profile string
	edition api.Edition
	err     error
}

func (checked) overlayMsg() {}

// Picker lists the config file's profiles, each with its URL, where its
// token comes from and, once checked, whether it resolves and which Unleash
// answers; enter switches the app to the selected one.
type Picker struct {
	ctx      *core.Context
	id       int
	profiles []config.ProfileInfo
	current  string
	from     string // where the profiles come from
	results  map[string]checked
	cursor   int
	deleted  map[string]string // profiles whose token this app deleted: what it was
}

// NewPicker makes the picker; Start checks the profiles. from says where
// they come from ("The demo's instances, in memory."); "" is the config file.
func NewPicker(ctx *core.Context, profiles []config.ProfileInfo, current, from string) *Picker {
	if from == "" {
		from = "The config file's profiles."
	}
	p := &Picker{ctx: ctx, id: ctx.NextID(), profiles: profiles, current: current, from: from, results: map[string]checked{}}
	for i, pr := range profiles {
		if pr.Name == current {
			p.cursor = i
		}
	}
	return p
}

// MarkDeleted says the profile's token is no longer valid: this app deleted
// it (what names it). Enter opens that profile again, as its token may
// come from a command that gives a new one.
func (p *Picker) MarkDeleted(profile, what string) {
	if p.deleted == nil {
		p.deleted = map[string]string{}
	}
	p.deleted[profile] = what
}

// Start checks every profile that has nothing wrong with it, side by side.
func (p *Picker) Start(check Check) tea.Cmd {
	var cmds []tea.Cmd
	for _, pr := range p.profiles {
		if pr.Problem != "" {
			continue
		}
		name, id := pr.Name, p.id
		cmds = append(cmds, func() tea.Msg {
			ed, err := check(context.Background(), name)
			return checked{picker: id, profile: name, edition: ed, err: err}
		})
	}
	return tea.Batch(cmds...)
}

// Update moves, switches or closes.
func (p *Picker) Update(msg tea.Msg) (tea.Cmd, bool) {
	km := p.ctx.Keys
	switch msg := msg.(type) {
	case checked:
		if msg.picker == p.id {
			p.results[msg.profile] = msg
		}
	case tea.KeyMsg:
		switch {
		case keys.Matches(msg, km.Up) && p.cursor > 0:
			p.cursor--
		case keys.Matches(msg, km.Down) && p.cursor < len(p.profiles)-1:
			p.cursor++
		case keys.Matches(msg, km.Open) && len(p.profiles) > 0:
			chosen := p.profiles[p.cursor]
			switch {
			case chosen.Problem != "":
				return core.SayError("Profile " + api.Clean(chosen.Name) + ": " + api.Clean(chosen.Problem)), true
			case chosen.Name == p.current && p.deleted[chosen.Name] == "":
				return core.Say("Already on profile " + api.Clean(chosen.Name) + "."), true
			}
			return core.Send(SwitchTo{Profile: chosen.Name}), true
		case keys.Matches(msg, km.Back, km.Quit, km.ForceQuit, km.Profiles): // q closes it, as it closes help
			return nil, true
		}
	}
	return nil, false
}

// Busy reports whether a profile is still being checked.
func (p *Picker) Busy() bool {
	for _, pr := range p.profiles {
		if _, done := p.results[pr.Name]; pr.Problem == "" && !done {
			return true
		}
	}
	return false
}

// Keys are the picker's keys that act now.
func (p *Picker) Keys() []key.Binding {
	km := p.ctx.Keys
	out := []key.Binding{keys.Help(km.Open, "enter", "switch to it")}
	if p.cursor < len(p.profiles)-1 {
		out = append(out, km.Down)
	}
	if p.cursor > 0 {
		out = append(out, km.Up)
	}
	return append(out, keys.Help(km.Back, "esc/q", "close"))
}

// View lists the profiles.
func (p *Picker) View(w, h int) string {
	st := p.ctx.Styles
	lines := []string{st.Title.Render("Instances"), st.Dim.Render(core.WrapIndent(p.from+" enter switches the whole app to one; nothing is restarted.", w)), ""}
	if len(p.profiles) == 0 {
		lines = append(lines, core.WrapIndent("The config file has no profiles (see unleash-tokens --help for its form).", w))
	}
	for i, pr := range p.profiles {
		marker := "  "
		if i == p.cursor {
			marker = "> "
		}
		name := api.Clean(pr.Name)
		var marks []string // one pair of parentheses: "(current, default)"
		if pr.Name == p.current {
			marks = append(marks, "current")
		}
		if pr.Default {
			marks = append(marks, "default")
		}
		if len(marks) > 0 {
			name += " (" + strings.Join(marks, ", ") + ")"
		}
		head := marker + name
		if i == p.cursor {
			head = st.Selected.Render(head)
		}
		lines = append(lines, head, "    "+st.Dim.Render(ansi.Truncate(api.RedactURL(pr.URL)+" · token: "+api.Clean(pr.TokenSource), max(w-4, 10), "…")))
		lines = append(lines, core.Indent(p.state(pr, w-4), "    "))
	}
	return core.Block(lines, h)
}

// state is what is known of a profile: its problem, "checking…", or the
// Unleash that answered.
func (p *Picker) state(pr config.ProfileInfo, w int) string {
	st := p.ctx.Styles
	if pr.Problem != "" {
		return st.Error.Render("cannot be used: " + api.Clean(pr.Problem))
	}
	if what := p.deleted[pr.Name]; what != "" {
		return st.Error.Render(ansi.Wrap("token no longer valid: this app deleted it ("+api.Clean(what)+")", max(w, 10), " "))
	}
	r, ok := p.results[pr.Name]
	switch {
	case !ok:
		return st.Dim.Render(p.ctx.Spin() + " checking…")
	case r.err != nil:
		return st.Error.Render(core.Wrap(api.Truncate(core.ErrorText(r.err), 200), max(w, 10))) // a sentence: wrapped, never cut by the width
	case r.edition.Version == "":
		return st.Info.Render("token resolves; the server did not say its version")
	}
	kind := "open source"
	if r.edition.Enterprise {
		kind = "Enterprise"
	}
	return st.Info.Render(fmt.Sprintf("token resolves · %s %s", kind, strings.TrimSpace(api.Clean(r.edition.Version))))
}
