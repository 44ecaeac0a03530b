package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// The front door reads a few names from request bodies whose bulk (the
// items of a PutItem or a transaction, a message body, an event's detail)
// it never needs. jsonReader walks a body once, decoding the members its
// caller asks for and skipping over the rest without decoding them: a
// fraction of the cost of encoding/json, which checks and decodes every
// byte, and more than once.
//
// On valid JSON it reads members the way kumo's encoding/json decoding
// does, so the front door authorises what kumo will act on: field names
// match regardless of case (fieldIs), and null leaves a field as it was.
// A body that repeats a member the front door reads is refused (see
// onlyOnce). It checks the structure only as far as it needs to walk it:
// kumo refuses a body that is not JSON.

// errJSON is a body that is not the JSON the front door expects.
var errJSON = errors.New("malformed JSON")

// jsonReader reads JSON values from data, in one pass.
type jsonReader struct {
	data []byte
	pos  int
}

// readJSONObject reads body, a JSON object, calling member with the name
// of each of its members; member must read the member's value (see
// object). An empty body reads as an empty object, as the AWS SDKs send
// no body for a request without members.
func readJSONObject(body []byte, member func(r *jsonReader, name string) error) error {
	r := &jsonReader{data: body}
	if r.space(); r.pos == len(r.data) {
		return nil
	}
	if err := r.object(func(name string) error { return member(r, name) }); err != nil {
		return err
	}
	if r.space(); r.pos != len(r.data) {
		return fmt.Errorf("%w: data after the object at %d", errJSON, r.pos)
	}
	return nil
}

// object reads an object, or null, calling member with the name of each
// of its members, in order; member must read the member's value, with
// str, object, array or skip.
func (r *jsonReader) object(member func(name string) error) error {
	if r.null() {
		return nil
	}
	if !r.consume('{') {
		return fmt.Errorf("%w: want an object at %d", errJSON, r.pos)
	}
	if r.consume('}') {
		return nil
	}
	for {
		var name string
		if err := r.str(&name); err != nil {
			return err
		}
		if !r.consume(':') {
			return fmt.Errorf("%w: want : at %d", errJSON, r.pos)
		}
		if err := member(name); err != nil {
			return err
		}
		switch {
		case r.consume(','):
		case r.consume('}'):
			return nil
		default:
			return fmt.Errorf("%w: want , or } at %d", errJSON, r.pos)
		}
	}
}

// array reads an array, or null, calling element once for each of its
// elements, in order; element must read the element.
func (r *jsonReader) array(element func() error) error {
	if r.null() {
		return nil
	}
	if !r.consume('[') {
		return fmt.Errorf("%w: want an array at %d", errJSON, r.pos)
	}
	if r.consume(']') {
		return nil
	}
	for {
		if err := element(); err != nil {
			return err
		}
		switch {
		case r.consume(','):
		case r.consume(']'):
			return nil
		default:
			return fmt.Errorf("%w: want , or ] at %d", errJSON, r.pos)
		}
	}
}

// str reads a string into *s; null leaves *s as it was.
func (r *jsonReader) str(s *string) error {
	if r.null() {
		return nil
	}
	r.space()
	start := r.pos
	if start == len(r.data) || r.data[start] != '"' {
		return fmt.Errorf("%w: want a string at %d", errJSON, start)
	}
	end, escaped, err := stringEnd(r.data, start)
	if err != nil {
		return err
	}
	r.pos = end
	if !escaped {
		*s = string(r.data[start+1 : end-1])
		return nil
	}
	if err := json.Unmarshal(r.data[start:end], s); err != nil {
		return fmt.Errorf("%w: %w", errJSON, err)
	}
	return nil
}

// skip reads any value without decoding it. It pairs brackets by depth
// only: a body that is not valid JSON is refused by kumo whatever the
// front door read from it.
func (r *jsonReader) skip() error {
	r.space()
	if r.pos == len(r.data) {
		return fmt.Errorf("%w: want a value", errJSON)
	}
	switch r.data[r.pos] {
	case '"':
		end, _, err := stringEnd(r.data, r.pos)
		r.pos = end
		return err
	case '{', '[':
		depth := 0
		for ; r.pos < len(r.data); r.pos++ {
			switch r.data[r.pos] {
			case '"':
				end, _, err := stringEnd(r.data, r.pos)
				if err != nil {
					return err
				}
				r.pos = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					r.pos++
					return nil
				}
			}
		}
		return fmt.Errorf("%w: unterminated object or array", errJSON)
	}
	start := r.pos
	for r.pos < len(r.data) && isLiteralByte(r.data[r.pos]) {
		r.pos++
	}
	switch lit := string(r.data[start:r.pos]); {
	case lit == "true", lit == "false", lit == "null":
	case lit != "" && (lit[0] == '-' || (lit[0] >= '0' && lit[0] <= '9')):
	default:
		return fmt.Errorf("%w: want a value at %d", errJSON, start)
	}
	return nil
}

// null reads a null, if one is next.
func (r *jsonReader) null() bool {
	r.space()
	if bytes.HasPrefix(r.data[r.pos:], []byte("null")) {
		r.pos += len("null")
		return true
	}
	return false
}

// consume reads c, if it is next.
func (r *jsonReader) consume(c byte) bool {
	r.space()
	if r.pos < len(r.data) && r.data[r.pos] == c {
		r.pos++
		return true
	}
	return false
}

func (r *jsonReader) space() {
	for r.pos < len(r.data) && (r.data[r.pos] == ' ' || r.data[r.pos] == '\t' || r.data[r.pos] == '\n' || r.data[r.pos] == '\r') {
		r.pos++
	}
}

// stringEnd returns the index after the string starting at data[i] (the
// first quote after it that an even number of backslashes precede), and
// whether the string holds an escape.
func stringEnd(data []byte, i int) (int, bool, error) {
	escaped := false
	for j := i + 1; ; {
		q := bytes.IndexByte(data[j:], '"')
		if q < 0 {
			return len(data), escaped, fmt.Errorf("%w: unterminated string", errJSON)
		}
		if bytes.IndexByte(data[j:j+q], '\\') >= 0 {
			escaped = true
		}
		j += q
		backslashes := 0
		for k := j - 1; k > i && data[k] == '\\'; k-- {
			backslashes++
		}
		if backslashes%2 == 0 {
			return j + 1, escaped, nil
		}
		j++
	}
}

// isLiteralByte reports whether c can be part of a number, true, false
// or null.
func isLiteralByte(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '-' || c == '+' || c == '.' || c == 'E'
}

// onlyOnce refuses a member the front door reads when it appears a second
// time in the same object: encoding/json would act on the last one, in
// ways (merging repeated arrays and objects) not worth imitating, and no
// SDK sends such a body.
type onlyOnce map[string]bool

func (o onlyOnce) check(field string) error {
	if o[field] {
		return fmt.Errorf("%w: member %s appears more than once", errJSON, field)
	}
	o[field] = true
	return nil
}

// fieldIs reports whether a member name selects the field named field,
// as encoding/json matches them: regardless of case.
func fieldIs(name, field string) bool { return strings.EqualFold(name, field) }

// field names a string member to read into dst.
type field struct {
	name string
	dst  *string
}

// readStrings reads the string members of the object next in r that
// fields name (regardless of case) into their strings, and skips the
// others. A member read twice refuses the body, as onlyOnce does.
func (r *jsonReader) readStrings(fields ...field) error {
	var seen uint64
	return r.object(func(name string) error {
		for i, f := range fields {
			if fieldIs(name, f.name) {
				if seen&(1<<i) != 0 {
					return fmt.Errorf("%w: member %s appears more than once", errJSON, f.name)
				}
				seen |= 1 << i
				return r.str(f.dst)
			}
		}
		return r.skip()
	})
}
