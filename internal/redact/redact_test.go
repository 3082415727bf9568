package redact

import (
	"fmt"
	"math/rand/v2"
	"runtime"
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

// TestHexWindows: every window of a learned hex body, at either half of a
// packed byte, of even and odd lengths, is found; a window across two
// bodies, or past a body's end, is not; Prime agrees with Text.
func TestHexWindows(t *testing.T) {
	t.Cleanup(Forget)
	Forget()
	rnd := rand.New(rand.NewPCG(1, 2))
	hexOf := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = "0123456789abcdef"[rnd.IntN(16)]
		}
		return string(b)
	}
	var bodies []string
	var secrets []string
	for i := range 300 {
		n := []int{16, 17, 23, 56, 56, 56, 64}[i%7]
		body := hexOf(n)
		if i%5 == 0 {
			body = strings.ToUpper(body) // learned in any case, found in any case
		}
		bodies = append(bodies, strings.ToLower(body))
		secrets = append(secrets, "p:e."+body)
	}
	LearnEach(slices.Values(secrets))
	known := func(w string) bool {
		for _, b := range bodies {
			if strings.Contains(b, w) {
				return true
			}
		}
		return false
	}
	var texts []string
	for i, b := range bodies {
		for at := 0; at+MinRun <= len(b); at += 1 + i%3 {
			w := b[at : at+MinRun]
			texts = append(texts, "x "+w+" y")
			// Near misses: its first or last digit changed.
			other := string("0123456789abcdef"[(strings.IndexByte("0123456789abcdef", w[0])+1)%16])
			texts = append(texts, "x "+other+w[1:]+" y", "x "+w[:MinRun-1]+other+" y")
		}
		// Across this body's end and the next one's start (neighbours in
		// a block when of the same length).
		next := bodies[(i+7)%len(bodies)]
		for k := 1; k < MinRun; k++ {
			if len(b) >= k && len(next) >= MinRun-k {
				texts = append(texts, "x "+b[len(b)-k:]+next[:MinRun-k]+" y")
			}
		}
	}
	for range 2000 {
		texts = append(texts, "x "+hexOf(MinRun)+" y")
	}
	for _, prime := range []bool{false, true} {
		reg.mu.Lock()
		reg.cache = nil
		reg.mu.Unlock()
		if prime {
			Prime(slices.Values(texts))
		}
		for _, s := range texts {
			w := s[2 : 2+MinRun]
			want := s
			if known(w) {
				want = "x " + Mark + " y"
			}
			if got := Text(s); got != want {
				t.Fatalf("prime %v: Text(%q) = %q, want %q", prime, s, got, want)
			}
			if got := Text(strings.ToUpper(s)); (got != strings.ToUpper(s)) != known(w) {
				t.Fatalf("prime %v: Text(%q) = %q", prime, strings.ToUpper(s), got)
			}
		}
	}
}

// benchSecrets are n v1 secrets as Unleash makes them (56 hex digits).
func benchSecrets(n int) []string {
	rnd := rand.New(rand.NewPCG(3, 4))
	out := make([]string, n)
	b := make([]byte, 56)
	for i := range out {
		for j := range b {
			b[j] = "0123456789abcdef"[rnd.IntN(16)]
		}
		out[i] = fmt.Sprintf("project-%d:development.%s", i%200, b)
	}
	return out
}

// BenchmarkLearn100k: learning a list's 100,000 v1 secrets; reports the
// heap the registry holds for them.
func BenchmarkLearn100k(b *testing.B) {
	secrets := benchSecrets(100_000)
	b.Cleanup(Forget)
	var held float64
	for b.Loop() {
		Forget()
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		LearnEach(slices.Values(secrets))
		runtime.GC()
		runtime.ReadMemStats(&after)
		held = float64(after.HeapAlloc) - float64(before.HeapAlloc)
	}
	b.ReportMetric(held/100_000, "B/secret")
}

// BenchmarkText100k: Text of a name holding a hex run that is no secret's
// (a lookup each time: the cache is dropped), and of a name holding none.
func BenchmarkText100k(b *testing.B) {
	b.Cleanup(Forget)
	Forget()
	LearnEach(slices.Values(benchSecrets(100_000)))
	for _, c := range []struct{ name, text string }{
		{"hex-miss", "deploy-0badc0ffee15-prod"},
		{"hex-hit", "deploy-" + Body(benchSecrets(1)[0])[9:30] + "-prod"},
		{"words", "service-account-for-payments-development"},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				reg.mu.Lock()
				reg.cache = nil
				reg.mu.Unlock()
				Text(c.text)
			}
		})
	}
}

// BenchmarkPrime100k: Prime of 100,000 names as a list has them (no hex
// run in most; one in a hundred with one, one in a thousand with a part of
// a secret), and of the same names where a third have hex runs.
func BenchmarkPrime100k(b *testing.B) {
	b.Cleanup(Forget)
	Forget()
	secrets := benchSecrets(100_000)
	LearnEach(slices.Values(secrets))
	for _, c := range []struct {
		name       string
		hex, parts int // one name in hex has a hex run, one in parts a part of a secret
	}{{"names", 100, 1000}, {"hex-third", 3, 9}} {
		names := make([]string, 100_000)
		for i := range names {
			switch {
			case i%c.parts == 0:
				names[i] = "name-" + Body(secrets[i])[20:40]
			case i%c.hex == 0:
				names[i] = fmt.Sprintf("deploy-%08x-prod", i*2654435761)
			default:
				names[i] = fmt.Sprintf("bulk-token-%05d", i)
			}
		}
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				reg.mu.Lock()
				reg.cache = nil
				reg.mu.Unlock()
				Prime(slices.Values(names))
			}
		})
	}
}
