package ui

import (
	"context"
	"errors"
	"testing"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/config"
	"github.com/unleash-tokens/unleash-tokens/inmem"
)

// twoInstances: the app on "ent" (the Enterprise seed), with "oss" (an
// open-source server with an extra project token) and "broken" (its token
// does not resolve) to switch to.
func twoInstances(t *testing.T) (*harness, map[string]*inmem.Server) {
	t.Helper()
	servers := map[string]*inmem.Server{
		"ent": inmem.New(inmem.WithClock(testClock)),
		"oss": inmem.New(inmem.WithClock(testClock), inmem.OpenSource()),
	}
	clients := map[string]*api.Client{}
	for name, srv := range servers {
		c, _ := api.New("https://"+name+".example.com", inmem.AdminPAT, api.WithHTTPClient(srv.HTTPClient()), api.WithRetries(0))
		clients[name] = c
	}
	if _, err := clients["oss"].CreateAPIToken(context.Background(), api.CreateAPIToken{Name: "only-on-oss", Type: api.TypeBackend, Environment: "development"}); err != nil {
		t.Fatal(err)
	}
	open := func(_ context.Context, name string) (Instance, error) {
		c, ok := clients[name]
		if !ok {
			return Instance{}, errors.New("token_command pass: exit status 1")
		}
		return Instance{Client: c, URL: c.BaseURL(), Profile: name}, nil
	}
	profiles := []config.ProfileInfo{
		{Name: "broken", URL: "https://broken.example.com", TokenSource: "token_command pass"},
		{Name: "ent", URL: "https://ent.example.com", TokenSource: "token in the config file", Default: true},
		{Name: "oss", URL: "https://oss.example.com", TokenSource: "$OSS_TOKEN"},
		{Name: "nourl", TokenSource: "token in the config file", Problem: "it has no url"},
	}
	h := newHarnessWith(t, clients["ent"], servers["ent"], func(o *Options) {
		o.Profile, o.Profiles, o.Open = "ent", profiles, open
	})
	return h, servers
}

// P lists the profiles with what each is; enter switches the whole app
// without a restart; the header names the instance.
func TestSwitchInstance(t *testing.T) {
	h, _ := twoInstances(t)
	h.mustSee("profile ent", "Enterprise 8.2.0")
	if !hasOffered(h, "P") { // the footer may have no room for it: ? help lists it
		t.Fatal("P is not offered")
	}
	h.keys("4", "esc") // the search line gives the keys back
	h.mustSee("All API tokens  (16)")
	h.keys("P")
	h.mustSee("Instances", "ent (current, default)", "token resolves · Enterprise 8.2.0",
		"oss", "token resolves · open source 8.2.0", "broken", "token_command pass: exit status 1",
		"nourl", "cannot be used: it has no url")
	h.keys("down", "enter") // oss
	h.mustSee("Switched to profile oss.", "profile oss", "open source 8.2.0", "All API tokens  (17)", "only-on-oss")
	h.keys("esc", "2") // Search opened again with its search line focused
	h.mustSee("Service accounts need Unleash Enterprise.")

	h.keys("P", "up", "up", "enter") // broken
	h.mustSee("Could not switch to profile broken: token_command pass: exit status 1", "profile oss")
	h.keys("P", "down", "down", "down", "enter") // nourl
	h.mustSee("Profile nourl: it has no url", "profile oss")
	h.keys("P", "esc")
	h.mustSee("profile oss")
}

// Answers from the instance the app left are dropped, however late.
func TestSwitchDropsLateAnswers(t *testing.T) {
	h, _ := twoInstances(t)
	h.keys("3")
	h.keys("j")
	_, slow := h.m.Update(keyMsg("enter")) // the Checkout drill's load, held
	_, audit := h.m.Update(keyMsg("r"))    // and a reload of the old instance's projects
	h.keys("P")
	h.keys("down", "enter")
	h.mustSee("profile oss", "Projects  (6)")
	h.run(slow)  // the old instance's Checkout tokens: no list of the new instance asked for them
	h.run(audit) // and its reload
	h.mustSee("profile oss", "Projects  (6)")
	h.mustNotSee("Project Checkout · API tokens", "checkout-web")
}
