package realserver

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Request is one request for Curl: a method and a path with its query.
type Request struct {
	Method string // GET when empty
	Path   string // "/api/admin/api-tokens", query included
	Status int    // the answer's status expected; 200 when 0
	// Header: what CurlParallel sends besides Authorization (the app's
	// Accept, Accept-Encoding, User-Agent …, as a recording proxy saw them).
	Header http.Header
}

// Curl sends the requests to the real server with one curl process, one
// after another over one kept-alive connection, with the headers the app
// sends (Authorization: auth, Accept: application/json; Accept-Encoding
// only when compressed, and then curl decompresses), and returns curl's own
// time for each (time_total: from starting the request to the last byte
// read), so the process's start is not counted. The credential goes in a
// config file of mode 600, not on the command line.
func Curl(tb testing.TB, base, auth string, compressed bool, reqs ...Request) []time.Duration {
	tb.Helper()
	var cfg strings.Builder
	cfg.WriteString("silent\nshow-error\n")
	for i, r := range reqs {
		if i > 0 {
			cfg.WriteString("next\n") // a new operation: it takes none of the options above
		}
		method := r.Method
		if method == "" {
			method = http.MethodGet
		}
		fmt.Fprintf(&cfg, "header = \"Authorization: %s\"\nheader = \"Accept: application/json\"\n", auth)
		cfg.WriteString("write-out = \"%{http_code} %{time_total}\\n\"\n")
		if compressed {
			cfg.WriteString("compressed\n")
		}
		fmt.Fprintf(&cfg, "request = %q\nurl = %q\noutput = \"/dev/null\"\n", method, base+r.Path)
	}
	path := filepath.Join(curlDir(tb), "requests.curl")
	if err := os.WriteFile(path, []byte(cfg.String()), 0o600); err != nil {
		tb.Fatal(err)
	}
	out, err := exec.Command("curl", "--config", path).Output()
	if err != nil {
		tb.Fatalf("curl: %v", err)
	}
	var times []time.Duration
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		code, secs, _ := strings.Cut(sc.Text(), " ")
		if i := len(times); i < len(reqs) && code != strconv.Itoa(max(reqs[i].Status, 200)) {
			tb.Fatalf("curl: %s %s answered HTTP %s", reqs[i].Method, reqs[i].Path, code)
		}
		s, err := strconv.ParseFloat(secs, 64)
		if err != nil {
			tb.Fatalf("curl wrote %q", sc.Text())
		}
		times = append(times, time.Duration(s*float64(time.Second)))
	}
	if len(times) != len(reqs) {
		tb.Fatalf("curl answered %d of %d requests", len(times), len(reqs))
	}
	return times
}

// CurlParallel sends the requests with one curl process, at most inFlight
// at once, in the order given (--parallel --parallel-max inFlight
// --parallel-immediate: a new connection at once for a transfer that finds
// none free, as Go's transport does, rather than waiting to multiplex; curl
// keeps every connection it opened for the transfers after), each with
// Authorization: auth and the request's Header, nothing else (curl adds
// only Host and, when Header has none, its own User-Agent and Accept), the
// bodies discarded. It checks every answer's status and returns the
// process's wall time, from its start to its exit, and its CPU time (user
// and system).
func CurlParallel(tb testing.TB, base, auth string, inFlight int, reqs ...Request) (wall, cpu time.Duration) {
	tb.Helper()
	var cfg strings.Builder
	fmt.Fprintf(&cfg, "silent\nshow-error\nparallel\nparallel-max = %d\nparallel-immediate\n", inFlight)
	for i, r := range reqs {
		if i > 0 {
			cfg.WriteString("next\n")
		}
		method := r.Method
		if method == "" {
			method = http.MethodGet
		}
		fmt.Fprintf(&cfg, "header = %q\n", "Authorization: "+auth)
		for k, vs := range r.Header {
			for _, v := range vs {
				fmt.Fprintf(&cfg, "header = %q\n", k+": "+v)
			}
		}
		cfg.WriteString("write-out = \"%{urlnum} %{http_code}\\n\"\n")
		fmt.Fprintf(&cfg, "request = %q\nurl = %q\noutput = \"/dev/null\"\n", method, base+r.Path)
	}
	path := filepath.Join(curlDir(tb), "parallel.curl")
	if err := os.WriteFile(path, []byte(cfg.String()), 0o600); err != nil {
		tb.Fatal(err)
	}
	cmd := exec.Command("curl", "--config", path)
	var out bytes.Buffer
	cmd.Stdout = &out
	start := time.Now()
	err := cmd.Run()
	wall = time.Since(start)
	if err != nil {
		tb.Fatalf("curl: %v", err)
	}
	cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	answered := 0
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		num, code, _ := strings.Cut(sc.Text(), " ")
		i, err := strconv.Atoi(num)
		if err != nil || i < 0 || i >= len(reqs) {
			tb.Fatalf("curl wrote %q", sc.Text())
		}
		if code != strconv.Itoa(max(reqs[i].Status, 200)) {
			tb.Fatalf("curl: %s %s answered HTTP %s", reqs[i].Method, reqs[i].Path, code)
		}
		answered++
	}
	if answered != len(reqs) {
		tb.Fatalf("curl answered %d of %d requests", answered, len(reqs))
	}
	return wall, cpu
}

var curlDirs sync.Map // testing.TB → its directory for curl's config

func curlDir(tb testing.TB) string {
	if d, ok := curlDirs.Load(tb); ok {
		return d.(string)
	}
	d := tb.TempDir()
	curlDirs.Store(tb, d)
	tb.Cleanup(func() { curlDirs.Delete(tb) })
	return d
}

// EnsureAPITokens makes API tokens on the real server until it lists at
// least n ("bench-load-N": backend and frontend, a quarter expired, a
// quarter expiring in 2030, the rest never), 8 creates at a time, and
// returns how many it lists. Unleash 8 caps API tokens at 2,000 unless
// UNLEASH_API_TOKENS_LIMIT says more (scripts/unleash-server.sh does).
// Creating 5,000 takes minutes: the tokens stay, so only the first run pays.
func EnsureAPITokens(tb testing.TB, c Credentials, n int) int {
	tb.Helper()
	have := countAPITokens(tb, c)
	if have >= n {
		return have
	}
	tb.Logf("making %d API tokens on %s (once: they stay)", n-have, c.URL)
	next := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failed error
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := createBenchToken(c, i); err != nil {
					mu.Lock()
					failed = err
					mu.Unlock()
				}
			}
		}()
	}
	stamp := time.Now().UnixNano()
	for i := range n - have {
		next <- int(stamp%1e9) + i
	}
	close(next)
	wg.Wait()
	if failed != nil {
		tb.Fatalf("making API tokens: %v", failed)
	}
	return countAPITokens(tb, c)
}

func createBenchToken(c Credentials, i int) error {
	typ := []string{"backend", "frontend", "backend"}[i%3]
	body := map[string]any{"tokenName": fmt.Sprintf("bench-load-%d", i), "type": typ, "environment": "development", "projects": []string{"*"}}
	switch i % 4 {
	case 0:
		body["expiresAt"] = "2020-01-01T00:00:00.000Z"
	case 1:
		body["expiresAt"] = "2030-06-01T00:00:00.000Z"
	}
	data, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, c.URL+"/api/admin/api-tokens", bytes.NewReader(data))
	req.Header.Set("Authorization", c.AdminPAT)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	return nil
}

func countAPITokens(tb testing.TB, c Credentials) int {
	tb.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.URL+"/api/admin/api-tokens", nil)
	req.Header.Set("Authorization", c.AdminPAT)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	var list struct {
		Tokens []json.RawMessage `json:"tokens"`
	}
	if resp.StatusCode != http.StatusOK {
		tb.Fatalf("GET /api/admin/api-tokens: HTTP %d", resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
		tb.Fatal(err)
	}
	return len(list.Tokens)
}
