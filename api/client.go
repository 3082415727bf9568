// Package api is a typed client for the token endpoints of Unleash's admin API.
//
// It knows HTTP and JSON and nothing of any UI. Every call takes a context and
// has a default timeout; GETs retry transient failures, writes never do; every
// failure is an *Error whose text holds no credential.
package api

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"mime"
	"net"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/unleash-tokens/unleash-tokens/internal/redact"
)

const (
	DefaultTimeout      = 15 * time.Second
	DefaultMaxBodyBytes = 64 << 20 // 50,000 API tokens are about 20 MiB of JSON
	maxErrorBodyBytes   = 64 << 10
	defaultRetries      = 3
	maxRetryAfter       = 10 * time.Second
	userAgent           = "unleash-tokens"
)

// Client talks to one Unleash instance with one token.
type Client struct {
	base         *url.URL
	token        Secret
	http         *http.Client
	timeout      time.Duration
	maxBodyBytes int64
	retries      int
	backoff      func(attempt int) time.Duration
	sleep        func(ctx context.Context, d time.Duration) error

	mu      sync.Mutex
	edition *Edition // the server's, once read: it picks the dialect of creates

	lists sharedLists // the read of the API-token list under way (sharedlist.go)
}

// Option configures a Client.
type Option func(*Client)

// WithHTTPClient sets the HTTP client (its Transport, TLS settings …). The
// client's own Timeout is left alone; per-call deadlines come from WithTimeout.
func WithHTTPClient(h *http.Client) Option { return func(c *Client) { c.http = h } }

// WithTimeout bounds each call, retries included. Zero keeps the default.
func WithTimeout(d time.Duration) Option {
	return func(c *Client) {
		if d > 0 {
			c.timeout = d
		}
	}
}

// WithMaxBodyBytes caps how much of a response body is read.
func WithMaxBodyBytes(n int64) Option { return func(c *Client) { c.maxBodyBytes = n } }

// WithRetries sets how many times a GET is retried after the first attempt.
func WithRetries(n int) Option { return func(c *Client) { c.retries = n } }

// WithBackoff replaces the wait before retry n (1-based); tests use it to
// keep retries instant. Retry-After from the server still wins when longer.
func WithBackoff(f func(attempt int) time.Duration) Option { return func(c *Client) { c.backoff = f } }

// WithServerVersion tells the client the server's version ("7.6.5"), so it
// does not read ui-config before its first create.
func WithServerVersion(version string) Option {
	return func(c *Client) {
		e := Edition{Version: version}
		e.Parsed, e.Known = ParseVersion(version)
		c.edition = &e
	}
}

// New makes a client for the Unleash instance at baseURL, which may carry a
// path prefix (https://host/ushosted). The token is sent as the
// Authorization header of every request.
func New(baseURL string, token Secret, opts ...Option) (*Client, error) {
	base, err := ParseBaseURL(baseURL)
	if err != nil {
		return nil, err
	}
	c := &Client{
		base:         base,
		token:        token,
		http:         NewHTTPClient(nil),
		timeout:      DefaultTimeout,
		maxBodyBytes: DefaultMaxBodyBytes,
		retries:      defaultRetries,
		backoff:      defaultBackoff,
		sleep:        sleepCtx,
	}
	for _, o := range opts {
		o(c)
	}
	redact.Learn(token.Reveal()) // the app's own token: never in any output
	return c, nil
}

// ParseBaseURL checks an instance URL and drops a trailing slash, a query and
// a fragment. A URL without scheme is an error that says to add one.
func ParseBaseURL(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, errors.New("no Unleash URL given")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("the Unleash URL %q is not a valid URL", RedactURL(raw))
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("the Unleash URL %q needs a scheme and a host, e.g. https://unleash.example.com", RedactURL(raw))
	}
	if u.User == nil && strings.Contains(raw, "@") {
		// An @ past the host: a user and password whose password holds /, ? or #.
		return nil, fmt.Errorf("the Unleash URL %q has an @ after its host: leave out any user and password (the token signs in)", RedactURL(raw))
	}
	u.User = nil
	u.RawQuery, u.Fragment = "", ""
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

// SignsInWithPAT reports whether the client's token is a personal access
// token (a user's or a service account's: `user:…`). The server never says
// which of the user's PATs it is.
func (c *Client) SignsInWithPAT() bool { return strings.HasPrefix(string(c.token), "user:") }

// BaseURL returns the instance URL the client talks to.
func (c *Client) BaseURL() string { return c.base.String() }

// route is one endpoint: its method, a path template for messages and the
// escaped path it requests.
type route struct {
	op       string // what we are doing, for messages: "list PATs"
	method   string
	template string // "/api/admin/api-tokens/{token}"
	path     string // the real path, parameters escaped
	decoded  string // the same path, parameters as they are
	query    url.Values
	secrets  []string
	empty    string // the placeholder given an empty value: the request must not go out
	// secretAnswer: the answer carries a new secret (a create), so its body
	// is read into a buffer of its own and wiped once decoded.
	secretAnswer bool
}

func (r route) withSecretAnswer() route {
	r.secretAnswer = true
	return r
}

func newRoute(op, method, template string, params ...string) route {
	r := route{op: op, method: method, template: template}
	path, decoded := template, template
	for _, p := range params {
		i := strings.Index(path, "{")
		j := strings.Index(path, "}")
		if i < 0 || j < i {
			panic("api: more parameters than placeholders in " + template)
		}
		if strings.Contains(path[i:j], "token") {
			r.secrets = append(r.secrets, p, url.PathEscape(p))
		}
		if p == "" && r.empty == "" {
			r.empty = path[i : j+1]
		}
		path = path[:i] + url.PathEscape(p) + path[j+1:]
		k, l := strings.Index(decoded, "{"), strings.Index(decoded, "}")
		decoded = decoded[:k] + p + decoded[l+1:]
	}
	r.path, r.decoded = path, decoded
	return r
}

func (r route) String() string { return r.method + " " + r.template }

// notSent is the error for a route with an empty path parameter, which is
// never sent ("/api/admin/api-tokens/" is the whole collection), or nil.
func (r route) notSent() error {
	if r.empty == "" {
		return nil
	}
	return &Error{Op: r.op, Route: r.String(), Kind: KindNotSent, Message: fmt.Sprintf("not sent: %s is empty", r.empty)}
}

// do sends the request, retrying GETs, and decodes a 2xx JSON body into out
// (which may be nil).
func (c *Client) do(ctx context.Context, r route, body any, out any) error {
	if err := r.notSent(); err != nil {
		return err
	}
	if r.method != http.MethodGet {
		c.lists.forget() // see sharedLists
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()

	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return c.fail(r, KindUnknown, "could not encode the request: "+err.Error(), nil)
		}
	}
	attempts := 1
	if r.method == http.MethodGet {
		attempts += c.retries
	}
	var last error
	for attempt := 1; attempt <= attempts; attempt++ {
		resp, err := c.send(ctx, r, payload)
		if err != nil {
			last = err
			if !retryableTransport(ctx, err) || attempt == attempts {
				return err
			}
			if c.sleep(ctx, c.backoff(attempt)) != nil {
				return err
			}
			continue
		}
		err = c.read(ctx, r, resp, out)
		if err == nil {
			return nil
		}
		last = err
		e, _ := AsError(err)
		if attempt == attempts || e == nil || !retryableStatus(e.Status) || e.RetryAfter > maxRetryAfter {
			return err
		}
		wait := c.backoff(attempt)
		if e.RetryAfter > wait {
			wait = e.RetryAfter
		}
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
			return err
		}
		if c.sleep(ctx, wait) != nil {
			return err
		}
	}
	return last
}

func (c *Client) send(ctx context.Context, r route, payload []byte) (*http.Response, error) {
	u := *c.base
	u.Path = c.base.Path + r.decoded
	u.RawPath = c.base.EscapedPath() + r.path
	u.RawQuery = r.query.Encode()
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, u.String(), body)
	if err != nil {
		return nil, c.fail(r, KindUnknown, "could not build the request", nil)
	}
	req.Header.Set("Authorization", c.token.Reveal())
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", userAgent)
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if IsLoopback(req.URL) {
		// Go asks for gzip unless told otherwise. Over loopback that only
		// costs time: Unleash compresses 1.5 MB of API tokens in 30–70 ms,
		// where sending them plain takes about one.
		req.Header.Set("Accept-Encoding", "identity")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, c.transportError(ctx, r, err)
	}
	return resp, nil
}

func (c *Client) read(ctx context.Context, r route, resp *http.Response, out any) error {
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return c.statusError(r, resp)
	}
	if out == nil {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxErrorBodyBytes))
		return nil
	}
	tooLarge := func() error {
		return c.fail(r, KindBadResponse, fmt.Sprintf("the answer is larger than %d MiB", c.maxBodyBytes>>20), nil)
	}
	if resp.ContentLength > c.maxBodyBytes {
		return tooLarge()
	}
	var data []byte
	var err error
	if sd, ok := out.(streamDecoder); ok && !r.secretAnswer {
		s := newBodyStream(resp.Body, c.maxBodyBytes)
		defer s.release()
		done, err := sd.decodeStream(s)
		var re readError
		switch {
		case errors.Is(err, errBodyTooLarge):
			reflect.ValueOf(out).Elem().SetZero()
			return tooLarge()
		case errors.As(err, &re):
			reflect.ValueOf(out).Elem().SetZero()
			return c.brokenOff(ctx, r, re.err)
		case err != nil:
			return c.badJSON(r, resp, out, s.rest(), err)
		case done:
			return nil
		}
		// Not a body it reads as it comes: what it read, then the rest.
		resp.Body = readCloser{io.MultiReader(bytes.NewReader(s.rest()), resp.Body), resp.Body}
		resp.ContentLength = -1
	}
	if r.secretAnswer {
		// Never into a pooled buffer: the secret would outlive the answer.
		data, err = readSecretBody(resp, c.maxBodyBytes+1)
		defer clear(data)
	} else {
		data, err = readBody(resp, c.maxBodyBytes)
		defer releaseBody(data)
	}
	if err != nil {
		return c.brokenOff(ctx, r, err)
	}
	if int64(len(data)) > c.maxBodyBytes {
		return tooLarge()
	}
	if f, ok := out.(fastDecoder); ok && f.decodeFast(data) {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return c.badJSON(r, resp, out, data, err)
	}
	return nil
}

// badJSON is the error of a body that does not decode (data: the body, or
// what is left of it when it was read as it came).
func (c *Client) badJSON(r route, resp *http.Response, out any, data []byte, err error) error {
	// What decoded before the error is not the server's answer: keep none
	// of it (a half-read row has zero dates, a half-read list is short).
	reflect.ValueOf(out).Elem().SetZero()
	what := describeBody(resp.Header.Get("Content-Type"), data)
	if isJSON(resp.Header.Get("Content-Type")) || what == "" {
		what = "JSON that does not match Unleash's: " + scrub(errText(err), c.secrets(r)...)
	}
	return c.fail(r, KindBadResponse, fmt.Sprintf("the server answered %d with %s", resp.StatusCode, what), nil)
}

// readCloser reads from one reader and closes another.
type readCloser struct {
	io.Reader
	io.Closer
}

// readBody reads a body whole, at most limit+1 bytes, as io.ReadAll does,
// but into a buffer of the announced length when the server gives one (no
// growing and copying 1.5 MB in steps), and one used before when there is
// one: see bodyBuffers. Hand it back with releaseBody.
func readBody(resp *http.Response, limit int64) ([]byte, error) {
	size := int64(512)
	if n := resp.ContentLength; n > 0 && n <= limit {
		size = n + 1 // the 1 sees the end without growing
	}
	var data []byte
	if b, ok := bodyBuffers.Get().(*[]byte); ok && int64(cap(*b)) >= size {
		data = (*b)[:0]
	} else {
		data = make([]byte, 0, size)
	}
	r := io.LimitReader(resp.Body, limit+1)
	// A body of unknown length (chunked, or gzip undone by the transport)
	// that outgrows the buffer is read on into new chunks, joined once at
	// the end into a buffer of its size: growing one buffer by doubling
	// held the old and the new at once, up to three times the body.
	var full [][]byte
	total := 0
	join := func() []byte {
		if full == nil {
			return data
		}
		out := make([]byte, 0, total+len(data))
		for _, c := range full {
			out = append(out, c...)
			clear(c) // as releaseBody does: no copy of a list's secrets left behind
		}
		releaseBody(full[0]) // the first chunk may be a pooled buffer
		return append(out, data...)
	}
	for {
		n, err := r.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			return join(), nil
		}
		if err != nil {
			return join(), err
		}
		if len(data) == cap(data) {
			full = append(full, data)
			total += len(data)
			data = make([]byte, 0, min(max(2*cap(data), 4096), maxBodyChunk))
		}
	}
}

// maxBodyChunk is the largest chunk a body of unknown length is read into.
const maxBodyChunk = 4 << 20

// bodyBuffers keeps the buffers bodies were read into, up to
// maxPooledBody each, for the next read: a list of 5,000 API tokens is 1.5
// MB, and a new buffer for every read made the garbage collector run about
// once a request, which cost as much as decoding it. Nothing decoded from a
// body refers to its buffer: encoding/json copies, and so must every
// UnmarshalJSON (its contract), and so does the one-pass reader.
var bodyBuffers sync.Pool // of *[]byte

const maxPooledBody = 8 << 20

func releaseBody(data []byte) {
	if data != nil && cap(data) <= maxPooledBody {
		// Lists from servers before 8.1 hold every token's secret: a
		// pooled buffer keeps none of them.
		clear(data)
		bodyBuffers.Put(&data)
	}
}

// errorBody is Unleash's usual error JSON; every field may be missing.
type errorBody struct {
	Name        string            `json:"name"`
	Message     string            `json:"message"`
	Details     []json.RawMessage `json:"details"`
	Permissions []json.RawMessage `json:"permissions"`
}

func (c *Client) statusError(r route, resp *http.Response) error {
	data, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBodyBytes))
	e := &Error{Op: r.op, Route: r.String(), Status: resp.StatusCode}
	var eb errorBody
	if json.Unmarshal(data, &eb) == nil && (eb.Message != "" || eb.Name != "") {
		e.Name = eb.Name
		e.Message = eb.Message
		e.Permission = permissionOf(eb.Permissions)
		if detail := firstDetail(eb.Details); detail != "" && !strings.Contains(e.Message, detail) {
			e.Message += ": " + detail
		}
	} else {
		e.Message = plainDescription(resp.StatusCode, resp.Header.Get("Content-Type"), data)
	}
	e.Message = scrub(e.Message, c.secrets(r)...)
	e.Name = scrub(e.Name, c.secrets(r)...)
	e.Permission = scrub(e.Permission, c.secrets(r)...)
	e.Kind = kindForStatus(resp.StatusCode, e.Name)
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
		e.RetryAfter = parseRetryAfter(resp.Header.Get("Retry-After"))
	}
	return e
}

func (c *Client) transportError(ctx context.Context, r route, err error) error {
	var uerr *url.Error
	if errors.As(err, &uerr) {
		err = uerr.Err // its text holds the full URL, and the URL can hold a token
	}
	host := c.base.Host
	e := &Error{Op: r.op, Route: r.String(), Kind: KindUnreachable, cause: errors.New(scrub(errText(err), c.secrets(r)...))}
	var netErr net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded) || errors.As(err, &netErr) && netErr.Timeout():
		e.Kind = KindTimeout
		e.Message = fmt.Sprintf("no answer from %s within %s", host, c.timeout)
	case errors.Is(err, context.Canceled) || ctx.Err() != nil:
		e.Kind = KindTimeout
		e.Message = "cancelled"
	case closedWithoutAnswer(err):
		e.Message = fmt.Sprintf("cannot reach %s: the connection closed without an answer (is it an HTTP server?)", host)
	case isUntrustedCertificate(err):
		e.Kind = KindTLS
		e.Message = fmt.Sprintf("the TLS certificate of %s is not trusted: %s", host, scrub(errText(err), c.secrets(r)...))
	default:
		e.Message = fmt.Sprintf("cannot reach %s: %s", host, scrub(errText(err), c.secrets(r)...))
	}
	return e
}

// brokenOff is the error for a body that stopped coming: a timeout says so.
func (c *Client) brokenOff(ctx context.Context, r route, err error) error {
	var netErr net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.As(err, &netErr) && netErr.Timeout():
		return c.fail(r, KindTimeout, fmt.Sprintf("the answer from %s did not finish within %s", c.base.Host, c.timeout), nil)
	case errors.Is(err, context.Canceled) || ctx.Err() != nil:
		return c.fail(r, KindTimeout, "cancelled", nil)
	}
	return c.fail(r, KindBadResponse, "the answer broke off: "+errText(err), nil)
}

// fail makes an error; its message is scrubbed of the request's secrets.
func (c *Client) fail(r route, kind ErrorKind, msg string, cause error) error {
	return &Error{Op: r.op, Route: r.String(), Kind: kind, Message: scrub(msg, c.secrets(r)...), cause: cause}
}

func (c *Client) secrets(r route) []string {
	return append([]string{c.token.Reveal(), strings.TrimPrefix(c.token.Reveal(), "Bearer ")}, r.secrets...)
}

func retryableStatus(status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

func retryableTransport(ctx context.Context, err error) bool {
	if ctx.Err() != nil {
		return false
	}
	return KindOf(err) == KindUnreachable
}

func defaultBackoff(attempt int) time.Duration {
	base := 200 * time.Millisecond << (attempt - 1)
	return base/2 + rand.N(base/2+1)
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func parseRetryAfter(v string) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := time.Until(t); d > 0 {
			return d
		}
	}
	return 0
}

// permissionOf reads the permission a PermissionError names: its
// `permissions` list holds strings or {permission: …} objects.
func permissionOf(list []json.RawMessage) string {
	var names []string
	for _, raw := range list {
		var s string
		if json.Unmarshal(raw, &s) == nil && s != "" {
			names = append(names, s)
			continue
		}
		var o struct {
			Permission string `json:"permission"`
		}
		if json.Unmarshal(raw, &o) == nil && o.Permission != "" {
			names = append(names, o.Permission)
		}
	}
	// ADMIN is always listed as an alternative; the specific one is the useful name.
	var specific []string
	for _, n := range names {
		if n != "ADMIN" {
			specific = append(specific, n)
		}
	}
	if len(specific) == 0 {
		specific = names
	}
	return strings.Join(specific, " or ")
}

func firstDetail(details []json.RawMessage) string {
	for _, raw := range details {
		var d struct {
			Message     string `json:"message"`
			Description string `json:"description"`
		}
		if json.Unmarshal(raw, &d) == nil {
			if d.Message != "" {
				return d.Message
			}
			if d.Description != "" {
				return d.Description
			}
		}
	}
	return ""
}

// plainDescription says in a few words what a non-JSON error body was.
func plainDescription(status int, contentType string, body []byte) string {
	if d := describeBody(contentType, body); d != "" && !strings.HasPrefix(d, "a ") && !strings.HasPrefix(d, "an ") {
		return d
	}
	switch status {
	case 400:
		return "the server rejected the request"
	case 401:
		return "not authenticated"
	case 403:
		return "not permitted"
	case 404:
		return "not found"
	case 409:
		return "already exists"
	case 429:
		return "too many requests"
	case 502, 503, 504:
		return "the server (or a proxy in front of it) is unavailable"
	}
	if status >= 500 {
		return "the server failed"
	}
	return http.StatusText(status)
}

// describeBody names a body that is not Unleash JSON: "an HTML page", "an
// empty body", or the first line of plain text.
func describeBody(contentType string, body []byte) string {
	mt, _, _ := mime.ParseMediaType(contentType)
	text := strings.TrimSpace(string(body))
	switch {
	case text == "":
		return "an empty body"
	case mt == "text/html" || strings.HasPrefix(strings.ToLower(text), "<!doctype html") || strings.HasPrefix(strings.ToLower(text), "<html"):
		return "an HTML page"
	case mt == "text/plain":
		line, _, _ := strings.Cut(text, "\n")
		return Clean(Truncate(line, 200))
	}
	return ""
}

func isJSON(contentType string) bool {
	mt, _, _ := mime.ParseMediaType(contentType)
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// RedactURL hides the user and password of a URL, even of one that does not
// parse: a password may hold /, ? or #, so everything from the scheme to the
// last @ goes, wherever that @ is.
func RedactURL(raw string) string {
	rest, scheme := raw, ""
	if i := strings.Index(raw, "://"); i >= 0 {
		scheme, rest = raw[:i+3], raw[i+3:]
	}
	if at := strings.LastIndex(rest, "@"); at >= 0 {
		return scheme + "redacted" + rest[at:]
	}
	return raw
}

func isUntrustedCertificate(err error) bool {
	var unknown x509.UnknownAuthorityError
	var invalid x509.CertificateInvalidError
	var hostname x509.HostnameError
	var verify *tls.CertificateVerificationError
	return errors.As(err, &unknown) || errors.As(err, &invalid) || errors.As(err, &hostname) || errors.As(err, &verify)
}

// closedWithoutAnswer: the far end accepted and hung up. Go words this
// several ways depending on timing; the user gets one.
func closedWithoutAnswer(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET) ||
		strings.Contains(err.Error(), "server closed idle connection")
}
