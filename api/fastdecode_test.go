package api

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// Rows as the real servers send them (Unleash 8.2.0 v1 and v2, 5.0's
// username), and an api-token-created event of 8.2.0.
const (
	rowV1       = `{"secret":"*:development.7069135567ec7659ba6fa9eec2aadb0233ccfa9e143b92d174899328","tokenName":"bench-token-291","type":"client","project":"*","projects":["*"],"environment":"development","expiresAt":null,"createdAt":"2026-11-23T17:47:23.933Z","alias":null,"seenAt":null,"secure":false}`
	rowV2       = `{"secret":"Qm9vazFfc2VsZWN0b3IxMg","tokenName":"checkout","type":"frontend","project":"payments","projects":["payments","checkout"],"environment":"production","expiresAt":"2030-06-01T00:00:00.000Z","createdAt":"2026-11-23T17:47:23.933Z","alias":null,"seenAt":"2026-11-24T08:00:00.5Z","secure":true}`
	rowUsername = `{"secret":"default:development.abc","username":"old-style","type":"admin","project":"default","environment":"development","expiresAt":null,"createdAt":"2023-01-01T00:00:00Z","seenAt":null}`
	event82     = `{"id":5009,"type":"api-token-created","createdBy":"admin","createdAt":"2026-11-23T17:51:30.345Z","createdByUserId":1,"data":{"tokenName":"bench-token-4998","environment":"development","projects":["*"],"type":"backend","alias":null,"project":"*","createdAt":"2026-11-23T17:51:30.273Z","secure":false},"preData":null,"tags":[],"featureName":null,"project":"*","environment":"development","label":"API token created","summary":"**admin** created API token ****"}`
	eventOther  = `{"id":7,"type":"feature-created","createdBy":"ada@example.com","createdAt":"2026-01-01T00:00:00Z","createdByUserId":null,"data":{"name":"f","nested":[1,2.5e3,-0,true,{"a":"\u00e9"}]},"tags":[{"type":"simple","value":"x"}]}`
)

// fastDecoders are the bodies that decode in one pass, each made afresh.
var fastDecoders = []func() fastDecoder{
	func() fastDecoder { return new(apiTokens) },
	func() fastDecoder { return new(eventSearch) },
	func() fastDecoder { return new(legacyEventSearch) },
}

// sameAsEncodingJSON checks what decodeFast made of body against
// json.Unmarshal, and reports whether it decoded it.
func sameAsEncodingJSON(t *testing.T, newBody func() fastDecoder, body []byte) bool {
	t.Helper()
	fast, slow := newBody(), newBody()
	ok := fast.decodeFast(body)
	err := json.Unmarshal(body, slow)
	switch {
	case ok && err != nil:
		t.Fatalf("%T: decoded what encoding/json refuses (%v): %q", fast, err, body)
	case ok && !reflect.DeepEqual(fast, slow):
		t.Fatalf("%T: decoded %q\nas  %+v\nnot %+v", fast, body, fast, slow)
	case !ok && !reflect.DeepEqual(fast, newBody()):
		t.Fatalf("%T: gave up on %q but changed the body: %+v", fast, body, fast)
	}
	return ok
}

func TestFastDecodeAgreesWithEncodingJSON(t *testing.T) {
	tokens := func(rows ...string) string { return `{"tokens":[` + strings.Join(rows, ",") + `]}` }
	events := func(rows ...string) string { return `{"events":[` + strings.Join(rows, ",") + `],"total":4}` }
	tests := []struct {
		name string
		body string
		fast bool // decoded in one pass, not handed to encoding/json
	}{
		{"v1 rows", tokens(rowV1, rowV1), true},
		{"a v2 row", tokens(rowV2), true},
		{"5.0's username", tokens(rowUsername), true},
		{"no tokens", `{"tokens":[]}`, true},
		{"tokens null", `{"tokens":null}`, true},
		{"empty object", `{}`, true},
		{"white space everywhere", " \n{ \"tokens\" :\t[ " + rowV1 + " ] } \r\n", true},
		{"unknown keys skipped", `{"x":{"y":[1,"\n",{"z":null}]},"tokens":[{"tokenName":"a","future":[true,false,-1.5E-3],"secret":"s"}]}`, true},
		{"escapes in values", tokens(`{"tokenName":"tab\there \"q\" \u00e9 \ud83c\udf89","environment":"d\u00e9v","projects":["a\/b"],"secret":"x"}`), true},
		{"invalid UTF-8 is replaced", tokens("{\"tokenName\":\"bad \xff byte\",\"environment\":\"\xfe\"}"), true},
		{"non-ASCII names", tokens(`{"tokenName":"日本語のトークン","projects":["プロジェクト"]}`), true},
		{"projects empty, project set", tokens(`{"tokenName":"a","project":"p","projects":[]}`), true},
		{"projects with null", tokens(`{"projects":["a",null]}`), true},
		{"odd types kept lower-cased", tokens(`{"type":"Client"}`, `{"type":"SOMETHING"}`, `{"type":null}`, `{"type":"\u0061dmin"}`), true},
		{"times with offsets and fractions", tokens(`{"createdAt":"2026-01-01T10:00:00+02:00","expiresAt":"2026-01-01T00:00:00.123456789Z","seenAt":"2026-01-01T00:00:00.1234567891Z"}`), true},
		{"an event page", events(event82, eventOther, event82), true},
		{"events null, total null", `{"events":null,"total":null}`, true},
		{"event data not an object", events(`{"type":"api-token-created","data":"text"}`), true},
		{"event data with a case-folded key", events(`{"type":"api-token-created","data":{"TokenName":"x"}}`), true},
		{"event data with a bad date", events(`{"type":"api-token-created","data":{"createdAt":"yesterday"}}`), true},
		{"event type after data", events(`{"data":{"tokenName":"t"},"type":"api-token-created"}`), true},

		{"a key twice", tokens(`{"tokenName":"a","tokenName":"b"}`), false},
		{"a key in another case", tokens(`{"TokenName":"a"}`), false},
		{"an event key in another case", `{"events":[{"createdByUserId":1,"type":"a","ID":2}]}`, false},
		{"a key folding through the Kelvin sign", tokens(`{"to` + "\u212a" + `enName":"a"}`), false},
		{"an escape in a key", tokens(`{"token\u004eame":"a"}`), false},
		{"a number where a string goes", tokens(`{"tokenName":5}`), false},
		{"an expiry as a number", tokens(`{"expiresAt":1767225600000}`), false},
		{"a malformed date", tokens(`{"createdAt":"2026-02-30T00:00:00Z"}`), false},
		{"a null row", tokens(`null`), false},
		{"a fractional id", events(`{"id":1.5}`), false},
		{"a huge id", events(`{"id":12345678901234567890}`), false},
		{"a total as a string", `{"events":[],"total":"4"}`, false},
		{"trailing garbage", `{"tokens":[]} x`, false},
		{"a NUL after the value", "{}\x00", false},
		{"cut short", `{"tokens":[` + rowV1[:80], false},
		{"a control character in a string", "{\"tokens\":[{\"tokenName\":\"a\x01\"}]}", false},
		{"a bad escape", tokens(`{"alias":"\q"}`), false},
		{"a bad escape where skipped", `{"x":"\q","tokens":[]}`, false},
		{"a bad number where skipped", `{"x":01,"tokens":[]}`, false},
		{"empty", ``, false},
		{"HTML", `<!doctype html>`, false},
		{"deep nesting", `{"x":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, newBody := range fastDecoders {
				sameAsEncodingJSON(t, newBody, []byte(tt.body))
			}
			// The body's own type: events for a body that names them.
			newBody := fastDecoders[0]
			if strings.Contains(tt.body, `"events"`) {
				newBody = fastDecoders[1]
			}
			if decoded := newBody().decodeFast([]byte(tt.body)); decoded != tt.fast {
				t.Fatalf("decoded in one pass: %v, want %v", decoded, tt.fast)
			}
		})
	}
}

// TestFastDecodeShares: rows point into shared blocks, yet each row's list
// and times are its own.
func TestFastDecodeShares(t *testing.T) {
	var l apiTokens
	if !l.decodeFast([]byte(`{"tokens":[` + rowV2 + `,` + rowV2 + `]}`)) {
		t.Fatal("not decoded")
	}
	a, b := l.Tokens[0], l.Tokens[1]
	if a.ExpiresAt == b.ExpiresAt || &a.Projects[0] == &b.Projects[0] {
		t.Fatal("two rows share a value")
	}
	a.Projects = append(a.Projects, "more")
	if len(b.Projects) != 2 || b.Projects[1] != "checkout" {
		t.Fatalf("an append to one row's projects changed another's: %q", b.Projects)
	}
}

// FuzzFastDecode: whatever the body, the one-pass decoders either give what
// encoding/json gives or give up having changed nothing.
func FuzzFastDecode(f *testing.F) {
	for _, seed := range []string{
		`{"tokens":[` + rowV1 + `,` + rowV2 + `,` + rowUsername + `]}`,
		`{"events":[` + event82 + `,` + eventOther + `],"total":2,"totalEvents":2}`,
		`{"tokens":[{"tokenName":"\u00e9\n","projects":[null,"x"],"type":"Backend"}]}`,
		"{\"tokens\":[{\"tokenName\":\"\xff\",\"secret\":\"\xfe\"}]}",
		`{"tokens":null,"x":[1,-2.5e+3,{"y":false}]}`,
		// an event's data before its type, data that fails the one pass, data not an object
		`{"events":[{"data":{"tokenName":"a","projects":["*"]},"type":"api-token-created"}],"total":1}`,
		`{"events":[{"type":"api-token-created","data":{"tokenName":1}},{"type":"api-token-created","data":{"tokenName":"a","TOKENNAME":"b"}}]}`,
		`{"events":[{"type":"api-token-created","data":[1]},{"type":"api-token-created","data":null},{"type":"api-token-created","data":{"tokenName":"\u00e9"}}]}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, newBody := range fastDecoders {
			sameAsEncodingJSON(t, newBody, body)
		}
	})
}

func BenchmarkFastDecodeAPITokens(b *testing.B) {
	rows := make([]string, 5000)
	for i := range rows {
		rows[i] = strings.Replace(rowV1, "bench-token-291", fmt.Sprintf("bench-token-%d", i), 1)
	}
	body := []byte(`{"tokens":[` + strings.Join(rows, ",") + `]}`)
	b.Run("fast", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		for range b.N {
			var l apiTokens
			if !l.decodeFast(body) {
				b.Fatal("not decoded")
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		for range b.N {
			var l apiTokens
			if err := json.Unmarshal(body, &l); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkFastDecodeEvents(b *testing.B) {
	rows := make([]string, MaxEventPage)
	for i := range rows {
		rows[i] = strings.Replace(event82, "bench-token-4998", fmt.Sprintf("bench-token-%d", i), 1)
	}
	body := []byte(`{"events":[` + strings.Join(rows, ",") + `],"total":5000}`)
	b.Run("fast", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		for range b.N {
			var p eventSearch
			if !p.decodeFast(body) {
				b.Fatal("not decoded")
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		for range b.N {
			var p eventSearch
			if err := json.Unmarshal(body, &p); err != nil {
				b.Fatal(err)
			}
		}
	})
}
