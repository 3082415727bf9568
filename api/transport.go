package api

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
)

// LoadCAFile returns the system's trusted roots plus the PEM certificates in
// path, for a server whose certificate a private CA signed.
func LoadCAFile(path string) (*x509.CertPool, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s does not exist", path)
		}
		return nil, fmt.Errorf("%s cannot be read: %v", path, errors.Unwrap(err))
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(data) {
		return nil, fmt.Errorf("%s holds no PEM certificate (-----BEGIN CERTIFICATE-----)", path)
	}
	return pool, nil
}

// MaxIdleConnsPerHost is how many open connections to the server the
// client keeps between requests: at least as many as any caller keeps
// requests in flight (the audit and bulk changes: 8), so that a burst's
// connections serve the next one. Go's default is 2: with 8 in flight, 6
// connections were closed after every answer and opened again for the
// next request (and, over TLS, a handshake each).
const MaxIdleConnsPerHost = 16

// NewHTTPClient is the HTTP client the app uses: roots to trust (nil: the
// system's), TLS 1.2 at least, connections kept for reuse (see
// MaxIdleConnsPerHost), and redirects followed only when the token would
// not travel in clear to another host.
func NewHTTPClient(roots *x509.CertPool) *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.TLSClientConfig = &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}
	t.MaxIdleConnsPerHost = MaxIdleConnsPerHost
	return &http.Client{Transport: t, CheckRedirect: checkRedirect}
}

func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 5 {
		return errors.New("too many redirects")
	}
	if req.URL.Scheme != "https" && !IsLoopback(req.URL) {
		return fmt.Errorf("refused a redirect to %s://%s: the token would travel in clear text", req.URL.Scheme, req.URL.Host)
	}
	return nil
}

// IsLoopback reports whether the URL's host is this machine.
func IsLoopback(u *url.URL) bool {
	host := u.Hostname()
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// CheckCleartext refuses plain http to another machine, where the token
// would cross the network readable by anyone on the path.
func CheckCleartext(u *url.URL, allowed bool) error {
	if u.Scheme == "http" && !IsLoopback(u) && !allowed {
		return fmt.Errorf("refusing to send the token in clear text to %s: use https://, or pass --insecure-http if the network between you is trusted", u.Scheme+"://"+u.Host)
	}
	return nil
}
