package ui

import (
	"testing"

	"github.com/unleash-tokens/unleash-tokens/inmem"
)

// TestWording: the lines a newcomer found hard to read.
func TestWording(t *testing.T) {
	t.Run("the summary points to the Audit tab except on it", func(t *testing.T) {
		h := newHarness(t, inmem.AdminPAT)
		h.mustSee("· tab 5 (Audit) lists them")
		h.keys("5")
		h.mustNotSee("lists them")
	})
	t.Run("an account's tokens in plain words", func(t *testing.T) {
		h := newHarness(t, inmem.AdminPAT)
		h.keys("2")
		h.mustRead("3 tokens: 1 expired, 1 expiring or stale")
		h.mustNotSee("to act on")
	})
	t.Run("the picker says where its instances come from", func(t *testing.T) {
		h := newHarness(t, inmem.AdminPAT)
		h2 := newHarnessWith(t, h.client, h.srv, withProfiles, func(o *Options) { o.ProfilesFrom = "The demo's instances, in memory (no config file is read)." })
		h2.keys("P")
		h2.mustRead("The demo's instances, in memory (no config file is read). enter switches the whole app to one")
		h2.mustNotSee("config file's profiles")
		h3 := newHarnessWith(t, h.client, h.srv, withProfiles)
		h3.keys("P")
		h3.mustRead("The config file's profiles. enter switches")
	})
}
