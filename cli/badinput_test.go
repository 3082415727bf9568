package cli

import (
	"encoding/pem"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/inmem"
)

// TestBadInputs drives the commands with bad input of every kind the user
// or a server can give. Each case asserts the exit code and the exact
// message on stderr (after the test's own URLs, ports and directories are
// replaced by placeholders), and, by running in-process, that nothing
// panics.
func TestBadInputs(t *testing.T) {
	srv := fixClock(t)
	good := httptest.NewServer(srv)
	defer good.Close()
	prefixed := httptest.NewServer(http.StripPrefix("/ushosted", srv))
	defer prefixed.Close()
	tlsSrv := httptest.NewUnstartedServer(srv)
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes are the point
	tlsSrv.StartTLS()
	defer tlsSrv.Close()

	respond := func(status int, contentType, body string, header ...string) string {
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			for i := 0; i+1 < len(header); i += 2 {
				w.Header().Set(header[i], header[i+1])
			}
			if contentType != "" {
				w.Header().Set("Content-Type", contentType)
			}
			w.WriteHeader(status)
			_, _ = w.Write([]byte(body))
		}))
		t.Cleanup(ts.Close)
		return ts.URL
	}
	hanging := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	defer hanging.Close()
	endless := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"pats":[`))
		for r.Context().Err() == nil {
			_, _ = w.Write([]byte(`{"id":1,"description":"x"},`))
			w.(http.Flusher).Flush()
			time.Sleep(time.Millisecond)
		}
	}))
	defer endless.Close()
	closer, _ := net.Listen("tcp", "127.0.0.1:0") // accepts, then hangs up: not HTTP
	defer closer.Close()
	go func() {
		for {
			c, err := closer.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	refused := func() string { // a port nothing listens on
		l, _ := net.Listen("tcp", "127.0.0.1:0")
		addr := l.Addr().String()
		l.Close()
		return "http://" + addr
	}()

	dir := t.TempDir()
	file := func(name, body string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tokenFile := file("token", "\n  "+inmem.AdminPAT+"  \n", 0o600)
	emptyToken := file("empty-token", "\n\n", 0o600)
	twoLines := file("two-lines", "user:a\nuser:b\n", 0o600)
	nulToken := file("nul-token", "user:a\x00b\n", 0o600)
	openToken := file("open-token", inmem.AdminPAT+"\n", 0o644)
	badJSON := file("bad.json", "{\n  \"profiles\": {\n    \"x\": {\"url\": \"u\",}\n  }\n}", 0o600)
	unknownField := file("unknown.json", `{"profiles": {"x": {"uri": "u"}}}`, 0o600)
	profiles := file("profiles.json", `{"profiles": {"dev": {"url": "`+good.URL+`"}, "prod": {"url": "`+good.URL+`", "token": "`+inmem.AdminPAT+`"}}}`, 0o600)
	helpers := file("helpers.json", `{"profiles": {"fails": {"url": "`+good.URL+`", "token_command": ["false"]}, "missing": {"url": "`+good.URL+`", "token_command": ["unleash-tokens-no-such-helper"]}}}`, 0o600)
	shellish := file("shellish.json", `{"profiles": {"x": {"url": "`+good.URL+`", "token_command": "pass show 'unleash prod'"}}}`, 0o600)
	badRisk := file("badrisk.json", `{"risks": {"expired": false}}`, 0o600)
	openProfiles := file("open.json", `{"profiles": {"prod": {"url": "`+good.URL+`", "token": "`+inmem.AdminPAT+`"}}}`, 0o644)
	badThreshold := file("threshold.json", `{"thresholds": {"stale": "90"}}`, 0o600)
	notPEM := file("not.pem", "hello", 0o600)
	caPEM := file("ca.pem", string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: tlsSrv.Certificate().Raw})), 0o600)
	big := strings.Repeat("x", 10_000)

	type env = map[string]string
	admin := env{"UNLEASH_API_TOKEN": inmem.AdminPAT}
	with := func(url string, e env) env {
		out := env{"UNLEASH_URL": url}
		for k, v := range e {
			out[k] = v
		}
		return out
	}
	configHelp := "No config file at XDG/unleash-tokens/config.json.\n" +
		"To sign in and save a profile, its token in the OS keyring:\n  unleash-tokens login\n" +
		"To look around without a server:\n  unleash-tokens --demo\n" +
		"Or pass --url and --token-file, or set UNLEASH_URL and UNLEASH_API_TOKEN\n(--help has more).\n"
	const ok = "(success)"

	tests := []struct {
		name   string
		env    env
		args   []string
		code   int
		stderr string // exact, after placeholders; ok: the command worked
	}{
		// Where to connect.
		{"nothing configured", nil, []string{"pat", "list"}, exitUsage, "unleash-tokens: no Unleash URL and no token given.\n" + configHelp},
		{"no URL", admin, []string{"pat", "list"}, exitUsage, "unleash-tokens: no Unleash URL given (the token came from UNLEASH_API_TOKEN).\n" + configHelp},
		{"no token", env{"UNLEASH_URL": "https://unleash.example.com"}, []string{"pat", "list"}, exitUsage, "unleash-tokens: no Unleash token given for https://unleash.example.com.\n" + configHelp},
		{"URL without scheme", with("unleash.example.com", admin), []string{"pat", "list"}, exitUsage,
			"unleash-tokens: the Unleash URL \"unleash.example.com\" needs a scheme and a host, e.g. https://unleash.example.com\n"},
		{"URL with a space inside", with("https://unleash example.com", admin), []string{"pat", "list"}, exitUsage,
			"unleash-tokens: the Unleash URL \"https://unleash example.com\" is not a valid URL\n"},
		{"URL with spaces around", with("  "+good.URL+"  ", admin), []string{"pat", "list"}, exitOK, ok},
		{"URL with a trailing slash", with(good.URL+"/", admin), []string{"pat", "list"}, exitOK, ok},
		{"URL with a path prefix", with(prefixed.URL+"/ushosted/", admin), []string{"pat", "list"}, exitOK, ok},
		{"URL missing its path prefix", with(prefixed.URL, admin), []string{"pat", "list"}, exitError,
			"unleash-tokens: list your PATs: 404 page not found (HTTP 404)\n  Check the URL, including any path prefix (hosted Unleash has one, such as /ushosted).\n"},
		{"nothing listening", with(refused, admin), []string{"pat", "list"}, exitError,
			"unleash-tokens: list your PATs: cannot reach HOST: dial tcp HOST: connect: connection refused\n  Check the URL and that the server is running.\n"},
		{"a port that is not HTTP", with("http://"+closer.Addr().String(), admin), []string{"pat", "list"}, exitError,
			"unleash-tokens: list your PATs: cannot reach HOST: the connection closed without an answer (is it an HTTP server?)\n  Check the URL and that the server is running.\n"},
		{"not an Unleash server", with(respond(200, "text/html", "<html><title>Welcome to nginx!</title></html>"), admin), []string{"pat", "list"}, exitError,
			"unleash-tokens: list your PATs: the server answered 200 with an HTML page\n  Check that the URL points at an Unleash server (include any path prefix).\n"},
		{"TLS with an unknown CA", with(tlsSrv.URL, admin), []string{"pat", "list"}, exitError,
			"unleash-tokens: list your PATs: the TLS certificate of HOST is not trusted: tls: failed to verify certificate: x509: certificate signed by unknown authority\n" +
				"  If a private CA signed it, pass that CA with --ca-file; check the host name in the URL.\n"},
		{"TLS with --ca-file", with(tlsSrv.URL, admin), []string{"pat", "list", "--ca-file", caPEM}, exitOK, ok},
		{"--ca-file missing", with(tlsSrv.URL, admin), []string{"pat", "list", "--ca-file", filepath.Join(dir, "nope.pem")}, exitUsage,
			"unleash-tokens: --ca-file DIR/nope.pem does not exist\n"},
		{"--ca-file not PEM", with(tlsSrv.URL, admin), []string{"pat", "list", "--ca-file", notPEM}, exitUsage,
			"unleash-tokens: --ca-file DIR/not.pem holds no PEM certificate (-----BEGIN CERTIFICATE-----)\n"},
		{"plain http to another host", with("http://unleash.example.com", admin), []string{"pat", "list"}, exitUsage,
			"unleash-tokens: refusing to send the token in clear text to http://unleash.example.com: use https://, or pass --insecure-http if the network between you is trusted\n"},
		{"plain http to this machine", with(good.URL, admin), []string{"pat", "list"}, exitOK, ok},
		{"--timeout zero", with(good.URL, admin), []string{"pat", "list", "--timeout", "0s"}, exitUsage,
			"unleash-tokens: --timeout 0s: give a positive duration such as 15s\n"},
		{"--timeout not a duration", with(good.URL, admin), []string{"pat", "list", "--timeout", "soon"}, exitUsage,
			"unleash-tokens: --timeout \"soon\": give a duration such as 10s or 2m\n"},

		// The token.
		{"token with stray whitespace", with(good.URL, env{"UNLEASH_API_TOKEN": "\t" + inmem.AdminPAT + " \n"}), []string{"pat", "list"}, exitOK, ok},
		{"token file with blank lines", with(good.URL, nil), []string{"pat", "list", "--token-file", tokenFile}, exitOK, ok},
		{"empty token file", with(good.URL, nil), []string{"pat", "list", "--token-file", emptyToken}, exitUsage,
			"unleash-tokens: --token-file: DIR/empty-token is empty; put the token on its first line\n"},
		{"token file with two tokens", with(good.URL, nil), []string{"pat", "list", "--token-file", twoLines}, exitUsage,
			"unleash-tokens: --token-file: DIR/two-lines has more than one line; keep only the token\n"},
		{"token file missing", with(good.URL, nil), []string{"pat", "list", "--token-file", filepath.Join(dir, "nope")}, exitUsage,
			"unleash-tokens: --token-file: DIR/nope does not exist\n"},
		{"/dev/zero as the token file", with(good.URL, nil), []string{"pat", "list", "--token-file", "/dev/zero"}, exitUsage,
			"unleash-tokens: --token-file: /dev/zero is larger than 1 KiB: a token file holds only the token\n"},
		{"a NUL byte in the token file", with(good.URL, nil), []string{"pat", "list", "--token-file", nulToken}, exitUsage,
			"unleash-tokens: --token-file: DIR/nul-token holds a control character (byte 0x00 at position 7): a token file holds only the token, as text\n"},
		{"a token file others can read", with(good.URL, nil), []string{"pat", "list", "--token-file", openToken}, exitOK,
			"unleash-tokens: warning: DIR/open-token holds a token and is readable by others (mode 0644); fix with: chmod 600 DIR/open-token\n"},
		{"/dev/urandom as the config file", nil, []string{"pat", "list", "--config", "/dev/urandom"}, exitUsage,
			"unleash-tokens: config file /dev/urandom is larger than 1 MiB: is it the right file?\n"},
		{"a password in the URL, no token", env{"UNLEASH_URL": "http://user:Secret@unleash.example.com"}, []string{"pat", "list"}, exitUsage,
			"unleash-tokens: no Unleash token given for http://redacted@unleash.example.com.\n" + configHelp},
		{"a password with # in an invalid URL", with("https://user:Se#cret@unleash.example.com", admin), []string{"pat", "list"}, exitUsage,
			"unleash-tokens: the Unleash URL \"https://redacted@unleash.example.com\" is not a valid URL\n"},
		{"a password with / in an invalid URL", with("https://user:Se/cret@unleash.example.com", admin), []string{"pat", "list"}, exitUsage,
			"unleash-tokens: the Unleash URL \"https://redacted@unleash.example.com\" is not a valid URL\n"},
		{"a password with ? in an invalid URL", with("https://user:Se?cret@unleash.example.com", admin), []string{"pat", "list"}, exitUsage,
			"unleash-tokens: the Unleash URL \"https://redacted@unleash.example.com\" is not a valid URL\n"},
		{"a numeric password with / in a URL that parses", with("https://user:12/Secret@unleash.example.com", admin), []string{"pat", "list"}, exitUsage,
			"unleash-tokens: the Unleash URL \"https://redacted@unleash.example.com\" has an @ after its host: leave out any user and password (the token signs in)\n"},
		{"wrong token", with(good.URL, env{"UNLEASH_API_TOKEN": "user:wrong"}), []string{"pat", "list"}, exitError,
			"unleash-tokens: list your PATs: You must log in to use Unleash. (HTTP 401 UnauthorizedError)\n" +
				"  Check the token: it may be mistyped, expired or deleted.\n"},

		// The config file.
		{"config not valid JSON", nil, []string{"pat", "list", "--config", badJSON, "--profile", "x"}, exitUsage,
			"unleash-tokens: config file DIR/bad.json is not valid: JSON syntax error on line 3\n"},
		{"config with an unknown setting", nil, []string{"pat", "list", "--config", unknownField, "--profile", "x"}, exitUsage,
			"unleash-tokens: config file DIR/unknown.json is not valid: unknown setting \"uri\" (known: default_profile, profiles, thresholds, risks; in a profile: url, token, token_file, token_env, token_command, token_command_timeout, token_keyring; in thresholds: soon, within, stale)\n"},
		{"profile that does not exist", nil, []string{"pat", "list", "--config", profiles, "--profile", "staging"}, exitUsage,
			"unleash-tokens: profile \"staging\" is not in DIR/profiles.json; it has: dev, prod\n"},
		{"profile without a token", nil, []string{"pat", "list", "--config", profiles, "--profile", "dev"}, exitUsage,
			"unleash-tokens: profile \"dev\" has no token: set one of token, token_file, token_env, token_command or token_keyring (unleash-tokens login does)\n"},
		{"token_command that fails", nil, []string{"pat", "list", "--config", helpers, "--profile", "fails"}, exitUsage,
			"unleash-tokens: profile \"fails\": token_command false exited with status 1\n"},
		{"token_command not installed", nil, []string{"pat", "list", "--config", helpers, "--profile", "missing"}, exitUsage,
			"unleash-tokens: profile \"missing\": token_command unleash-tokens-no-such-helper was not found: install it or give its full path\n"},
		{"token_command string with shell quoting", nil, []string{"pat", "list", "--config", shellish, "--profile", "x"}, exitUsage,
			"unleash-tokens: config file DIR/shellish.json is not valid: token_command: the string form is split at spaces only, without a shell, and \"'\" has no meaning there: write the command as an array, e.g. [\"sh\", \"-c\", \"…\"] if you do want a shell\n"},
		{"a risk check that does not exist", nil, []string{"pat", "list", "--config", badRisk, "--url", good.URL}, exitUsage,
			"unleash-tokens: risks.expired in DIR/badrisk.json: no such check (known: orphaned, all_projects, no_expiry_in_production, stored_in_clear, duplicate, created_by)\n"},
		{"config file that is not there", nil, []string{"pat", "list", "--config", filepath.Join(dir, "nope.json")}, exitUsage,
			"unleash-tokens: config file DIR/nope.json: no such file or directory\n"},
		{"token in a config others can read", nil, []string{"pat", "list", "--config", openProfiles, "--profile", "prod"}, exitOK,
			"unleash-tokens: warning: DIR/open.json holds a token and is readable by others (mode 0644); fix with: chmod 600 DIR/open.json\n"},
		{"threshold without a unit", with(good.URL, admin), []string{"audit", "--config", badThreshold}, exitUsage,
			"unleash-tokens: thresholds.stale in DIR/threshold.json: \"90\" is not a length of time: use 12h, 7d, 2w, 3mo or 1y\n"},

		// What a server sends.
		{"500 with Unleash's message", with(respond(500, "application/json", `{"name":"InternalError","message":"Database connection lost"}`), admin), []string{"pat", "list"}, exitError,
			"unleash-tokens: list your PATs: Database connection lost (HTTP 500 InternalError)\n  The server failed; try again later or check its logs.\n"},
		{"502 HTML from a proxy", with(respond(502, "text/html", "<html><head><title>502 Bad Gateway</title></head></html>"), admin), []string{"pat", "list", "--timeout", "2s"}, exitError,
			"unleash-tokens: list your PATs: the server (or a proxy in front of it) is unavailable (HTTP 502)\n  The server failed; try again later or check its logs.\n"},
		{"429 with Retry-After", with(respond(429, "text/plain", "Too many requests, please try again later.", "Retry-After", "0"), admin), []string{"pat", "list"}, exitError,
			"unleash-tokens: list your PATs: Too many requests, please try again later. (HTTP 429)\n  Wait a moment, then try again.\n"},
		{"empty body", with(respond(200, "application/json", ""), admin), []string{"pat", "list"}, exitError,
			"unleash-tokens: list your PATs: the server answered 200 with JSON that does not match Unleash's: unexpected end of JSON input\n  Check that the URL points at an Unleash server (include any path prefix).\n"},
		{"malformed JSON", with(respond(200, "application/json", `{"pats": [{"id": 1,}]}`), admin), []string{"pat", "list"}, exitError,
			"unleash-tokens: list your PATs: the server answered 200 with JSON that does not match Unleash's: invalid character '}' looking for beginning of object key string\n  Check that the URL points at an Unleash server (include any path prefix).\n"},
		{"JSON of the wrong shape", with(respond(200, "application/json", `{"pats": {"id": 1}}`), admin), []string{"pat", "list"}, exitError,
			"unleash-tokens: list your PATs: the server answered 200 with JSON that does not match Unleash's: json: cannot unmarshal object into Go struct field .pats of type []api.PAT\n  Check that the URL points at an Unleash server (include any path prefix).\n"},
		{"a 10 MB body", with(respond(200, "application/json", `{"pats": "`+strings.Repeat("a", 10<<20)+`"}`), admin), []string{"pat", "list"}, exitError,
			"unleash-tokens: list your PATs: the server answered 200 with JSON that does not match Unleash's: json: cannot unmarshal string into Go struct field .pats of type []api.PAT\n  Check that the URL points at an Unleash server (include any path prefix).\n"},
		{"a server that never answers", with(hanging.URL, admin), []string{"pat", "list", "--timeout", "300ms"}, exitError,
			"unleash-tokens: list your PATs: no answer from HOST within 300ms\n  The server did not answer in time; try again.\n"},
		{"a body that never ends", with(endless.URL, admin), []string{"pat", "list", "--timeout", "300ms"}, exitError,
			"unleash-tokens: list your PATs: the answer from HOST did not finish within 300ms\n  The server did not answer in time; try again.\n"},

		// Form input, through pat create.
		{"empty description", with(good.URL, admin), []string{"pat", "create", "--description", ""}, exitUsage,
			"unleash-tokens: a description is required, e.g. --description \"ci deploy\"\n"},
		{"whitespace-only description", with(good.URL, admin), []string{"pat", "create", "--description", " \t "}, exitUsage,
			"unleash-tokens: a description is required, e.g. --description \"ci deploy\"\n"},
		{"10,000-character description", with(good.URL, admin), []string{"pat", "create", "--description", big}, exitUsage,
			"unleash-tokens: the description is 10000 characters long; keep it to 200 or fewer\n"},
		{"31d is 31 days", with(good.URL, admin), []string{"pat", "create", "--description", "thirty-one", "--expires", "31d"}, exitOK,
			"Created PAT \"thirty-one\" (id N), expires 2026-12-24 12:00 UTC (in 31d). The secret is on standard output and will not be shown again.\n"},
		{"1mo is a month", with(good.URL, admin), []string{"pat", "create", "--description", "one month", "--expires", "1mo"}, exitOK,
			"Created PAT \"one month\" (id N), expires 2026-12-23 12:00 UTC (in 30d). The secret is on standard output and will not be shown again.\n"},
		{"1m is ambiguous", with(good.URL, admin), []string{"pat", "create", "--description", "x", "--expires", "1m"}, exitUsage,
			"unleash-tokens: --expires: \"1m\" is ambiguous: write mo for months (1mo) or d for days (30d)\n"},
		{"a date that does not exist", with(good.URL, admin), []string{"pat", "create", "--description", "x", "--expires", "2027-02-30"}, exitUsage,
			"unleash-tokens: --expires: \"2027-02-30\" is not a real date and time (YYYY-MM-DD, optionally HH:MM, in UTC)\n"},
		{"a date in the past", with(good.URL, admin), []string{"pat", "create", "--description", "x", "--expires", "2026-01-01"}, exitUsage,
			"unleash-tokens: --expires: 2026-01-01 23:59 UTC is in the past; an expiry must be in the future\n"},
		{"a word for a date", with(good.URL, admin), []string{"pat", "create", "--description", "x", "--expires", "tomorrow"}, exitUsage,
			"unleash-tokens: --expires: \"tomorrow\" is not an expiry: use 30d, 12h, 2w, 3mo, 1y, a date such as 2027-01-31 (optionally with HH:MM, UTC) or never\n"},
		{"delete with a name for an id", with(good.URL, admin), []string{"pat", "delete", "laptop"}, exitUsage,
			"unleash-tokens: pat delete takes one PAT id, a number such as 12 (unleash-tokens pat list shows them)\n"},
		{"audit with an unknown format", with(good.URL, admin), []string{"audit", "--format", "yaml"}, exitUsage,
			"unleash-tokens: --format \"yaml\": use table, json, csv or openmetrics\n"},
		{"soon longer than within", with(good.URL, admin), []string{"audit", "--soon", "60d"}, exitUsage,
			"unleash-tokens: the soon threshold (60d) is longer than the within threshold (14d): soon must be the shorter\n"},
		{"the TUI without a terminal", with(good.URL, admin), nil, exitUsage,
			"unleash-tokens: the terminal UI needs a terminal, and standard output is not one.\nFor scripts: unleash-tokens audit, unleash-tokens pat list|create|delete (see --help).\n"},
	}
	if len(tests) < 40 {
		t.Fatalf("only %d bad inputs", len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, k := range []string{"UNLEASH_URL", "UNLEASH_API_TOKEN"} {
				t.Setenv(k, tt.env[k])
			}
			t.Setenv("UNLEASH_TOKENS_CONFIG", "")
			xdg := t.TempDir()
			t.Setenv("XDG_CONFIG_HOME", xdg)
			r := runCommand(tt.args...)
			got := strings.ReplaceAll(normalise(r.stderr, dir), xdg, "XDG")
			if r.code != tt.code {
				t.Fatalf("exit %d, want %d\nstderr: %s", r.code, tt.code, got)
			}
			if tt.stderr == ok {
				if strings.Contains(got, "unleash-tokens:") {
					t.Fatalf("stderr: %s", got)
				}
				return
			}
			if got != tt.stderr {
				t.Fatalf("stderr\n got %q\nwant %q", got, tt.stderr)
			}
			if strings.Contains(r.stderr+r.stdout, inmem.AdminPAT[5:25]) && tt.code != exitOK {
				t.Fatal("a token in the output")
			}
		})
	}
}

// normalise replaces the test's own addresses and directory in a message.
func normalise(s, dir string) string {
	s = strings.ReplaceAll(s, dir, "DIR")
	s = regexp.MustCompile(`\(id \d+\)`).ReplaceAllString(s, "(id N)")
	for _, f := range strings.Fields(s) {
		f = strings.Trim(f, ":,()\"")
		if h, p, err := net.SplitHostPort(f); err == nil && h == "127.0.0.1" && p != "" {
			s = strings.ReplaceAll(s, f, "HOST")
		}
	}
	return s
}
