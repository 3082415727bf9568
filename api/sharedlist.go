package api

import (
	"context"
	"net/http"
	"slices"
	"sync"
)

// The API-token list is the one answer callers ask for at the same time in
// the app: the audit reads it, and so does the Search tab, each as the app
// starts or reloads. At 100,000 tokens each read is 30 MB of JSON decoded
// into 17 MB of rows and as much again of names, secrets and times; two at
// once held both (the terminal UI's peak resident set). A caller that asks
// while a read of the list is under way waits for that read and shares its
// rows, which nobody changes (the Search tab joins them into a slice of its
// own, the audit converts them; each gets its own slice of the blocks).
//
// A write (any request but a GET) forgets the read under way: a list asked
// for after a write never comes from a read sent before it.

// sharedLists is the read of the API-token list under way, if any.
type sharedLists struct {
	mu   sync.Mutex
	call *listCall
}

type listCall struct {
	done    chan struct{}
	blocks  [][]APIToken
	err     error
	waiters int                // callers still waiting
	cancel  context.CancelFunc // ends the read once nobody waits
}

// forget makes the next caller start a read of its own.
func (s *sharedLists) forget() {
	s.mu.Lock()
	s.call = nil
	s.mu.Unlock()
}

// ListAPITokensInBlocks is ListAPITokens as the blocks the list was read
// into (every block but the last of the same length), for a caller that
// converts the rows and need not have them all in one slice: at 100,000
// tokens that slice is 18 MB, and joining the blocks holds two of it. The
// rows may be shared with another caller's (see sharedLists): read them,
// never change them.
func (c *Client) ListAPITokensInBlocks(ctx context.Context) ([][]APIToken, error) {
	s := &c.lists
	s.mu.Lock()
	call := s.call
	if call == nil {
		// The read outlives the caller that started it while others wait,
		// within that caller's deadline, if any, and the client's timeout.
		base := context.WithoutCancel(ctx)
		var readCtx context.Context
		var cancel context.CancelFunc
		if d, ok := ctx.Deadline(); ok {
			readCtx, cancel = context.WithDeadline(base, d)
		} else {
			readCtx, cancel = context.WithCancel(base)
		}
		call = &listCall{done: make(chan struct{}), cancel: cancel}
		s.call = call
		go func() {
			defer cancel()
			blocks, err := c.listAPITokensInBlocks(readCtx)
			s.mu.Lock()
			if s.call == call {
				s.call = nil
			}
			shared := call.waiters > 1
			s.mu.Unlock()
			if shared && len(blocks) > 1 {
				// Joined once, here, for all: the Search tab would join
				// them while the audit converts them, the blocks, the
				// joined copy and the audit's rows all held at once.
				blocks = [][]APIToken{joinBlocks(blocks)}
			}
			call.blocks, call.err = blocks, err
			close(call.done)
		}()
	}
	call.waiters++
	s.mu.Unlock()
	select {
	case <-call.done:
		return slices.Clone(call.blocks), call.err
	case <-ctx.Done():
		s.mu.Lock()
		call.waiters--
		if call.waiters == 0 {
			call.cancel()
			if s.call == call {
				s.call = nil
			}
		}
		s.mu.Unlock()
		return nil, c.transportError(ctx, newRoute("list API tokens", http.MethodGet, "/api/admin/api-tokens"), ctx.Err())
	}
}

// listAPITokensInBlocks reads the list.
func (c *Client) listAPITokensInBlocks(ctx context.Context) ([][]APIToken, error) {
	var body apiTokens
	err := c.do(ctx, newRoute("list API tokens", http.MethodGet, "/api/admin/api-tokens"), nil, &body)
	blocks := body.rows()
	afterListBlocks(blocks)
	return blocks, err
}
