package audit

import (
	"encoding/json"
	"testing"
	"unsafe"
)

// TestTokenSize: the report holds a row per token (100,000 at times), so
// its size is held: each 8 bytes more is 0.8 MB more at 100,000.
func TestTokenSize(t *testing.T) {
	if s := unsafe.Sizeof(Token{}); s > 224 {
		t.Errorf("a Token is %d bytes, over 224", s)
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
