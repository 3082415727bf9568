package keys

import (
	"github.com/charmbracelet/bubbles/key"

	"os"
	"strings"
	"testing"
)

// TestREADMENamesEveryKey: every key a screen outside a form or question
// acts on, each of its alternates too (ctrl+u, home, h/l, y, o), is in the
// README's Keys table, as the help screen lists it.
func TestREADMENamesEveryKey(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	section := string(readme)
	start := strings.Index(section, "\n## Keys\n")
	if start < 0 {
		t.Fatal("the README has no Keys section")
	}
	section = section[start+1:]
	if end := strings.Index(section, "\n## "); end >= 0 {
		section = section[:end]
	}
	shown := map[string]string{"up": "↑", "down": "↓", "left": "←", "right": "→", "pgdown": "pgdn", " ": "space"}
	m := New(5)
	for _, b := range append([]key.Binding{
		m.NextTab, m.PrevTab, m.Reload, m.Profiles, m.Help, m.Quit, m.ForceQuit, m.Suspend,
		m.Up, m.Down, m.PageUp, m.PageDown, m.Top, m.Bottom, m.Open, m.Back, m.Filter, m.Sort,
		m.New, m.Delete, m.Edit, m.Rotate, m.CopyID, m.Page, m.Mark, m.MarkAll, m.ClearMarks,
		m.PrevCategory, m.NextCategory, m.Copy,
	}, m.Tabs[0], m.Tabs[4]) {
		for _, k := range b.Keys() {
			if s, ok := shown[k]; ok {
				k = s
			}
			if !strings.Contains(section, "`"+k+"`") {
				t.Errorf("the README's Keys table lacks `%s` (%s)", k, b.Help().Desc)
			}
		}
	}
}
