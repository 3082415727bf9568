package audit

import (
	"bufio"
	"encoding/json"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// The JSON report is written as a stream: its head (everything but the
// tokens) with encoding/json, then one token at a time, each appended by
// hand in the very bytes json.Encoder with two-space indent writes
// (TestTokenJSONAsEncodingJSON holds them to it). Building the whole
// document and indenting it took 50-70 ms and a copy of the output at
// 5,000 tokens.

// jsonRowIndent is where a token's object starts: inside "tokens", inside the document.
const jsonRowIndent = "    "

// writeJSONStream writes head, which must marshal to an object, with a
// "tokens" array last, whose rows rows writes through its add.
func writeJSONStream(w io.Writer, head any, rows func(add func(*tokenJSON))) error {
	text, err := json.MarshalIndent(head, "", "  ")
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.Write(text[:len(text)-len("\n}")])
	bw.WriteString(",\n  \"tokens\": [")
	n := 0
	buf := make([]byte, 0, 1024)
	rows(func(row *tokenJSON) {
		if err != nil {
			return
		}
		if n > 0 {
			bw.WriteByte(',')
		}
		n++
		bw.WriteString("\n" + jsonRowIndent)
		buf, err = row.appendJSON(buf[:0], jsonRowIndent)
		bw.Write(buf)
	})
	if err != nil {
		return err
	}
	if n > 0 {
		bw.WriteString("\n  ")
	}
	bw.WriteString("]\n}\n")
	return bw.Flush()
}

// appendJSON appends the row as json.MarshalIndent(row, indent, "  ")
// would write it.
func (row *tokenJSON) appendJSON(b []byte, indent string) ([]byte, error) {
	in := indent + "  "
	field := func(name string) {
		b = append(b, '\n')
		b = append(b, in...)
		b = append(b, '"')
		b = append(b, name...)
		b = append(b, `": `...)
	}
	var err error
	stamp := func(t *time.Time) {
		if t == nil {
			b = append(b, "null"...)
			return
		}
		b = append(b, '"')
		if b, err = t.AppendText(b); err == nil {
			b = append(b, '"')
		}
	}
	b = append(b, '{')
	field("instance")
	b = appendJSONString(b, row.Instance)
	b = append(b, ',')
	field("kind")
	b = appendJSONString(b, row.Kind.String())
	b = append(b, ',')
	field("id")
	b = appendJSONString(b, row.ID)
	b = append(b, ',')
	field("name")
	b = appendJSONString(b, row.Name)
	b = append(b, ',')
	field("where")
	b = appendJSONString(b, row.Where)
	b = append(b, ',')
	for _, f := range []struct{ name, value string }{{"owner", row.Owner}, {"type", row.Type}, {"environment", row.Environment}} {
		if f.value != "" {
			field(f.name)
			b = appendJSONString(b, f.value)
			b = append(b, ',')
		}
	}
	if len(row.Projects) > 0 {
		field("projects")
		b = appendJSONStrings(b, row.Projects, in)
		b = append(b, ',')
	}
	field("created_at")
	stamp(row.CreatedAt)
	b = append(b, ',')
	if row.CreatedBy != "" {
		field("created_by")
		b = appendJSONString(b, row.CreatedBy)
		b = append(b, ',')
	}
	field("expires_at")
	stamp(row.ExpiresAt)
	b = append(b, ',')
	field("seen_at")
	stamp(row.SeenAt)
	b = append(b, ',')
	field("categories")
	b = appendJSONStrings(b, row.Categories, in)
	b = append(b, ',')
	field("risks")
	switch {
	case row.Risks == nil:
		b = append(b, "null"...)
	case len(row.Risks) == 0:
		b = append(b, "[]"...)
	default:
		b = append(b, '[')
		inRisk := in + "  "
		for i, r := range row.Risks {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '\n')
			b = append(b, inRisk...)
			b = append(b, "{\n"...)
			b = append(b, inRisk+"  \"risk\": "...)
			b = appendJSONString(b, r.Risk)
			b = append(b, ",\n"...)
			b = append(b, inRisk+"  \"reason\": "...)
			b = appendJSONString(b, r.Reason)
			b = append(b, '\n')
			b = append(b, inRisk...)
			b = append(b, '}')
		}
		b = append(b, '\n')
		b = append(b, in...)
		b = append(b, ']')
	}
	b = append(b, ',')
	field("finding")
	if row.Finding {
		b = append(b, "true"...)
	} else {
		b = append(b, "false"...)
	}
	b = append(b, '\n')
	b = append(b, indent...)
	b = append(b, '}')
	return b, err
}

// appendJSONStrings appends a list of strings at the indent of its field.
func appendJSONStrings(b []byte, list []string, in string) []byte {
	if list == nil {
		return append(b, "null"...)
	}
	if len(list) == 0 {
		return append(b, "[]"...)
	}
	b = append(b, '[')
	for i, s := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '\n')
		b = append(b, in...)
		b = append(b, "  "...)
		b = appendJSONString(b, s)
	}
	b = append(b, '\n')
	b = append(b, in...)
	return append(b, ']')
}

// appendJSONString appends s quoted as encoding/json quotes it: as it is
// when nothing in it needs an escape (printable ASCII but " \ < > &, or
// valid UTF-8 but U+2028 and U+2029), else by encoding/json itself.
func appendJSONString(b []byte, s string) []byte {
	if jsonPlain(s) {
		b = append(b, '"')
		b = append(b, s...)
		return append(b, '"')
	}
	q, _ := json.Marshal(s) // a string always marshals
	return append(b, q...)
}

func jsonPlain(s string) bool {
	ascii := true
	for i := 0; i < len(s); i++ {
		switch jsonByte[s[i]] {
		case jsonEscaped:
			return false
		case jsonNonASCII:
			ascii = false
		}
	}
	return ascii || utf8.ValidString(s) && !strings.ContainsRune(s, '\u2028') && !strings.ContainsRune(s, '\u2029')
}

// jsonByte is what a byte is to jsonPlain: one table load per byte.
var jsonByte = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case c < 0x20, c == '"', c == '\\', c == '<', c == '>', c == '&':
			t[c] = jsonEscaped
		case c >= utf8.RuneSelf:
			t[c] = jsonNonASCII
		}
	}
	return t
}()

const (
	_ = iota // written as it is
	jsonEscaped
	jsonNonASCII
)
