// Package redact is the one place that knows which secrets the app holds and
// the one rule that removes them from text.
//
// What feeds it: the API client learns its own token when it is made and
// every secret a list gives (v1 tokens are listed in full); config learns
// each profile's token as it resolves it (from the config, a token file,
// the environment or token_command). A secret the app has just made is never
// learned: it is shown once and forgotten (the README's promise), and a
// registry holding it would keep it alive.
//
// What reads it: api.Clean calls Text, so every screen and every text writer
// that cleans server text (the table, CSV, openmetrics, errors) redacts with
// it; JSON, which keeps a name as the server sent it, calls Text itself.
//
// The rule: the whole credential, its whole secret part (what follows
// "user:" or the last "."), and every run of MinRun or more characters of
// that part, in any ASCII case, become "[redacted]". A secret chosen by hand
// is words ("*:*.holdout-admin-secret"): runs are taken within the parts
// between its separators (- _ . : / space), so that "api-toke" of
// "inmem-admin-api-token" does not eat "api-tokens" in ordinary text; the
// whole secret is removed whatever characters it has.
package redact

import (
	"bytes"
	"hash/maphash"
	"iter"
	"strings"
	"sync"
)

// MinRun is the shortest run of a secret's characters that is removed.
//
// Eight is the point where the two risks cross. Below it, runs match
// ordinary text: words spelled in hex letters ("decade", "facade", "efface"),
// years and short numbers, so messages would lose words for nothing. At
// eight characters a chance match needs 32 bits to agree, and what slips
// through — at most seven hex characters, 28 bits of a 224-bit Unleash
// secret — leaves nothing a guess could use.
const MinRun = 8

// Mark is what a secret becomes.
const Mark = "[redacted]"

// The known secrets, in two tiers:
//   - few: the app's own tokens and any secret whose body is not a long hex
//     string (an admin token set by hand, "*:*.holdout-admin-secret"). Each
//     body's runs are kept as a set; a lookup is a map hit.
//   - hex: Unleash's own v1 secrets (56 hex digits), of which a server may
//     list tens of thousands. Their bodies are kept once each, two digits
//     a byte, one after another in blocks of bodies of one length (hexGroup),
//     so that a window is looked up with a bytes.Index a block; what a window
//     was found to be is remembered. Packed, 100,000 bodies take 2.8 MB,
//     where a string of them lower-cased took 5.7 MB, and more while it grew.
//
// A window is MinRun (8) bytes, lower-cased: the hex tier keys it by those
// bytes read as one uint64 (window), no string made or hashed.
type registry struct {
	mu sync.Mutex

	whole []string            // few tier: whole credentials and bodies, lower-cased
	grams map[string]struct{} // few tier: lower-cased MinRun-runs of the bodies' parts
	alpha [256]bool           // few tier: the bytes (lower-cased) of the bodies

	seed   maphash.Seed
	seen   map[uint64]struct{} // hex tier: the bodies already in groups
	groups []*hexGroup         // hex tier: the bodies, by their number of digits
	hexN   int                 // hex tier: how many bodies groups hold
	cache  map[uint64]hexLook  // hex windows looked up
}

// hexLook is what a hex window was found to be: in a body, or in none of
// the first upTo bodies learned (hexN when it was looked up).
type hexLook struct {
	upTo int
	hit  bool
}

// hexGroup holds hex bodies of one number of digits, packed: digit 2i of a
// body is the high half of its byte i, digit 2i+1 the low half (0 past the
// last digit of an odd number). Each block holds whole bodies, so a window
// is never split between two blocks.
type hexGroup struct {
	digits int      // per body
	size   int      // bytes per body: (digits+1)/2
	blocks [][]byte // every block but the last full
}

// hexBlock is the most bytes of bodies a block holds.
const hexBlock = 64 << 10

// add packs a body (hex digits, either case) into the last block.
func (g *hexGroup) add(body string) {
	if len(g.blocks) == 0 || len(g.blocks[len(g.blocks)-1])+g.size > cap(g.blocks[len(g.blocks)-1]) {
		g.blocks = append(g.blocks, make([]byte, 0, g.size*max(1, hexBlock/g.size)))
	}
	b := g.blocks[len(g.blocks)-1]
	for i := 0; i < len(body); i += 2 {
		c := hexValue(body[i]) << 4
		if i+1 < len(body) {
			c |= hexValue(body[i+1])
		}
		b = append(b, c)
	}
	g.blocks[len(g.blocks)-1] = b
}

// has reports whether the window of digits (nibbles, the window's eight
// digits' values) is part of a body of the group: the window starts on a
// byte's high half (its digits are four whole bytes) or on its low half
// (the middle six are three whole bytes, the first and last checked beside
// them).
func (g *hexGroup) has(d [MinRun]byte) bool {
	if g.digits < MinRun {
		return false
	}
	even := []byte{d[0]<<4 | d[1], d[2]<<4 | d[3], d[4]<<4 | d[5], d[6]<<4 | d[7]}
	odd := []byte{d[1]<<4 | d[2], d[3]<<4 | d[4], d[5]<<4 | d[6]}
	for _, b := range g.blocks {
		for from := 0; ; {
			i := bytes.Index(b[from:], even)
			if i < 0 {
				break
			}
			i += from
			if 2*(i%g.size)+MinRun <= g.digits { // within one body
				return true
			}
			from = i + 1
		}
		for from := 0; ; {
			i := bytes.Index(b[from:], odd)
			if i < 0 {
				break
			}
			i += from
			// The window's first digit is the low half of byte i-1 of
			// the same body.
			if off := i % g.size; off >= 1 && 2*off-1+MinRun <= g.digits && b[i-1]&0xf == d[0] && b[i+3]>>4 == d[7] {
				return true
			}
			from = i + 1
		}
	}
	return false
}

// The hex tier's keys are a window's 8 bytes.
var _ [MinRun - 8]struct{}
var _ [8 - MinRun]struct{}

// window is the 8 bytes of w (lower-cased, len(w) == MinRun) as one key.
func window(w string) uint64 {
	_ = w[7]
	return uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
		uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
}

const maxCache = 1 << 16

var reg = registry{seed: maphash.MakeSeed()}

// Forget drops every secret learned. The registry lives as long as the
// process, so a test that asserts exactly what is redacted starts from
// none; the app itself never forgets a secret it was given.
func Forget() {
	reg.mu.Lock()
	defer reg.mu.Unlock()
	reg.whole, reg.grams, reg.alpha = nil, nil, [256]bool{}
	reg.seen, reg.groups, reg.hexN, reg.cache = nil, nil, 0, nil
}

// Learn adds credentials the app holds (its own token, a profile's token, a
// secret a list gave). Empty ones, and ones too short to tell from words,
// are ignored.
func Learn(credentials ...string) {
	reg.mu.Lock()
	defer reg.mu.Unlock()
	for _, c := range credentials {
		reg.learn(c)
	}
}

// LearnEach is Learn for a sequence (a list's secrets), taking the lock once.
func LearnEach(credentials iter.Seq[string]) {
	reg.mu.Lock()
	defer reg.mu.Unlock()
	for c := range credentials {
		reg.learn(c)
	}
}

func (r *registry) learn(c string) {
	c = strings.TrimSpace(strings.TrimPrefix(c, "Bearer "))
	body := Body(c)
	if len(body) >= 2*MinRun && isHexString(body) {
		h := maphash.String(r.seed, lower(body))
		if _, ok := r.seen[h]; ok {
			return
		}
		if r.seen == nil {
			r.seen = map[uint64]struct{}{}
		}
		r.seen[h] = struct{}{}
		r.group(len(body)).add(body)
		r.hexN++
		return
	}
	if len(c) < 4 {
		return
	}
	lc := lower(c)
	for _, w := range r.whole {
		if w == lc {
			return
		}
	}
	r.whole = append(r.whole, lc)
	lb := lower(body)
	if len(lb) >= MinRun && lb != lc {
		r.whole = append(r.whole, lb)
	}
	// Runs of MinRun within each part between separators: a secret chosen
	// by hand ("inmem-admin-api-token") is words, whose runs across a "-"
	// ("api-toke") are ordinary text; its whole is matched above.
	for _, part := range strings.FieldsFunc(lb, isSeparator) {
		for i := 0; i+MinRun <= len(part); i++ {
			if r.grams == nil {
				r.grams = map[string]struct{}{}
			}
			r.grams[part[i:i+MinRun]] = struct{}{}
		}
		if len(part) >= MinRun {
			for i := 0; i < len(part); i++ {
				r.alpha[part[i]] = true
			}
		}
	}
}

func isSeparator(r rune) bool {
	return r == '-' || r == '_' || r == '.' || r == ':' || r == '/' || r == ' '
}

// Text is s with every known secret removed (see the package comment).
func Text(s string) string {
	if len(s) < 4 {
		return s
	}
	reg.mu.Lock()
	defer reg.mu.Unlock()
	if len(reg.whole) == 0 && reg.hexN == 0 {
		return s
	}
	var covered []bool
	cover := func(i, n int) {
		if covered == nil {
			covered = make([]bool, len(s))
		}
		for j := i; j < i+n; j++ {
			covered[j] = true
		}
	}
	ls := lower(s)
	for _, w := range reg.whole {
		for from := 0; ; {
			i := strings.Index(ls[from:], w)
			if i < 0 {
				break
			}
			cover(from+i, len(w))
			from += i + 1
		}
	}
	if len(s) >= MinRun {
		reg.windows(s, func(i int, w string) {
			_, hit := reg.grams[w]
			if !hit && isHexString(w) {
				hit = reg.hexHas(window(w))
			}
			if hit {
				cover(i, MinRun)
			}
		})
	}
	if covered == nil {
		return s
	}
	return Cover(s, covered)
}

// Cover is s with each run of covered bytes replaced by one Mark.
func Cover(s string, covered []bool) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case !covered[i]:
			b.WriteByte(s[i])
		case i == 0 || !covered[i-1]:
			b.WriteString(Mark)
		}
	}
	return b.String()
}

// Prime looks up, in one pass over the known secrets, every window of texts
// that Text would look up one by one: call it with a list's names before
// drawing or writing them, so that many names cost one pass, not one each.
func Prime(texts iter.Seq[string]) {
	reg.mu.Lock()
	defer reg.mu.Unlock()
	if reg.hexN == 0 {
		return
	}
	want := map[uint64]struct{}{} // windows not known yet
	for s := range texts {
		reg.windows(s, func(_ int, w string) {
			if !isHexString(w) {
				return
			}
			k := window(w)
			if _, ok := want[k]; ok {
				return
			}
			if l, ok := reg.cache[k]; ok && (l.hit || l.upTo == reg.hexN) {
				return
			}
			want[k] = struct{}{}
		})
	}
	if len(want) == 0 {
		return
	}
	if len(want) <= 32 { // a search each is cheaper than a pass
		for k := range want {
			reg.hexHas(k)
		}
		return
	}
	var filter bloom // most of the bodies' windows are wanted by none: one bit says so
	for k := range want {
		filter.add(k)
	}
	hits := map[uint64]bool{}
	look := func(k uint64) {
		if filter.has(k) {
			if _, ok := want[k]; ok {
				hits[k] = true
			}
		}
	}
	for _, g := range reg.groups {
		for _, b := range g.blocks {
			for at := 0; at+g.size <= len(b); at += g.size {
				// k is the last 8 digits read, as lower-case text, the
				// latest highest; each byte is two of them.
				var k uint64
				for i, c := range b[at : at+g.size] {
					k = k>>8 | uint64(hexDigits[c>>4])<<56
					if 2*i+1 >= MinRun {
						look(k)
					}
					if 2*i+1 == g.digits {
						break // an odd body's last byte has one digit
					}
					k = k>>8 | uint64(hexDigits[c&0xf])<<56
					if 2*i+2 >= MinRun {
						look(k)
					}
				}
			}
		}
	}
	reg.trimCache()
	for k := range want {
		reg.cache[k] = hexLook{upTo: reg.hexN, hit: hits[k]}
	}
}

// bloom is a one-hash Bloom filter of windows: 2^16 bits, so that a few
// thousand wanted windows leave most of its bits clear.
type bloom [1 << 10]uint64

func bloomBit(k uint64) uint64 { return (k * 0x9e3779b97f4a7c15) >> 48 }

func (b *bloom) add(k uint64) { h := bloomBit(k); b[h>>6] |= 1 << (h & 63) }

func (b *bloom) has(k uint64) bool { h := bloomBit(k); return b[h>>6]&(1<<(h&63)) != 0 }

// windows calls f with each MinRun-window of s (lower-cased) that could be
// part of a known secret: inside a run of bytes that the few tier's bodies
// hold, or of hex digits when hex secrets are known.
func (r *registry) windows(s string, f func(i int, w string)) {
	hex := r.hexN > 0
	run := 0
	var ls string
	for i := 0; i < len(s); i++ {
		c := lowerByte(s[i])
		if !r.alpha[c] && !(hex && isHexByte(c)) {
			run = 0
			continue
		}
		run++
		if run >= MinRun {
			if ls == "" {
				ls = lower(s)
			}
			f(i+1-MinRun, ls[i+1-MinRun:i+1])
		}
	}
}

// hexHas reports whether the hex window k is part of a known hex secret.
func (r *registry) hexHas(k uint64) bool {
	l, ok := r.cache[k]
	if ok && (l.hit || l.upTo == r.hexN) {
		return l.hit
	}
	var d [MinRun]byte
	for i := range d {
		d[i] = hexValue(byte(k >> (8 * i)))
	}
	hit := false
	for _, g := range r.groups {
		if hit = g.has(d); hit {
			break
		}
	}
	r.trimCache()
	r.cache[k] = hexLook{upTo: r.hexN, hit: hit}
	return hit
}

// group is the group of bodies of n digits, made on first use.
func (r *registry) group(n int) *hexGroup {
	for _, g := range r.groups {
		if g.digits == n {
			return g
		}
	}
	g := &hexGroup{digits: n, size: (n + 1) / 2}
	r.groups = append(r.groups, g)
	return g
}

func (r *registry) trimCache() {
	if r.cache == nil || len(r.cache) >= maxCache {
		r.cache = map[uint64]hexLook{}
	}
}

// Body is the secret part of a credential, without what any reader may see:
// "Bearer ", "user:", "<project>:<environment>.".
func Body(v string) string {
	v = strings.TrimPrefix(v, "Bearer ")
	if body, ok := strings.CutPrefix(v, "user:"); ok {
		return body
	}
	if i := strings.LastIndexByte(v, '.'); i >= 0 {
		return v[i+1:]
	}
	return v
}

func isHexByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// hexValue is a hex digit's value (c is one).
func hexValue(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

const hexDigits = "0123456789abcdef"

func isHexString(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isHexByte(s[i]) {
			return false
		}
	}
	return true
}

func lowerByte(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// lower lowers A–Z only, so that byte offsets stay those of s.
func lower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				b[j] = lowerByte(b[j])
			}
			return string(b)
		}
	}
	return s
}
