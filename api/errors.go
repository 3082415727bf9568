package api

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrorKind sorts failures by what the user can do about them.
type ErrorKind int

const (
	KindUnknown         ErrorKind = iota
	KindUnauthenticated           // 401: the token is missing, wrong, expired or deleted
	KindForbidden                 // 403: the token works but lacks a permission
	KindLimitReached              // a server-side cap: 10 PATs per user, the API-token limit
	KindNotFound                  // 404
	KindEnterpriseOnly            // an Enterprise-only route on an open-source server
	KindBadRequest                // 400 or 415: the server rejected what we sent
	KindConflict                  // 409: the name or description already exists
	KindRateLimited               // 429
	KindServer                    // 5xx
	KindUnreachable               // no HTTP answer: DNS, refused connection, TLS
	KindTimeout                   // no answer in time
	KindBadResponse               // an answer that is not what Unleash sends
	KindTLS                       // the server's certificate is not trusted
	KindNotSent                   // a path parameter was empty: the request was not sent
	KindUnsupported               // a server version this client does not speak (older than 5.0)
	KindWrongScope                // a create made a token other than the one asked for
)

var kindNames = map[ErrorKind]string{
	KindUnknown:         "error",
	KindUnauthenticated: "not authenticated",
	KindForbidden:       "not permitted",
	KindLimitReached:    "limit reached",
	KindNotFound:        "not found",
	KindEnterpriseOnly:  "Enterprise only",
	KindBadRequest:      "rejected",
	KindConflict:        "already exists",
	KindRateLimited:     "rate limited",
	KindServer:          "server error",
	KindUnreachable:     "unreachable",
	KindTimeout:         "timed out",
	KindBadResponse:     "unexpected response",
	KindTLS:             "certificate not trusted",
	KindNotSent:         "not sent",
	KindUnsupported:     "version not supported",
	KindWrongScope:      "wrong token made",
}

func (k ErrorKind) String() string { return kindNames[k] }

// Error is the only error type the client returns. Its text never holds the
// Authorization header, a token or a secret: routes are templates
// (`/api/admin/api-tokens/{token}`) and server messages are scrubbed of the
// values the request carried.
type Error struct {
	Op         string        // what the client was doing, e.g. "list PATs"
	Route      string        // method and path template, e.g. "GET /api/admin/user/tokens"
	Status     int           // HTTP status; 0 when no answer came
	Kind       ErrorKind     // what sort of failure this is
	Name       string        // Unleash's error name (UnauthorizedError …) when the body had one
	Message    string        // Unleash's message, or a short plain description of the body
	Permission string        // the permission a 403 names, when it names one
	RetryAfter time.Duration // from a 429's Retry-After header
	cause      error
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Op != "" {
		b.WriteString(e.Op)
		b.WriteString(": ")
	}
	b.WriteString(e.Message)
	switch {
	case e.Status != 0 && e.Name != "":
		fmt.Fprintf(&b, " (HTTP %d %s)", e.Status, e.Name)
	case e.Status != 0:
		fmt.Fprintf(&b, " (HTTP %d)", e.Status)
	}
	return b.String()
}

// Unwrap gives the transport error behind an unreachable or timeout error,
// already stripped of the request URL.
func (e *Error) Unwrap() error { return e.cause }

// Hint says what the user can do next, in one short sentence.
func (e *Error) Hint() string {
	switch e.Kind {
	case KindUnauthenticated:
		return "Check the token: it may be mistyped, expired or deleted."
	case KindForbidden:
		if e.Permission != "" {
			return fmt.Sprintf("The token's user needs the %s permission.", e.Permission)
		}
		return "The token's user lacks a permission this needs."
	case KindEnterpriseOnly:
		return "This needs Unleash Enterprise; this server is the open-source edition."
	case KindUnreachable:
		return "Check the URL and that the server is running."
	case KindTimeout:
		return "The server did not answer in time; try again."
	case KindRateLimited:
		if e.RetryAfter > 0 {
			return fmt.Sprintf("Wait %s, then try again.", e.RetryAfter.Round(time.Second))
		}
		return "Wait a moment, then try again."
	case KindServer:
		return "The server failed; try again later or check its logs."
	case KindNotFound:
		if strings.HasPrefix(e.Route, "GET ") {
			return "Check the URL, including any path prefix (hosted Unleash has one, such as /ushosted)."
		}
	case KindTLS:
		return "If a private CA signed it, pass that CA with --ca-file; check the host name in the URL."
	case KindBadResponse:
		return "Check that the URL points at an Unleash server (include any path prefix)."
	case KindUnsupported:
		return "Upgrade Unleash to " + OldestSupported.String() + " or later to create tokens here."
	case KindWrongScope:
		return "The message says what the server made instead and whether it was deleted again; check the token list."
	}
	return ""
}

// OutcomeUnknown reports whether a write that failed with err may still have
// happened on the server: the request went out, but the answer was lost (a
// timeout, or a proxy's 502 or 504). Such a write must not be retried blindly:
// a second create makes a second token.
func OutcomeUnknown(err error) bool {
	e, ok := AsError(err)
	return ok && (e.Kind == KindTimeout || e.Status == 502 || e.Status == 504)
}

// KindOf returns the kind of an error from this package, KindUnknown otherwise.
func KindOf(err error) ErrorKind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindUnknown
}

// AsError returns the *Error inside err, if any.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

func kindForStatus(status int, name string) ErrorKind {
	switch {
	case name == "OperationDeniedError" || name == "ExceedsLimitError":
		return KindLimitReached
	case status == 401:
		return KindUnauthenticated
	case status == 403:
		return KindForbidden
	case status == 404:
		return KindNotFound
	case status == 409:
		return KindConflict
	case status == 429:
		return KindRateLimited
	case status == 400 || status == 415 || status == 422:
		return KindBadRequest
	case status >= 500:
		return KindServer
	}
	return KindUnknown
}
