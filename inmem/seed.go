package inmem

import (
	"fmt"
	"time"
)

// load fills the server with its seed data, dated relative to its clock: PATs
// and tokens that are expired, expiring within days, never used, stale and
// never expiring, across several projects, environments and service accounts.
func (s *Server) load() {
	now := s.Now()
	at := func(days float64) time.Time {
		return now.Add(time.Duration(days * 24 * float64(time.Hour))).Truncate(time.Second)
	}
	seen := func(days float64) *time.Time { t := at(-days); return &t }
	never := now.AddDate(1000, 0, 0).Truncate(time.Second) // what the web UI sends for "Never"

	s.users = map[int]*user{}
	addUser := func(username, name, email string, role int, service bool, createdDaysAgo float64) *user {
		u := &user{ID: s.nextUserID, Username: username, Name: name, Email: email, RootRole: role, ServiceAccount: service, CreatedAt: at(-createdDaysAgo)}
		s.nextUserID++
		s.users[u.ID] = u
		return u
	}
	access := func(u *user, secret, desc string) {
		p := s.newPAT(u, desc, at(-1), at(365), seen(0.01))
		p.Secret = secret
	}
	admin := addUser("admin", "Ada Admin", "ada@example.com", roleAdmin, false, 700)
	access(admin, AdminPAT, "unleash-tokens on my laptop")
	editor := addUser("editor", "Eddie Editor", "eddie@example.com", roleEditor, false, 300)
	access(editor, EditorPAT, "editor access")
	viewer := addUser("viewer", "Vera Viewer", "vera@example.com", roleViewer, false, 200)
	access(viewer, ViewerPAT, "viewer access")

	s.envs = []environment{{"development", "development", 1}, {"production", "production", 3}}
	s.projects = []project{{"default", "Default", "Default project", at(-700)}}
	s.apiTokens = []*apiToken{
		{Name: "admin", Type: "admin", Environment: "*", Projects: []string{"*"}, Secret: AdminAPIToken, CreatedAt: at(-700), SeenAt: seen(0.2)},
		{Name: "backend-all", Type: "client", Environment: "development", Projects: []string{"*"}, Secret: BackendToken, CreatedAt: at(-60), SeenAt: seen(0.05)},
	}
	if !s.seed {
		return
	}

	for _, p := range []struct {
		desc             string
		created, expires float64
		seen             *time.Time
	}{
		{"ci deploy pipeline", -200, 3, seen(2.0 / 24)},
		{"laptop terraform", -400, -12, seen(40)},
		{"grafana dashboards", -30, 60, nil},
		{"backstage plugin", -150, 20, seen(120)},
		{"local debugging", -5, 25, seen(10.0 / 24 / 60)},
		{"migration script", -90, 200, seen(95)},
	} {
		s.newPAT(admin, p.desc, at(p.created), at(p.expires), p.seen)
	}
	s.newPAT(admin, "release bot", at(-100), never, seen(1))

	ci := addUser("ci-runner", "CI runner", "", roleEditor, true, 320)
	s.newPAT(ci, "github actions", at(-80), at(5), seen(0.1))
	s.newPAT(ci, "gitlab (old)", at(-380), at(-20), seen(25))
	s.newPAT(ci, "nightly e2e", at(-10), at(80), nil)
	tf := addUser("terraform", "Terraform", "", roleAdmin, true, 500)
	s.newPAT(tf, "terraform cloud", at(-300), never, seen(0.5))
	s.newPAT(tf, "terraform local state", at(-420), at(-60), seen(100))
	addUser("data-export", "Data export", "", roleViewer, true, 45)

	s.envs = []environment{{"development", "development", 1}, {"staging", "test", 2}, {"production", "production", 3}}
	s.projects = append(s.projects,
		project{"checkout", "Checkout", "Cart and payment flow", at(-500)},
		project{"payments", "Payments", "Payment providers", at(-480)},
		project{"mobile-app", "Mobile app", "iOS and Android", at(-350)},
		project{"search", "Search", "", at(-200)},
		project{"growth-experiments", "Growth experiments", "A/B tests", at(-90)},
	)
	ptr := func(t time.Time) *time.Time { return &t }
	for _, t := range []struct {
		name, kind, env string
		projects        []string
		created         float64
		expires         *time.Time
		seen            *time.Time
	}{
		{"checkout-api", "client", "production", []string{"checkout"}, -400, nil, seen(0.01)},
		{"checkout-api", "client", "development", []string{"checkout"}, -400, nil, seen(3)},
		{"checkout-web", "frontend", "production", []string{"checkout"}, -300, ptr(at(6)), seen(0.2)},
		{"payments-worker", "client", "production", []string{"payments"}, -450, ptr(at(-3)), seen(3.5)},
		{"payments-worker", "client", "staging", []string{"payments"}, -200, ptr(at(28)), seen(91)},
		{"mobile-ios", "frontend", "production", []string{"mobile-app"}, -340, ptr(at(45)), seen(0.02)},
		{"mobile-android", "frontend", "production", []string{"mobile-app"}, -340, ptr(at(2)), nil},
		{"search-indexer", "client", "development", []string{"search"}, -120, nil, nil},
		{"search-indexer", "client", "production", []string{"search"}, -120, ptr(at(400)), seen(150)},
		{"growth-edge", "client", "production", []string{"growth-experiments", "checkout"}, -60, ptr(at(15)), seen(1)},
		{"growth-web", "frontend", "staging", []string{"growth-experiments"}, -30, nil, seen(0.5)},
		{"data-warehouse-sync", "client", "production", []string{"*"}, -600, ptr(at(-100)), seen(110)},
		{"edge-proxy", "client", "production", []string{"*"}, -250, ptr(never), seen(0.001)},
		{"legacy-admin-script", "client", "development", []string{"default"}, -650, nil, seen(400)},
	} {
		prefix := "*"
		if len(t.projects) == 1 {
			prefix = t.projects[0]
		} else if len(t.projects) > 1 {
			prefix = "[]"
		}
		s.apiTokens = append(s.apiTokens, &apiToken{Name: t.name, Type: t.kind, Environment: t.env, Projects: t.projects,
			Secret: prefix + ":" + t.env + "." + s.newSecret("api"), CreatedAt: at(t.created), ExpiresAt: t.expires, SeenAt: t.seen})
	}
}

// loadBulk adds the projects and tokens WithBulk asked for. Token i is in
// project i mod projects; its expiry and last use cycle through expired,
// expiring within days, within weeks, later and never, and recent, stale
// and never used.
func (s *Server) loadBulk() {
	if s.bulkProjects <= 0 || s.bulkTokens <= 0 {
		return
	}
	now := s.Now()
	day := 24 * time.Hour
	expiries := []time.Duration{-20 * day, 3 * day, 20 * day, 200 * day, 0}
	seen := []time.Duration{-2 * time.Hour, -120 * day, 0}
	envs := []string{"development", "production"}
	for p := range s.bulkProjects {
		s.projects = append(s.projects, project{fmt.Sprintf("bulk-%03d", p), fmt.Sprintf("Bulk project %d", p), "", now.Add(-400 * day)})
	}
	for i := range s.bulkTokens {
		pid := s.projects[len(s.projects)-s.bulkProjects+i%s.bulkProjects].ID
		env := envs[i%len(envs)]
		t := &apiToken{Name: fmt.Sprintf("bulk-token-%05d", i), Type: "client", Environment: env, Projects: []string{pid},
			Secret: pid + ":" + env + "." + s.newSecret("api"), CreatedAt: now.Add(-300 * day)}
		if d := expiries[i%len(expiries)]; d != 0 {
			at := now.Add(d)
			t.ExpiresAt = &at
		}
		if d := seen[(i/len(expiries))%len(seen)]; d != 0 {
			at := now.Add(d)
			t.SeenAt = &at
		}
		s.apiTokens = append(s.apiTokens, t)
	}
}
