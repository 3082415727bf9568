package api_test

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
)

// TestClientKeepsConnectionsForReuse: after 8 requests in flight at once
// (as the audit and bulk changes keep), the next 8 go over the same 8
// connections: none is opened again. Go's default transport keeps 2 idle
// connections a host, so 6 of the 8 were closed and opened anew.
func TestClientKeepsConnectionsForReuse(t *testing.T) {
	const inFlight = 8
	var opened atomic.Int32
	var arrived sync.WaitGroup
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived.Done()
		arrived.Wait() // every answer waits until all 8 are in flight
		io.WriteString(w, "{}")
	}))
	ts.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			opened.Add(1)
		}
	}
	ts.Start()
	t.Cleanup(ts.Close)
	hc := api.NewHTTPClient(nil)
	burst := func() {
		arrived.Add(inFlight)
		var done sync.WaitGroup
		for range inFlight {
			done.Add(1)
			go func() {
				defer done.Done()
				resp, err := hc.Get(ts.URL)
				if err != nil {
					t.Error(err)
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}()
		}
		done.Wait()
	}
	burst()
	if n := opened.Load(); n != inFlight {
		t.Fatalf("the first %d requests in flight opened %d connections", inFlight, n)
	}
	time.Sleep(100 * time.Millisecond) // the transport puts a connection back a moment after its body is read
	burst()
	if n := opened.Load() - inFlight; n != 0 {
		t.Fatalf("the next %d requests opened %d connections more: want the %d kept (MaxIdleConnsPerHost %d)", inFlight, n, inFlight, api.MaxIdleConnsPerHost)
	}
}
