package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"
)

// streamDecoder is an answer's body type that can decode itself as the
// body is read, one row at a time, rather than from the whole body in
// memory: a list of 100,000 API tokens is 30 MB of JSON, which the whole
// body held beside its decoded rows (and, read in chunks when the server
// gives no length, joined into one more copy of it).
type streamDecoder interface {
	// decodeStream reads the body through s. When it cannot (the body
	// does not start as it expects), it reports false having consumed
	// nothing of s: the caller reads the rest and decodes it whole.
	decodeStream(s *bodyStream) (bool, error)
}

// errBodyTooLarge: the body is longer than the client's limit.
var errBodyTooLarge = errors.New("the answer is too large")

// readError is a body that could not be read (the connection broke, the
// context ended), as opposed to one read whole that does not decode.
type readError struct{ err error }

func (e readError) Error() string { return e.err.Error() }
func (e readError) Unwrap() error { return e.err }

// bodyStream reads a body into a small buffer that the decoder consumes
// from the front. Nothing decoded refers to the buffer (the reader copies
// what it keeps), and release clears it: a list from a server before 8.1
// holds every token's secret.
type bodyStream struct {
	src   io.Reader
	buf   []byte // buf[off:] is read, not yet consumed
	off   int
	read  int64 // bytes read from src
	limit int64
	eof   bool
}

const streamChunk = 64 << 10

var streamBuffers = sync.Pool{New: func() any { b := make([]byte, 0, streamChunk); return &b }}

func newBodyStream(src io.Reader, limit int64) *bodyStream {
	return &bodyStream{src: src, buf: (*streamBuffers.Get().(*[]byte))[:0], limit: limit}
}

// release clears the buffer and gives it back.
func (s *bodyStream) release() {
	b := s.buf[:cap(s.buf)]
	clear(b)
	if cap(b) <= 1<<20 {
		b = b[:0]
		streamBuffers.Put(&b)
	}
	s.buf, s.off = nil, 0
}

// rest is what is read and not consumed.
func (s *bodyStream) rest() []byte { return s.buf[s.off:] }

// consume drops n bytes of rest.
func (s *bodyStream) consume(n int) { s.off += n }

// fill reads more: the consumed bytes make room first (cleared), and a
// buffer full of one unconsumed value doubles. It reports false at the
// end of the body; err is a read error or errBodyTooLarge.
func (s *bodyStream) fill() (bool, error) {
	if s.eof {
		return false, nil
	}
	if s.off > 0 {
		n := copy(s.buf, s.buf[s.off:])
		clear(s.buf[n:])
		s.buf, s.off = s.buf[:n], 0
	}
	if len(s.buf) == cap(s.buf) {
		bigger := make([]byte, len(s.buf), 2*cap(s.buf))
		copy(bigger, s.buf)
		clear(s.buf)
		s.buf = bigger
	}
	for {
		n, err := s.src.Read(s.buf[len(s.buf):cap(s.buf)])
		s.buf = s.buf[:len(s.buf)+n]
		s.read += int64(n)
		if s.read > s.limit {
			return false, errBodyTooLarge
		}
		if err == io.EOF {
			s.eof = true
			return n > 0, nil
		}
		if err != nil {
			return false, readError{err}
		}
		if n > 0 {
			return true, nil
		}
	}
}

// readAll reads the rest of the body into the buffer.
func (s *bodyStream) readAll() error {
	for {
		more, err := s.fill()
		if err != nil || !more {
			return err
		}
	}
}

// decodeStream reads {"tokens": [...]} row by row; each row is decoded as
// decodeFast does, or by encoding/json when the fast reader is unsure of
// it (as json.Unmarshal of the whole body would: APIToken has an
// UnmarshalJSON, which sees one row at a time). A body that starts any
// other way is left to the whole-body path. FuzzStreamDecode holds the
// answers to json.Unmarshal's.
func (l *apiTokens) decodeStream(s *bodyStream) (bool, error) {
	if ok, err := streamHead(s); !ok || err != nil {
		return err != nil, err
	}
	blocks, toks, err := streamRows(s)
	if err != nil {
		return true, err
	}
	if err := streamTail(s, &blocks, &toks); err != nil {
		return true, err
	}
	if blocks == nil {
		l.Tokens = toks
	} else {
		l.blocks = append(blocks, toks)
	}
	return true, nil
}

// streamHead reads the head `{"tokens":[` (white space anywhere) and
// consumes it; ok false: the body starts some other way.
func streamHead(s *bodyStream) (ok bool, err error) {
	// The head: `{"tokens":[`, white space anywhere.
	head := 0
	for {
		r := reader{b: s.rest()}
		r.expect('{')
		lit, escaped := r.literal()
		r.expect(':')
		r.expect('[')
		if !r.bad {
			if escaped || string(lit) != `"tokens"` {
				return false, nil
			}
			head = r.i
			break
		}
		// Short, or not what is expected: a body that already has more
		// than a head's worth is the latter.
		if len(s.rest()) > 64 {
			return false, nil
		}
		more, err := s.fill()
		if err != nil {
			return false, err
		}
		if !more {
			return false, nil
		}
	}
	s.consume(head)
	return true, nil
}

// streamRows reads the rows up to the closing ] and consumes them, into
// blocks of rowBlock and the last one, toks.
func streamRows(s *bodyStream) (blocks [][]APIToken, toks []APIToken, err error) {
	var d decodeState
	// The rows go into blocks of rowBlock (the first grows to that size):
	// one slice of 100,000 rows grown by appending would copy it at each
	// step, the old and the new held at once, and leave about four times
	// the list as garbage.
	toks = make([]APIToken, 0, 64)
	first := true
	for {
		rest := s.rest()
		r := reader{b: rest}
		if first && r.next() == ']' {
			s.consume(r.i + 1)
			break
		}
		if len(toks) == rowBlock {
			blocks = append(blocks, toks)
			toks = make([]APIToken, 0, rowBlock)
		}
		toks = append(toks, APIToken{})
		t := &toks[len(toks)-1]
		// Decoded where it lies, in one pass.
		r.next()
		start := r.i
		d.apiToken(&r, t)
		sep := r.next()
		if r.bad || r.i >= len(rest) {
			// Not decoded: a row the reader is unsure of, or one not all
			// read yet (or not what follows it).
			*t = APIToken{}
			r = reader{b: rest, i: start}
			row := r.span()
			if r.bad && s.eof {
				// All is read and the reader cannot skip the row (nesting
				// deeper than it follows, or not JSON): encoding/json finds
				// its end, or words what is wrong.
				dec := json.NewDecoder(bytes.NewReader(rest[start:]))
				var raw json.RawMessage
				if err := dec.Decode(&raw); err != nil {
					return nil, nil, err
				}
				end := start + int(dec.InputOffset())
				r = reader{b: rest, i: end}
				row = rest[end-len(raw) : end]
			}
			sep = r.next()
			if r.bad || r.i >= len(rest) {
				toks = toks[:len(toks)-1]
				if s.eof {
					return nil, nil, errors.New("unexpected end of JSON input")
				}
				if _, err := s.fill(); err != nil {
					return nil, nil, err
				}
				continue // at the end, once more: see s.eof above
			}
			if err := json.Unmarshal(row, t); err != nil {
				return nil, nil, err
			}
		}
		first = false
		s.consume(r.i + 1)
		if sep == ']' {
			break
		}
		if sep != ',' {
			return nil, nil, syntaxError(sep, "after array element")
		}
	}
	return blocks, toks, nil
}

// streamTail reads what follows the rows: `}`, or more keys (a second
// "tokens", in any case, wins as in encoding/json), then nothing; such a
// second list replaces the rows.
func streamTail(s *bodyStream, blocks *[][]APIToken, toks *[]APIToken) error {
	if err := s.readAll(); err != nil {
		return err
	}
	r := reader{b: s.rest()}
	switch c := r.next(); {
	case c == 0:
		return errors.New("unexpected end of JSON input")
	case c == '}':
		r.i++
		if c := r.next(); r.i < len(r.b) {
			return syntaxError(c, "after top-level value")
		}
	case c == ',':
		r.i++
		if k := r.next(); k != '"' { // `,}`: {} alone would decode
			return syntaxError(k, "looking for beginning of object key string")
		}
		tail := append([]byte{'{'}, s.rest()[r.i:]...)
		defer clear(tail)
		var again struct {
			Tokens json.RawMessage `json:"tokens"`
		}
		if err := json.Unmarshal(tail, &again); err != nil {
			return err
		}
		if again.Tokens != nil {
			*blocks, *toks = nil, nil
			if err := json.Unmarshal(again.Tokens, toks); err != nil {
				return err
			}
		}
	default:
		return syntaxError(c, "after object key:value pair")
	}
	return nil
}

// rowBlock is how many rows a block of a list read as it comes holds.
const rowBlock = 4096

// rows are the list's rows in blocks, every block but the last of the
// same length.
func (l *apiTokens) rows() [][]APIToken {
	if l.blocks != nil {
		return l.blocks
	}
	return [][]APIToken{l.Tokens}
}

// list is the list's rows in one slice.
func (l *apiTokens) list() []APIToken { return joinBlocks(l.rows()) }

// joinBlocks is a list's blocks as one slice, each block let go once copied.
func joinBlocks(blocks [][]APIToken) []APIToken {
	if len(blocks) == 1 {
		return blocks[0]
	}
	n := 0
	for _, b := range blocks {
		n += len(b)
	}
	out := make([]APIToken, 0, n)
	for i, b := range blocks {
		out = append(out, b...)
		blocks[i] = nil
	}
	return out
}

// syntaxError words a misplaced byte as encoding/json does.
func syntaxError(c byte, where string) error {
	return fmt.Errorf("invalid character %s %s", quoteChar(c), where)
}

// quoteChar is encoding/json's quoteChar.
func quoteChar(c byte) string {
	if c == '\'' {
		return `'\''`
	}
	if c == '"' {
		return `'"'`
	}
	s := strconv.Quote(string(rune(c)))
	return "'" + s[1:len(s)-1] + "'"
}
