package audit

import "time"

// These let other commands' outputs (prune) write tokens the way the
// audit's JSON and CSV do.

// CSVSafe keeps a spreadsheet from reading a cell as a formula.
func CSVSafe(s string) string { return csvSafe(s) }

// CleanList cleans each string for output.
func CleanList(in []string) []string { return cleanList(in) }

// UTC is the time in UTC, nil for nil.
func UTC(t *time.Time) *time.Time { return utc(t) }

// Stamp is the time in RFC 3339, UTC, "" for nil.
func Stamp(t *time.Time) string { return stamp(t) }

// ProjectsWhere is "all projects", "project checkout" or "projects a, b".
func ProjectsWhere(projects []string) string { return projectsWhere(projects) }
