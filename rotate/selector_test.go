package rotate

import (
	"testing"

	"github.com/unleash-tokens/unleash-tokens/api"
)

// A v2 secret's selector names the new token without being a credential; a
// v1 secret has none.
func TestSelectorOf(t *testing.T) {
	for in, want := range map[string]string{
		"default:development.v2_AbCdEfGhIjKlMnOpQrStUv_" + "0123456789abcdefghijklmnopqrstuvwxyzABCDEFG": "AbCdEfGhIjKlMnOpQrStUv",
		"user:v2_AbCdEfGhIjKlMnOpQrStUv_" + "0123456789abcdefghijklmnopqrstuvwxyzABCDEFG":                "AbCdEfGhIjKlMnOpQrStUv",
		"*:development.0123456789abcdef0123456789abcdef0123456789abcdef01234567":                         "",
		"": "",
	} {
		if got := selectorOf(api.Secret(in)); got.Reveal() != want {
			t.Errorf("%q: %q, want %q", in, got.Reveal(), want)
		}
	}
}
