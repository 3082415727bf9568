package realserver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"testing"
	"time"
)

// Hook may answer a request itself (true) instead of the real server.
type Hook func(w http.ResponseWriter, r *http.Request, forward http.Handler) bool

// Proxy puts a loopback proxy in front of the real server and returns its
// URL: tests use it to lose an answer, refuse one write or change an
// answer, while everything else is the real server's. Closed at cleanup.
func Proxy(t testing.TB, c Credentials, hook Hook) string {
	t.Helper()
	target, err := url.Parse(c.URL)
	if err != nil {
		t.Fatal(err)
	}
	forward := httputil.NewSingleHostReverseProxy(target)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hook != nil && hook(w, r, forward) {
			return
		}
		forward.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	return ts.URL
}

// NewUser makes a user with the given root role (1 Admin, 2 Editor, 3
// Viewer) on the real server and returns a PAT of theirs: for tests that
// must know how many PATs the user has. It logs in once (Unleash allows 10
// logins a minute from one address). The user is deleted at cleanup.
func NewUser(t testing.TB, c Credentials, role int) string {
	t.Helper()
	name := fmt.Sprintf("e2e-%d", time.Now().UnixNano())
	const password = "E2e-user-Pa55word!"
	var user struct {
		ID int `json:"id"`
	}
	call(t, http.DefaultClient, c.URL, "POST", "/api/admin/user-admin", c.AdminPAT,
		map[string]any{"username": name, "name": name, "password": password, "rootRole": role, "sendEmail": false}, &user)
	t.Cleanup(func() {
		req, _ := http.NewRequest("DELETE", fmt.Sprintf("%s/api/admin/user-admin/%d", c.URL, user.ID), nil)
		req.Header.Set("Authorization", c.AdminPAT)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
		}
	})
	jar, _ := cookiejar.New(nil)
	session := &http.Client{Jar: jar}
	call(t, session, c.URL, "POST", "/auth/simple/login", "", map[string]any{"username": name, "password": password}, nil)
	var pat struct {
		Secret string `json:"secret"`
	}
	call(t, session, c.URL, "POST", "/api/admin/user/tokens", "",
		map[string]any{"description": "e2e session", "expiresAt": time.Now().Add(24 * time.Hour).UTC().Format(time.RFC3339)}, &pat)
	return pat.Secret
}

func call(t testing.TB, client *http.Client, base, method, path, auth string, body, out any) {
	t.Helper()
	data, _ := json.Marshal(body)
	req, err := http.NewRequest(method, base+path, bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	if resp.StatusCode/100 != 2 {
		t.Fatalf("%s %s: HTTP %d", method, path, resp.StatusCode) // the body may echo a password or secret
	}
	if out != nil {
		if err := json.Unmarshal(got, out); err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
	}
}
