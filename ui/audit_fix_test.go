package ui

import (
	"testing"

	"github.com/unleash-tokens/unleash-tokens/inmem"
)

// TestAuditDAndEOnOneRow: with nothing marked, d and e act on the selected
// row of the Audit tab, through the writes to many (a bulk of one, with its
// question); e on a row whose expiry Unleash cannot change says why.
func TestAuditDAndEOnOneRow(t *testing.T) {
	tests := []struct {
		name string
		row  string
		keys []string
		see  []string
	}{
		{"d asks", "data-warehouse-sync", []string{"d"}, []string{`Delete API token "data-warehouse-sync" (all projects)? (y/N)`}},
		{"d deletes", "data-warehouse-sync", []string{"d", "y"}, []string{"Result · 1 deleted"}},
		{"d, no", "data-warehouse-sync", []string{"d", "n"}, []string{"Cancelled.", "data-warehouse-sync"}},
		{"e opens the expiry form", "data-warehouse-sync", []string{"e"}, []string{`Change the expiry of API token "data-warehouse-sync"`}},
		{"e on a PAT says why", "laptop terraform", []string{"e"}, []string{"Unleash cannot change the expiry of a PAT: R rotates it (a new one with a new expiry), or d deletes it."}},
		{"e on a service-account token says why", "gitlab (old)", []string{"e"}, []string{"Unleash cannot change the expiry of a service-account token"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, inmem.AdminPAT)
			h.keys("5")
			h.selectRow(tt.row)
			h.mustSee("d delete", "e edit expiry")
			h.keys(tt.keys...)
			h.mustRead(tt.see...)
		})
	}
}
