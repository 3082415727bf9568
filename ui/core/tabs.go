package core

// TabID names a tab. The order of the tabs, their numbers and titles live
// here and nowhere else.
type TabID int

const (
	TabPATs TabID = iota
	TabAccounts
	TabProjects
	TabSearch
	TabAudit
)

// TabOrder is the order of the tab bar; tab n's key is its place plus one.
var TabOrder = []TabID{TabPATs, TabAccounts, TabProjects, TabSearch, TabAudit}

// Number is the tab's key: "1" for the first.
func (id TabID) Number() int {
	for i, t := range TabOrder {
		if t == id {
			return i + 1
		}
	}
	return 0
}

// Title is the tab's name in the tab bar, short when space is tight.
func (id TabID) Title(short bool) string {
	long := [...]string{"My PATs", "Service accounts", "Project tokens", "Search", "Audit"}
	brief := [...]string{"PATs", "Accounts", "Projects", "Search", "Audit"}
	if short {
		return brief[id]
	}
	return long[id]
}
