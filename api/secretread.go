package api

import (
	"io"
	"net/http"
)

// readSecretBody reads at most limit bytes of an answer that holds a new
// secret, leaving no copy behind: the buffer is made at the
// announced length, or grown by hand, each outgrown buffer wiped, where
// io.ReadAll would leave them to the garbage collector with the secret in.
// The caller wipes the result when it has decoded it.
func readSecretBody(resp *http.Response, limit int64) ([]byte, error) {
	body := io.LimitReader(resp.Body, limit)
	size := int64(4 << 10)
	if n := resp.ContentLength; n >= 0 && n < limit {
		size = n + 1 // one more, to see the end without growing
	}
	buf := make([]byte, 0, size)
	for {
		n, err := body.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		switch {
		case err == io.EOF:
			return buf, nil
		case err != nil:
			return buf, err
		case len(buf) == cap(buf):
			bigger := make([]byte, len(buf), 2*cap(buf))
			copy(bigger, buf)
			clear(buf)
			buf = bigger
		}
	}
}
