package api

import (
	"bytes"
	"encoding/json"
	"time"
)

// fastDecoder is an answer's body type that can decode itself in one pass
// (see reader). decodeFast either decodes the whole body to what
// json.Unmarshal would give and reports true, or changes nothing and
// reports false: then json.Unmarshal decodes it, and words any error.
type fastDecoder interface {
	decodeFast(data []byte) bool
}

// eventSearch is an answer of GET /api/admin/search/events.
type eventSearch struct {
	Events []Event `json:"events"`
	Total  int     `json:"total"`
}

// legacyEventSearch is an answer of POST /api/admin/events/search.
type legacyEventSearch struct {
	Events      []Event `json:"events"`
	TotalEvents int     `json:"totalEvents"`
}

func (l *apiTokens) decodeFast(data []byte) bool {
	r := reader{b: data}
	var d decodeState
	var toks []APIToken
	r.object([]string{"tokens"}, func(int) {
		if r.null() {
			return
		}
		// Each row is one object: the count of "{" is a close upper bound.
		toks = make([]APIToken, 0, bytes.Count(data, []byte("{")))
		r.array(func() {
			toks = append(toks, APIToken{})
			d.apiToken(&r, &toks[len(toks)-1])
		})
	})
	r.end()
	if r.bad {
		return false
	}
	l.Tokens = toks
	return true
}

func (p *eventSearch) decodeFast(data []byte) bool {
	events, total, ok := decodeEventPage(data, "total")
	if ok {
		p.Events, p.Total = events, total
	}
	return ok
}

func (p *legacyEventSearch) decodeFast(data []byte) bool {
	events, total, ok := decodeEventPage(data, "totalEvents")
	if ok {
		p.Events, p.TotalEvents = events, total
	}
	return ok
}

func decodeEventPage(data []byte, totalKey string) (events []Event, total int, ok bool) {
	r := reader{b: data}
	var d decodeState
	r.object([]string{"events", totalKey}, func(k int) {
		switch {
		case k == 1:
			if !r.null() {
				total = r.int()
			}
		case r.null():
		default:
			events = []Event{}
			r.array(func() {
				events = append(events, Event{})
				d.event(&r, &events[len(events)-1])
			})
		}
	})
	r.end()
	return events, total, !r.bad
}

// decodeState is what one body's decoding shares: strings that repeat
// (types, environments, projects, creators) made once, and the small
// values rows point to allocated in blocks rather than one by one.
type decodeState struct {
	strs     map[string]string
	lists    []string // free room for project lists
	times    []time.Time
	ints     []int
	projects []string // the list being read
}

const decodeBlock = 256

// intern reads a string into dst, sharing one copy of each value; null
// leaves dst as it is.
func (d *decodeState) intern(r *reader, dst *string) {
	if r.null() {
		return
	}
	lit, escaped := r.literal()
	if r.bad {
		return
	}
	content, ok := plain(lit, escaped)
	if !ok {
		*dst = r.text(lit, escaped)
		return
	}
	if s, ok := d.strs[string(content)]; ok {
		*dst = s
		return
	}
	s := string(content)
	if d.strs == nil {
		d.strs = map[string]string{}
	}
	if len(d.strs) < decodeBlock {
		d.strs[s] = s
	}
	*dst = s
}

// strings reads a list of strings (null: nil; a null in it: "").
func (d *decodeState) strings(r *reader) []string {
	if r.null() {
		return nil
	}
	d.projects = d.projects[:0]
	r.array(func() {
		var s string
		d.intern(r, &s)
		d.projects = append(d.projects, s)
	})
	return d.keep(d.projects)
}

// keep copies a list into the current block; an empty list is not nil, as
// encoding/json gives for [].
func (d *decodeState) keep(list []string) []string {
	if len(list) == 0 {
		return []string{}
	}
	if len(d.lists) < len(list) {
		d.lists = make([]string, max(decodeBlock, len(list)))
	}
	out := d.lists[:len(list):len(list)]
	copy(out, list)
	d.lists = d.lists[len(list):]
	return out
}

// time reads a time into dst the way encoding/json does (time.Time's own
// UnmarshalJSON); null leaves dst as it is.
func (d *decodeState) time(r *reader, dst *time.Time) {
	if r.null() {
		return
	}
	lit, _ := r.literal()
	if r.bad || dst.UnmarshalJSON(lit) != nil {
		r.fail()
	}
}

// timePtr reads a time or null (nil).
func (d *decodeState) timePtr(r *reader) *time.Time {
	if r.null() {
		return nil
	}
	if len(d.times) == 0 {
		d.times = make([]time.Time, decodeBlock)
	}
	t := &d.times[0]
	d.times = d.times[1:]
	d.time(r, t)
	return t
}

// intPtr reads an integer or null (nil).
func (d *decodeState) intPtr(r *reader) *int {
	if r.null() {
		return nil
	}
	if len(d.ints) == 0 {
		d.ints = make([]int, decodeBlock)
	}
	n := &d.ints[0]
	d.ints = d.ints[1:]
	*n = r.int()
	return n
}

// tokenType reads a TokenType as its UnmarshalJSON does.
func (d *decodeState) tokenType(r *reader) TokenType {
	if r.null() {
		return ""
	}
	lit, escaped := r.literal()
	if r.bad {
		return ""
	}
	if !escaped {
		switch string(lit[1 : len(lit)-1]) {
		case "client", "backend":
			return TypeBackend
		case "frontend":
			return TypeFrontend
		case "admin":
			return TypeAdmin
		}
	}
	var t TokenType
	if t.UnmarshalJSON(lit) != nil {
		r.fail()
	}
	return t
}

var apiTokenKeys = []string{"tokenName", "type", "environment", "project", "projects", "createdAt", "expiresAt", "seenAt", "alias", "secure", "secret", "username"}

// apiToken reads a row as APIToken's UnmarshalJSON does.
func (d *decodeState) apiToken(r *reader, t *APIToken) {
	var username string
	r.object(apiTokenKeys, func(k int) {
		switch k {
		case 0:
			r.strOrNull(&t.Name)
		case 1:
			t.Type = d.tokenType(r)
		case 2:
			d.intern(r, &t.Environment)
		case 3:
			d.intern(r, &t.Project)
		case 4:
			t.Projects = d.strings(r)
		case 5:
			d.time(r, &t.CreatedAt)
		case 6:
			t.ExpiresAt = d.timePtr(r)
		case 7:
			t.SeenAt = d.timePtr(r)
		case 8:
			if !r.null() { // a string, which nothing reads: checked, not kept
				if lit, escaped := r.literal(); escaped && !r.bad {
					r.text(lit, escaped) // its escapes, as encoding/json checks them
				}
			}
		case 9:
			r.boolOrNull(&t.Secure)
		case 10:
			if r.null() {
				break
			}
			lit, _ := r.literal()
			if r.bad || t.Secret.UnmarshalJSON(lit) != nil {
				r.fail()
			}
		case 11:
			r.strOrNull(&username)
		}
	})
	if t.Name == "" {
		t.Name = username
	}
	if len(t.Projects) == 0 && t.Project != "" {
		t.Projects = d.keep([]string{t.Project})
	}
}

var eventKeys = []string{"id", "type", "createdAt", "createdBy", "createdByUserId", "environment", "project", "data"}

// event reads an event as Event's UnmarshalJSON does. When its type comes
// before its data (Unleash writes it so) the data of an api-token-created
// event is read in the same pass; otherwise, or when that fails, the data is
// read again from its text.
func (d *decodeState) event(r *reader, e *Event) {
	var data []byte
	var tok *EventToken
	r.object(eventKeys, func(k int) {
		switch k {
		case 0:
			if !r.null() {
				e.ID = r.int()
			}
		case 1:
			d.intern(r, &e.Type)
		case 2:
			d.time(r, &e.CreatedAt)
		case 3:
			d.intern(r, &e.CreatedBy)
		case 4:
			e.CreatedByUserID = d.intPtr(r)
		case 5:
			d.intern(r, &e.Environment)
		case 6:
			d.intern(r, &e.Project)
		case 7:
			if e.Type == EventAPITokenCreated {
				if tok = d.eventTokenHere(r); tok != nil {
					return
				}
			}
			data = r.span()
		}
	})
	if r.bad {
		return
	}
	if tok != nil { // read in the same pass (a type given twice makes r bad)
		e.Token = tok
		return
	}
	if len(data) == 0 || string(data) == "null" || e.Type != EventAPITokenCreated {
		return
	}
	tok = new(EventToken)
	sub := reader{b: data}
	d.eventToken(&sub, tok)
	sub.end()
	if sub.bad { // decoded as Event's UnmarshalJSON does: a token that does not decode is none
		*tok = EventToken{}
		if json.Unmarshal(data, tok) != nil {
			return
		}
	}
	e.Token = tok
}

// eventTokenHere reads an event's data as its token, where r stands, when
// it is an object that decodes in one pass; else it reads nothing and
// returns nil.
func (d *decodeState) eventTokenHere(r *reader) *EventToken {
	if r.next() != '{' {
		return nil // null, or not an object: read from its text
	}
	sub := reader{b: r.b, i: r.i}
	tok := new(EventToken)
	d.eventToken(&sub, tok)
	if sub.bad {
		return nil
	}
	r.i = sub.i
	return tok
}

var eventTokenKeys = []string{"tokenName", "type", "environment", "projects", "createdAt", "selector"}

func (d *decodeState) eventToken(r *reader, t *EventToken) {
	r.object(eventTokenKeys, func(k int) {
		switch k {
		case 0:
			r.strOrNull(&t.Name)
		case 1:
			t.Type = d.tokenType(r)
		case 2:
			d.intern(r, &t.Environment)
		case 3:
			t.Projects = d.strings(r)
		case 4:
			d.time(r, &t.CreatedAt)
		case 5:
			r.strOrNull(&t.Selector)
		}
	})
}
