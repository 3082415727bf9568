package inmem

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// apiError is an error answer in one of the shapes a real server sends.
type apiError struct {
	status      int
	name        string
	message     string
	withID      bool           // many real errors carry no id
	details     []detail       // nil: one detail repeating the message
	extra       map[string]any // e.g. permissions, or the 401's login hints
	contentType string         // "" for JSON; otherwise body is sent raw
	raw         string
	empty       bool
}

type detail struct {
	Path    string `json:"path,omitempty"`
	Message string `json:"message"`
}

func (e *apiError) write(w http.ResponseWriter) {
	if e.empty {
		w.WriteHeader(e.status)
		return
	}
	if e.contentType != "" {
		w.Header().Set("Content-Type", e.contentType)
		w.WriteHeader(e.status)
		_, _ = w.Write([]byte(e.raw))
		return
	}
	body := map[string]any{}
	if e.withID {
		body["id"] = newUUID()
	}
	if e.name != "" {
		body["name"] = e.name
	}
	body["message"] = e.message
	if e.name != "" {
		details := e.details
		if details == nil {
			details = []detail{{Message: e.message}}
		}
		body["details"] = details
	}
	for k, v := range e.extra {
		body[k] = v
	}
	writeJSON(w, e.status, body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

func errAuthenticationRequired() *apiError {
	msg := "You must log in to use Unleash. Your request had no authorization header, so we could not authorize you. Try logging in at /auth/simple/login"
	return &apiError{status: 401, name: "AuthenticationRequired", message: msg, withID: true,
		extra: map[string]any{"path": "/auth/simple/login", "type": "password", "defaultHidden": false}}
}

func errUnauthorized() *apiError {
	return &apiError{status: 401, name: "UnauthorizedError", message: "You must log in to use Unleash.", withID: true}
}

func errWrongTokenType() *apiError {
	return &apiError{status: 403, message: "invalid token: expected a different token type for this endpoint"}
}

func errPermission(perms ...string) *apiError {
	var msg string
	if len(perms) == 1 {
		msg = fmt.Sprintf("You don't have the required permissions to perform this operation. To perform this action, you need the %q permission.", perms[0])
	} else {
		quoted := make([]string, len(perms))
		for i, p := range perms {
			quoted[i] = fmt.Sprintf("%q", p)
		}
		msg = "You don't have the required permissions to perform this operation. To perform this action, you need one of the following permissions: " + strings.Join(quoted, ", ") + "."
	}
	return &apiError{status: 403, name: "PermissionError", message: msg, withID: true, extra: map[string]any{"permissions": perms}}
}

func errForbidden(msg string) *apiError {
	return &apiError{status: 403, name: "ForbiddenError", message: msg}
}

func errPathNotAvailable(path string) *apiError {
	return &apiError{status: 404, name: "NotFoundError", withID: true,
		message: fmt.Sprintf("The path you were looking for (%s) is not available.", path)}
}

func errNotFound(msg string) *apiError {
	return &apiError{status: 404, name: "NotFoundError", message: msg}
}

// errEmpty is an answer with no body and no content type, as the real
// server's project-token delete sends.
func errEmpty(status int) *apiError {
	return &apiError{status: status, empty: true}
}

// errBadData is the service's own validation error: message with the reason, no id.
func errBadData(reason string) *apiError {
	return &apiError{status: 400, name: "BadDataError",
		message: "Request validation failed: your request body or params contain invalid data: " + reason,
		details: []detail{{Message: reason}}}
}

// errSchema is the schema validator's error: generic message, reasons in details.
func errSchema(path, reason string) *apiError {
	return &apiError{status: 400, name: "BadDataError", withID: true,
		message: "Request validation failed: your request body or params contain invalid data. Refer to the `details` list for more information.",
		details: []detail{{Path: path, Message: reason}}}
}

func errMalformedJSON() *apiError {
	return &apiError{status: 400, contentType: "text/html; charset=utf-8",
		raw: "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n<pre>SyntaxError: Unexpected token in JSON</pre>\n</body>\n</html>\n"}
}

func errContentType(got string) *apiError {
	return &apiError{status: 415, name: "ContentTypeError", withID: true,
		message: fmt.Sprintf("We do not accept the content-type you provided (%s). Try using one of the content-types we do accept instead (application/json) and make sure the body is in the corresponding format.", got)}
}
