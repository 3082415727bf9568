package api

import (
	"fmt"
	"strconv"
	"strings"
)

// Version is an Unleash server version, from ui-config.
type Version struct {
	Major, Minor, Patch int
}

// ParseVersion reads "8.2.0", "v7.6.5" or "5.12.8-beta.1" (a suffix is ignored).
func ParseVersion(s string) (Version, bool) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "v")
	if i := strings.IndexAny(s, "-+ "); i >= 0 {
		s = s[:i]
	}
	parts := strings.Split(s, ".")
	if len(parts) < 2 || len(parts) > 3 {
		return Version{}, false
	}
	var nums [3]int
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return Version{}, false
		}
		nums[i] = n
	}
	return Version{nums[0], nums[1], nums[2]}, true
}

func (v Version) String() string { return fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Patch) }

// AtLeast reports whether v is the given version or later.
func (v Version) AtLeast(major, minor, patch int) bool {
	if v.Major != major {
		return v.Major > major
	}
	if v.Minor != minor {
		return v.Minor > minor
	}
	return v.Patch >= patch
}

// OldestSupported is the oldest Unleash the client speaks to: the token API of
// 4.x and before differs in ways this client does not know.
var OldestSupported = Version{5, 0, 0}

// dialect is how one server version's token API is spoken. Each field names
// the version that changed it; tests run the client against each major.
type dialect struct {
	// tokenNameField names the API-token name in create bodies: "username" on
	// 5.0, "tokenName" from 5.1 (6.x takes both, 7.0 drops "username").
	tokenNameField string
	// backendType is the type a backend token is created as: "client" up to
	// 7.1.0, "backend" from 7.1.1. Lists may hold either; both read as backend.
	backendType string
	// byName: GET /api/admin/api-tokens/{name} exists (from 5.4.0).
	byName bool
}

// dialectOf returns the dialect of a version; the zero Version (unknown)
// gets the newest, which every create then checks against the answer.
func dialectOf(v Version) dialect {
	d := dialect{tokenNameField: "tokenName", backendType: "backend", byName: true}
	if v == (Version{}) {
		return d
	}
	if !v.AtLeast(5, 1, 0) {
		d.tokenNameField = "username"
	}
	if !v.AtLeast(7, 1, 1) {
		d.backendType = "client"
	}
	d.byName = v.AtLeast(5, 4, 0)
	return d
}
