package api

import (
	"context"
	"encoding/json"
	"net/http"
)

// WithToken returns a client like c (same server, HTTP client, timeout and
// retries) that sends token instead of c's own: to prove that a new secret
// authenticates. Its errors are scrubbed of token as c's are of c's.
func (c *Client) WithToken(token Secret) *Client {
	c.mu.Lock()
	edition := c.edition
	c.mu.Unlock()
	return &Client{base: c.base, token: token, http: c.http, timeout: c.timeout, maxBodyBytes: c.maxBodyBytes,
		retries: c.retries, backoff: c.backoff, sleep: c.sleep, edition: edition}
}

// ClientFeatures reads GET /api/client/features, the endpoint backend SDKs
// poll, and returns how many flags it lists. Only a backend (client) token
// may read it: a PAT, an admin or a frontend token gets 403.
func (c *Client) ClientFeatures(ctx context.Context) (int, error) {
	var body struct {
		Features []json.RawMessage `json:"features"`
	}
	err := c.do(ctx, newRoute("read the client features", http.MethodGet, "/api/client/features"), nil, &body)
	return len(body.Features), err
}

// FrontendFeatures reads GET /api/frontend, the frontend API, with no
// context, and returns how many flags it evaluates to enabled. Only a
// frontend token may read it; a server with the frontend API turned off
// answers 404.
func (c *Client) FrontendFeatures(ctx context.Context) (int, error) {
	var body struct {
		Toggles []json.RawMessage `json:"toggles"`
	}
	err := c.do(ctx, newRoute("read the frontend API", http.MethodGet, "/api/frontend"), nil, &body)
	return len(body.Toggles), err
}
