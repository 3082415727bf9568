package tokens

import (
	"strings"
	"testing"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/tokenref"
	"github.com/unleash-tokens/unleash-tokens/ui/core"
	"github.com/unleash-tokens/unleash-tokens/ui/keys"
)

func TestKindsText(t *testing.T) {
	apiTok, pat, sa := tokenref.APIToken, tokenref.PAT, tokenref.ServiceAccountToken
	tests := []struct {
		kinds []tokenref.Kind
		want  string
	}{
		{nil, "no tokens"},
		{[]tokenref.Kind{pat}, "1 PAT"},
		{[]tokenref.Kind{apiTok, apiTok}, "2 API tokens"},
		{[]tokenref.Kind{pat, apiTok, apiTok, pat, pat}, "2 API tokens and 3 PATs"},
		{[]tokenref.Kind{sa, pat, apiTok}, "1 API token, 1 PAT and 1 service-account token"},
	}
	for _, tt := range tests {
		if got := KindsText(tt.kinds); got != tt.want {
			t.Errorf("%v: %q, want %q", tt.kinds, got, tt.want)
		}
	}
}

// While the writes run, the form counts them as bulk.Run reports them.
func TestBulkFormShowsProgress(t *testing.T) {
	ctx := core.NewContext()
	ctx.Styles, ctx.Keys = core.NewStyles(), keys.New(5)
	marked := make([]api.APIToken, 50)
	f := BulkDelete(ctx, APITargets(""), marked).Run().(*BulkForm[api.APIToken])
	f.running, f.progress = true, &bulkProgress{}
	if v := f.View(80, 10); !strings.Contains(v, "Deleting 50 API tokens") || !strings.Contains(v, "finding them in their lists…") {
		t.Fatalf("before the first write:\n%s", v)
	}
	f.progress.done.Store(12)
	f.progress.total.Store(50)
	if v := f.View(80, 10); !strings.Contains(v, "12 of 50 done") {
		t.Fatalf("during the writes:\n%s", v)
	}
	if !f.Busy() || len(f.Keys()) != 0 {
		t.Fatal("a running form is busy and offers no key")
	}
}
