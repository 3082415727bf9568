package list

import (
	"reflect"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestPackFields(t *testing.T) {
	fields := []Field{{Label: "PAT", Value: `"ci deploy"`}, {Label: "expires", Value: "2027-11-23 10:00:00 UTC (in 1y)"},
		{Label: "last seen", Value: "never"}, {Label: "id", Value: "12"}}
	long := []Field{{Label: "API token", Value: strings.Repeat("n", 50)}, {Label: "id", Value: "1"}}
	tests := []struct {
		name   string
		fields []Field
		width  int
		want   []string
	}{
		{"one line when wide", fields, 200, []string{`PAT "ci deploy" · expires 2027-11-23 10:00:00 UTC (in 1y) · last seen never · id 12`}},
		{"a new line rather than split a field", fields, 60, []string{`PAT "ci deploy" · expires 2027-11-23 10:00:00 UTC (in 1y)`, "last seen never · id 12"}},
		{"a field longer than the line is wrapped, not cut", long, 20, []string{"API token", strings.Repeat("n", 20), strings.Repeat("n", 20), strings.Repeat("n", 10) + " · id 1"}},
		{"a date is never split", []Field{{Label: "expires", Value: "2027-10-31 12:00:00 UTC (in 11mo)"}}, 16,
			[]string{"expires", "2027-10-31", "12:00:00 UTC (in", "11mo)"}},
		{"nothing", nil, 80, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := packFields(tt.fields, tt.width)
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %q\nwant %q", got, tt.want)
			}
			for _, l := range got {
				if ansi.StringWidth(l) > tt.width {
					t.Fatalf("line wider than %d: %q", tt.width, l)
				}
			}
		})
	}
}

// TestPageSentence: o names a page under the server's URL; the demo's
// instance is no URL, so it says so rather than print
// "demo (in-memory Unleash)/profile/…".
func TestPageSentence(t *testing.T) {
	for _, tc := range []struct{ base, want string }{
		{"https://unleash.example.com/", "Its page in the Unleash web UI: https://unleash.example.com/profile/personal-api-tokens"},
		{"https://example.com/ushosted", "Its page in the Unleash web UI: https://example.com/ushosted/profile/personal-api-tokens"},
		{"demo (in-memory Unleash)", "The demo has no Unleash web UI: on a server, this page is /profile/personal-api-tokens under its URL."},
	} {
		if got := pageSentence(tc.base, "/profile/personal-api-tokens"); got != tc.want {
			t.Errorf("pageSentence(%q) = %q, want %q", tc.base, got, tc.want)
		}
	}
}
