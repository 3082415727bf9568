package ui

import (
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// BenchmarkResizeDrag: a window edge dragged at 100,000 API tokens, every
// event a size not seen just before (widths 80 to 200, heights 24 to 50,
// no pair again within 3,267 events), Update and every command and View:
// what a resize costs when no cache of a width helps.
//
//	go test ./ui -run '^$' -bench '^BenchmarkResizeDrag$' -benchtime 1210x
func BenchmarkResizeDrag(b *testing.B) {
	m := benchApp(b, 100_000)
	u := appUpdater(m)
	var took time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		deliver(u, tea.WindowSizeMsg{Width: 80 + i%121, Height: 24 + i%27})
		_ = m.View()
		took += time.Since(start)
	}
	b.ReportMetric(ms(took, b.N), "ms/event")
}
