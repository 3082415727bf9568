package redact

import (
	"slices"
	"strings"
	"testing"
)

func TestText(t *testing.T) {
	hexSecret := "default:development." + strings.Repeat("0123456789abcdef", 3) + "01234567"
	own := "user:" + strings.Repeat("fedcba98", 7)
	admin := "*:*.holdout-admin-secret"
	short := "*:*.tiny"
	v2 := "user:v2_" + "AbCdEfGhIjKlMnOpQrStUv" + "_" + "q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9zxcvb"
	Learn(own, admin, short, "", "ab", "*:*.inmem-admin-api-token", v2)
	LearnEach(slices.Values([]string{hexSecret}))
	body := Body(hexSecret)
	for _, c := range []struct{ in, want string }{
		{"leak-admin " + admin, "leak-admin [redacted]"},
		{"its words alone stay: holdout-admin and admin-secret", "its words alone stay: holdout-admin and admin-secret"},
		{"body only holdout-admin-secret!", "body only [redacted]!"},
		{"a hand-made token's words: /api/admin/api-tokens", "a hand-made token's words: /api/admin/api-tokens"},
		{"v2 " + v2[10:40], "v2 [redacted]_[redacted]"},
		{"LEAK HOLDOUT-ADMIN-SECRET", "LEAK [redacted]"},
		{"own " + own, "own user:[redacted]"},
		{"own cut " + strings.ToUpper(own[10:30]) + " end", "own cut [redacted] end"},
		{"v1 " + body[5:20], "v1 [redacted]"},
		{"seven " + body[:7], "seven " + body[:7]},
		{"short " + short + "!", "short [redacted]!"},
		{"plain words stay: decade facade 2026-01-01", "plain words stay: decade facade 2026-01-01"},
		{"service-00001-development", "service-00001-development"},
	} {
		if got := Text(c.in); got != c.want {
			t.Errorf("Text(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestPrimeAgreesWithText(t *testing.T) {
	var secrets, names []string
	for i := range 200 {
		s := "p:e." + strings.Repeat(string("0123456789abcdef"[i%16]), 4) + strings.Repeat("9e3779b9", 6) + string("0123456789abcdef"[i/16%16]) + string("0123456789abcdef"[i%16])
		secrets = append(secrets, s)
		names = append(names, "name-"+Body(s)[10:30], "deploy-"+strings.Repeat("c0ffee", 3))
	}
	LearnEach(slices.Values(secrets))
	Prime(slices.Values(names))
	for _, n := range names {
		got := Text(n)
		if strings.HasPrefix(n, "name-") && got != "name-[redacted]" || strings.HasPrefix(n, "deploy-") && got != n {
			t.Fatalf("Text(%q) = %q", n, got)
		}
	}
}
