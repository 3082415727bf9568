package ui

import (
	"context"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/ui/core"
	"github.com/unleash-tokens/unleash-tokens/ui/overlay"
)

// canSwitch: P is offered when there are profiles to switch to.
func (m *Model) canSwitch() bool { return m.opener != nil && len(m.profiles) > 0 }

// pickInstance opens the picker and checks every profile.
func (m *Model) pickInstance() tea.Cmd {
	p := overlay.NewPicker(m.ctx, m.profiles, m.ctx.Profile, m.profilesFrom)
	for profile, what := range m.deletedTokens {
		p.MarkDeleted(profile, what)
	}
	m.open(p)
	open := m.opener
	return p.Start(func(ctx context.Context, profile string) (api.Edition, error) {
		in, err := open(ctx, profile)
		if err != nil {
			return api.Edition{}, err
		}
		return in.Client.Edition(ctx)
	})
}

// opened is a profile opened (its token resolved, its client made).
type opened struct {
	gen     int
	profile string
	in      Instance
	err     error
}

// switchTo opens a profile; the app changes over when it is open.
func (m *Model) switchTo(profile string) tea.Cmd {
	m.gen++ // an older switch still opening is dropped
	m.switching = profile
	gen, open := m.gen, m.opener
	return func() tea.Msg {
		in, err := open(context.Background(), profile)
		return opened{gen: gen, profile: profile, in: in, err: err}
	}
}

// opened makes the opened profile the app's instance: every tab starts
// again on it, and answers still coming from the last one are dropped.
func (m *Model) opened(msg opened) tea.Cmd {
	if msg.gen != m.gen {
		return nil
	}
	m.switching = ""
	if msg.err != nil {
		return core.SayError(fmt.Sprintf("Could not switch to profile %s: %s", api.Clean(msg.profile), core.ErrorText(msg.err)))
	}
	if msg.in.Profile == "" {
		msg.in.Profile = msg.profile
	}
	active := m.active
	m.build(msg.in)
	m.active = active
	return tea.Batch(m.loadSession(), m.activate(m.active), m.route(core.TabAudit, m.audit.Start()),
		core.Say("Switched to profile "+api.Clean(msg.profile)+"."))
}

// signInWith goes on, on the same instance, with a new token of the same
// user: every tab reads again with it.
func (m *Model) signInWith(msg core.SignInWith) tea.Cmd {
	in := Instance{Client: m.ctx.Client.WithToken(api.Secret(msg.Secret)), URL: m.ctx.URL, Profile: m.ctx.Profile,
		SignedInPAT: msg.PATID, Thresholds: m.ctx.Thresholds, Checks: m.ctx.Checks}
	clear(msg.Secret)
	active := m.active
	m.gen++
	m.build(in)
	m.active = active
	return tea.Batch(m.loadSession(), m.activate(m.active), m.route(core.TabAudit, m.audit.Start()),
		core.Say("The app now signs in with the new PAT."))
}

// ownTokenDeleted: the token the app signs in with was deleted. The app
// says so once, in full, above the tab; r is no longer offered (no read can
// work), and the picker marks the profile's token.
func (m *Model) ownTokenDeleted(msg core.OwnTokenDeleted) tea.Cmd {
	m.ctx.OwnTokenGone = msg.What
	if m.ctx.Profile != "" {
		if m.deletedTokens == nil {
			m.deletedTokens = map[string]string{}
		}
		m.deletedTokens[m.ctx.Profile] = msg.What
	}
	m.layout()
	return nil
}
