package inmem

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"time"
)

// seedCreators says who made the seed's API tokens; a token not here has no
// event (the log was pruned before it), as "legacy-admin-script" has not.
var seedCreators = map[string]string{
	"admin": systemUserName, "backend-all": "admin",
	"checkout-api": "admin", "checkout-web": "editor", "payments-worker": "admin", "mobile-ios": "editor",
	"mobile-android": "editor", "search-indexer": "admin", "growth-edge": "admin", "growth-web": "editor",
	"data-warehouse-sync": "admin", "edge-proxy": "admin",
}

// loadEvents writes the api-token-created events of the seed's tokens.
func (s *Server) loadEvents() {
	for _, t := range s.apiTokens {
		by, ok := seedCreators[t.Name]
		if !ok {
			continue
		}
		id := systemUserID
		if u := s.userNamed(by); u != nil {
			id = u.ID
		}
		sent := t.Type
		if sent == "client" {
			sent = "backend"
		}
		s.recordTokenCreated(t, sent, by, id)
	}
}

func (s *Server) userNamed(username string) *user {
	for _, u := range s.users {
		if u.Username == username {
			return u
		}
	}
	return nil
}

// loadRisky adds the tokens Risky asks for.
func (s *Server) loadRisky() {
	if !s.risky {
		return
	}
	now := s.Now()
	at := func(days float64) time.Time {
		return now.Add(time.Duration(days * 24 * float64(time.Hour))).Truncate(time.Second)
	}
	ptr := func(t time.Time) *time.Time { return &t }
	admin := s.userNamed("admin")
	add := func(t *apiToken, event bool) *apiToken {
		s.apiTokens = append(s.apiTokens, t)
		if event {
			s.recordTokenCreated(t, "backend", admin.Username, admin.ID)
		}
		return t
	}
	// Made for project "reporting", which was deleted: Unleash before 6.1
	// dropped the token's project links and read it back as every project.
	add(&apiToken{Name: "reporting-job", Type: "client", Environment: "production", Projects: []string{"*"},
		Secret: "reporting:production." + s.newSecret("api"), CreatedAt: at(-200), ExpiresAt: ptr(at(90)), SeenAt: ptr(at(-1))}, false)
	// Its project is no longer listed.
	add(&apiToken{Name: "kiosk-app", Type: "frontend", Environment: "development", Projects: []string{"kiosk"},
		Secret: "kiosk:development." + s.newSecret("api"), CreatedAt: at(-120), ExpiresAt: ptr(at(60)), SeenAt: ptr(at(-2))}, true)
	// The same name and scope as the seed's production checkout-api.
	add(&apiToken{Name: "checkout-api", Type: "client", Environment: "production", Projects: []string{"checkout"},
		Secret: "checkout:production." + s.newSecret("api"), CreatedAt: at(-30), ExpiresAt: ptr(at(300)), SeenAt: ptr(at(-0.1))}, true)
	// Two made in the same millisecond by a script: duplicates, and their
	// events cannot tell which is which.
	for range 2 {
		add(&apiToken{Name: "batch-import", Type: "client", Environment: "development", Projects: []string{"payments"},
			Secret: "payments:development." + s.newSecret("api"), CreatedAt: at(-10), ExpiresAt: ptr(at(20)), SeenAt: ptr(at(-0.5))}, true)
	}
	if s.secure {
		// A v2 token made for project "retired", since deleted: Unleash 8
		// deletes a deleted project's v1 tokens but not its v2 ones, whose
		// project links go with the project, so it reads back as every
		// project. Only the event log still says what it was made for.
		t := &apiToken{Name: "edge-v2", Type: "client", Environment: "production", Projects: []string{"retired"},
			CreatedAt: at(-40), ExpiresAt: ptr(at(50)), SeenAt: ptr(at(-0.2))}
		t.Selector, t.Secret = s.newV2Secret("retired:production.")
		s.apiTokens = append(s.apiTokens, t)
		s.recordTokenCreated(t, "backend", admin.Username, admin.ID)
		t.Projects = []string{"*"}
		// A v2 token in good order.
		t2 := &apiToken{Name: "edge-v2-checkout", Type: "client", Environment: "development", Projects: []string{"checkout"},
			CreatedAt: at(-5), ExpiresAt: ptr(at(25)), SeenAt: ptr(at(-0.01))}
		t2.Selector, t2.Secret = s.newV2Secret("checkout:development.")
		add(t2, true)
	}
}

// newV2Secret makes a v2 credential, `<prefix>v2_<selector>_<secret>`, and
// its 22-character selector.
func (s *Server) newV2Secret(prefix string) (selector, secret string) {
	s.serial++
	sum := sha256.Sum256([]byte(fmt.Sprintf("inmem/v2/%d", s.serial)))
	enc := base64.RawURLEncoding.EncodeToString(sum[:]) // 43 characters
	selector = enc[:22]
	sum2 := sha256.Sum256(sum[:])
	return selector, prefix + "v2_" + selector + "_" + base64.RawURLEncoding.EncodeToString(sum2[:])
}
