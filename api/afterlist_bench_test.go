package api

import (
	"fmt"
	"testing"
	"time"
)

// BenchmarkAfterList is what every API-token list costs once decoded:
// learning its secrets (once each per process: later loads find them known)
// and marking rotations' old tokens, at 100,000 tokens of unique names.
//
//	go test ./api -run '^$' -bench AfterList -benchtime 5x
func BenchmarkAfterList(b *testing.B) {
	const n = 100_000
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	toks := make([]APIToken, n)
	for i := range toks {
		exp := now.Add(time.Duration(i%400-100) * 24 * time.Hour)
		toks[i] = APIToken{Name: fmt.Sprintf("service-%05d-development", i), Type: TypeBackend, Environment: "development",
			Projects: []string{fmt.Sprintf("project-%03d", i%200)}, CreatedAt: now.Add(-time.Duration(i%700) * 24 * time.Hour), ExpiresAt: &exp,
			Secret: Secret(fmt.Sprintf("project-%03d:development.%056x", i%200, i+1<<40))}
	}
	b.Run("mark", func(b *testing.B) {
		for range b.N {
			markSuperseded([][]APIToken{toks})
		}
	})
	b.Run("learn", func(b *testing.B) {
		for range b.N {
			learnSecrets([][]APIToken{toks})
		}
	})
}
