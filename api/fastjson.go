package api

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"unicode/utf8"
)

// reader decodes JSON in one pass over a body, for the few answers that are
// large (API-token lists, event pages): encoding/json's Unmarshal scans a
// body once to check it, again to decode it, and once more for each value
// with an UnmarshalJSON of its own, which at 5,000 API tokens cost more than
// the request itself.
//
// It decodes only what it is sure encoding/json would decode to the same
// values. Anything else (a key twice, a key that matches a field only in
// another case, an escape in a key, a number where a string goes, nesting
// deeper than maxDepth …) marks it bad, and the caller decodes the body
// with encoding/json instead, which also words the error. FuzzFastDecode
// holds the two to the same answers.
type reader struct {
	b   []byte
	i   int
	bad bool
}

// maxDepth bounds the nesting of values the reader skips.
const maxDepth = 64

func (r *reader) fail() {
	r.bad = true
	r.i = len(r.b)
}

// next skips white space and returns the next byte, 0 at the end.
func (r *reader) next() byte {
	for r.i < len(r.b) {
		switch c := r.b[r.i]; c {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return c
		}
	}
	return 0
}

// consume reads c if it comes next.
func (r *reader) consume(c byte) bool {
	if r.next() == c && !r.bad {
		r.i++
		return true
	}
	return false
}

func (r *reader) expect(c byte) {
	if !r.consume(c) {
		r.fail()
	}
}

// word reads a literal (null, true, false) if it comes next.
func (r *reader) word(w string) bool {
	if r.next() == w[0] && bytes.HasPrefix(r.b[r.i:], []byte(w)) {
		r.i += len(w)
		return true
	}
	return false
}

func (r *reader) null() bool { return r.word("null") }

// end checks that nothing but white space follows the value.
func (r *reader) end() {
	if r.next(); r.i < len(r.b) {
		r.fail()
	}
}

// stringStops marks the bytes that end a run of plain string content.
var stringStops = func() (t [256]bool) {
	for c := range 0x20 {
		t[c] = true
	}
	t['"'], t['\\'] = true, true
	return t
}()

const ones, highs = 0x0101010101010101, 0x8080808080808080

// hasStop reports whether any of 8 bytes is a quote, a backslash or a
// control character (the classic bit tricks for a zero byte and a byte
// below n, which never miss one).
func hasStop(x uint64) bool {
	q, bs := x^(ones*'"'), x^(ones*'\\')
	return ((q-ones)&^q|(bs-ones)&^bs|(x-ones*0x20)&^x)&highs != 0
}

// literal reads a string and returns it with its quotes, and whether it
// holds an escape. A control character in it is invalid JSON.
func (r *reader) literal() (lit []byte, escaped bool) {
	if r.next() != '"' {
		r.fail()
		return nil, false
	}
	b := r.b
	for j := r.i + 1; j < len(b); j++ {
		for j+8 <= len(b) && !hasStop(binary.LittleEndian.Uint64(b[j:])) {
			j += 8
		}
		if j == len(b) {
			break
		}
		if !stringStops[b[j]] {
			continue
		}
		switch c := b[j]; {
		case c == '"':
			lit = b[r.i : j+1]
			r.i = j + 1
			return lit, escaped
		case c == '\\':
			escaped = true
			j++ // the escaped byte: only \" holds a quote
		default:
			r.fail()
			return nil, false
		}
	}
	r.fail()
	return nil, false
}

// plain is a literal's content when encoding/json would give it unchanged:
// no escape and valid UTF-8 (it replaces invalid bytes with U+FFFD).
func plain(lit []byte, escaped bool) ([]byte, bool) {
	content := lit[1 : len(lit)-1]
	return content, !escaped && utf8.Valid(content)
}

// str reads a string the way encoding/json decodes one into a string.
func (r *reader) str() string {
	lit, escaped := r.literal()
	if r.bad {
		return ""
	}
	return r.text(lit, escaped)
}

// text is the string a literal read by literal stands for.
func (r *reader) text(lit []byte, escaped bool) string {
	if content, ok := plain(lit, escaped); ok {
		return string(content)
	}
	var s string
	if json.Unmarshal(lit, &s) != nil {
		r.fail()
	}
	return s
}

// strOrNull reads a string into dst; null leaves dst as it is.
func (r *reader) strOrNull(dst *string) {
	if !r.null() {
		*dst = r.str()
	}
}

// boolOrNull reads true or false into dst; null leaves dst as it is.
func (r *reader) boolOrNull(dst *bool) {
	switch {
	case r.word("true"):
		*dst = true
	case r.word("false"):
		*dst = false
	case !r.null():
		r.fail()
	}
}

// int reads an integer that fits an int; a fraction, an exponent or more
// than 18 digits is left to encoding/json.
func (r *reader) int() int {
	span := r.number()
	if r.bad {
		return 0
	}
	neg := span[0] == '-'
	if neg {
		span = span[1:]
	}
	if len(span) > 18 {
		r.fail()
		return 0
	}
	n := 0
	for _, c := range span {
		if c < '0' || c > '9' {
			r.fail()
			return 0
		}
		n = n*10 + int(c-'0')
	}
	if neg {
		n = -n
	}
	return n
}

// number reads a JSON number and returns its text.
func (r *reader) number() []byte {
	r.next()
	b, start := r.b, r.i
	j := start
	digits := func() int {
		k := j
		for j < len(b) && b[j] >= '0' && b[j] <= '9' {
			j++
		}
		return j - k
	}
	if j < len(b) && b[j] == '-' {
		j++
	}
	switch n := digits(); {
	case n == 0, n > 1 && b[j-n] == '0':
		r.fail()
		return nil
	}
	if j < len(b) && b[j] == '.' {
		j++
		if digits() == 0 {
			r.fail()
			return nil
		}
	}
	if j < len(b) && (b[j] == 'e' || b[j] == 'E') {
		j++
		if j < len(b) && (b[j] == '+' || b[j] == '-') {
			j++
		}
		if digits() == 0 {
			r.fail()
			return nil
		}
	}
	r.i = j
	return b[start:j]
}

// object reads an object whose known keys are names, calling field with a
// key's index to read its value; other keys' values are skipped. A known
// key twice, a key that differs from a name only in case (encoding/json
// would match it) and a key with an escape make the reader bad. names holds
// 64 at most.
func (r *reader) object(names []string, field func(k int)) {
	r.expect('{')
	if r.consume('}') {
		return
	}
	var seen uint64
	for !r.bad {
		lit, escaped := r.literal()
		if r.bad || escaped {
			r.fail()
			return
		}
		key := lit[1 : len(lit)-1]
		r.expect(':')
		switch k := keyIndex(names, key); {
		case k >= 0:
			if seen&(1<<k) != 0 {
				r.fail()
				return
			}
			seen |= 1 << k
			field(k)
		case foldsToAny(names, key):
			r.fail()
			return
		default:
			r.skip(0)
		}
		if r.consume(',') {
			continue
		}
		r.expect('}')
		return
	}
}

func keyIndex(names []string, key []byte) int {
	for k, name := range names {
		if string(key) == name {
			return k
		}
	}
	return -1
}

// foldsToAny reports whether encoding/json would take key for one of names:
// it matches keys to fields ignoring case, as bytes.EqualFold does. An
// ASCII key can fold only to a name of its length.
func foldsToAny(names []string, key []byte) bool {
	ascii := true
	for _, c := range key {
		ascii = ascii && c < utf8.RuneSelf
	}
	for _, name := range names {
		if (!ascii || len(name) == len(key)) && bytes.EqualFold(key, []byte(name)) {
			return true
		}
	}
	return false
}

// array reads an array, calling elem to read each value.
func (r *reader) array(elem func()) {
	r.expect('[')
	if r.consume(']') {
		return
	}
	for !r.bad {
		elem()
		if r.consume(',') {
			continue
		}
		r.expect(']')
		return
	}
}

// skip reads any value, checking it is valid JSON.
func (r *reader) skip(depth int) {
	if depth > maxDepth {
		r.fail()
		return
	}
	switch c := r.next(); {
	case c == '"':
		lit, escaped := r.literal()
		if escaped && !json.Valid(lit) { // the escapes themselves
			r.fail()
		}
	case c == '{':
		r.i++
		if r.consume('}') {
			return
		}
		for !r.bad {
			if lit, escaped := r.literal(); escaped && !json.Valid(lit) {
				r.fail()
			}
			r.expect(':')
			r.skip(depth + 1)
			if r.consume(',') {
				continue
			}
			r.expect('}')
			return
		}
	case c == '[':
		r.array(func() { r.skip(depth + 1) })
	case c == '-' || c >= '0' && c <= '9':
		r.number()
	case r.word("true"), r.word("false"), r.null():
	default:
		r.fail()
	}
}

// span skips a value and returns its text.
func (r *reader) span() []byte {
	r.next()
	start := r.i
	r.skip(0)
	if r.bad {
		return nil
	}
	return r.b[start:r.i]
}
