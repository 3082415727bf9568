package audit

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/unleash-tokens/unleash-tokens/api"
)

// TestTokenSize: the report holds a row per token (100,000 at times), so
// its size is held: each 8 bytes more is 0.8 MB more at 100,000.
func TestTokenSize(t *testing.T) {
	if s := unsafe.Sizeof(Token{}); s > 208 {
		t.Errorf("a Token is %d bytes, over 208", s)
	}
}

// TestKindText: a kind is written and read back as its name.
func TestKindText(t *testing.T) {
	for _, c := range []struct {
		k    Kind
		name string
	}{{KindPAT, "pat"}, {KindServiceAccountToken, "service_account_token"}, {KindAPIToken, "api_token"}} {
		b, err := json.Marshal(c.k)
		if err != nil || string(b) != `"`+c.name+`"` || c.k.String() != c.name {
			t.Errorf("%v: %s %v", c.name, b, err)
		}
		var back Kind
		if err := json.Unmarshal(b, &back); err != nil || back != c.k {
			t.Errorf("%s read back as %v, %v", b, back, err)
		}
	}
	var k Kind
	if err := json.Unmarshal([]byte(`"token"`), &k); err == nil {
		t.Error(`"token" read as a kind`)
	}
}

// TestShare: a row made from a project's list takes the text and times of
// the same token in the list of all API tokens where they are equal, and
// keeps its own where not.
func TestShare(t *testing.T) {
	at := func(s string) *time.Time { v, _ := time.Parse(time.RFC3339, s); return &v }
	fromProject := api.APIToken{Name: strings.Clone("deploy"), Environment: strings.Clone("production"), Projects: []string{"payments"},
		ExpiresAt: at("2027-01-01T00:00:00Z"), SeenAt: at("2026-01-01T00:00:00Z")}
	fromAll := api.APIToken{Name: strings.Clone("deploy"), Environment: strings.Clone("production"), Projects: []string{"payments"},
		ExpiresAt: at("2027-01-01T00:00:00Z"), SeenAt: at("2026-02-01T00:00:00Z")}
	tok := apiToken(&fromProject, "project payments")
	tok.share(&fromAll)
	if unsafe.StringData(tok.Name) != unsafe.StringData(fromAll.Name) || unsafe.StringData(tok.Environment) != unsafe.StringData(fromAll.Environment) ||
		&tok.Projects[0] != &fromAll.Projects[0] || tok.ExpiresAt != fromAll.ExpiresAt {
		t.Error("the equal text and times are not the list of all's")
	}
	if tok.SeenAt != fromProject.SeenAt {
		t.Error("a time that differs was taken")
	}
}

// TestSecretList: the facts read back as added, across the bits' words.
func TestSecretList(t *testing.T) {
	var l secretList
	l.grow(10)
	var want []secretFacts
	for i := range 200 {
		sf := secretFacts{v1: i%3 != 0}
		if i%50 == 7 {
			sf.scope = "payments"
		}
		l.add(sf)
		want = append(want, sf)
	}
	for i, w := range want {
		if got := l.at(i); got != w {
			t.Fatalf("%d: %+v, want %+v", i, got, w)
		}
	}
}
