package metering

import (
	"bytes"
	"encoding/json"
	"errors"
	"unicode/utf8"
)

// sizeScanner reads DynamoDB answers without decoding them: it walks the
// JSON once and adds up item sizes as DynamoDB counts them, allocating
// nothing. Reads make most of the platform's DynamoDB calls, and their
// answers are its largest, so the meter reads them this way; the rest it
// decodes with encoding/json.
type sizeScanner struct {
	data []byte
	pos  int
}

var errSyntax = errors.New("metering: malformed JSON")

func (s *sizeScanner) space() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

func (s *sizeScanner) peek() byte {
	s.space()
	if s.pos < len(s.data) {
		return s.data[s.pos]
	}
	return 0
}

func (s *sizeScanner) consume(c byte) bool {
	if s.peek() == c {
		s.pos++
		return true
	}
	return false
}

// str reads a string and returns its raw bytes (escapes undone only in
// the count) and the length of its UTF-8 value.
func (s *sizeScanner) str() (raw []byte, n int, err error) {
	if !s.consume('"') {
		return nil, 0, errSyntax
	}
	start := s.pos
	for s.pos < len(s.data) {
		// Skip the run of plain bytes at once: JSON carries a string's
		// UTF-8 bytes as they are, but for escapes.
		if i := bytes.IndexAny(s.data[s.pos:], "\"\\"); i > 0 {
			s.pos += i
			n += i
		} else if i < 0 {
			break
		}
		c := s.data[s.pos]
		switch {
		case c == '"':
			raw = s.data[start:s.pos]
			s.pos++
			return raw, n, nil
		case c == '\\':
			if s.pos+1 >= len(s.data) {
				return nil, 0, errSyntax
			}
			if s.data[s.pos+1] != 'u' {
				s.pos += 2
				n++
				continue
			}
			r, width := s.unicodeEscape()
			if width == 0 {
				return nil, 0, errSyntax
			}
			n += utf8.RuneLen(r)
		default:
			s.pos++
			n++
		}
	}
	return nil, 0, errSyntax
}

// unicodeEscape reads \uXXXX, and the low half of a surrogate pair after
// it, returning the rune and how many bytes it took (0 on an error).
func (s *sizeScanner) unicodeEscape() (rune, int) {
	start := s.pos
	r, ok := hex4(s.data, s.pos+2)
	if !ok {
		return 0, 0
	}
	s.pos += 6
	if r >= 0xD800 && r < 0xDC00 && s.pos+6 <= len(s.data) && s.data[s.pos] == '\\' && s.data[s.pos+1] == 'u' {
		if lo, ok := hex4(s.data, s.pos+2); ok && lo >= 0xDC00 && lo < 0xE000 {
			s.pos += 6
			return 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00), s.pos - start
		}
	}
	if r >= 0xD800 && r < 0xE000 {
		r = utf8.RuneError
	}
	return r, s.pos - start
}

func hex4(b []byte, at int) (rune, bool) {
	if at+4 > len(b) {
		return 0, false
	}
	var r rune
	for _, c := range b[at : at+4] {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			r |= rune(c - 'A' + 10)
		default:
			return 0, false
		}
	}
	return r, true
}

// object calls member for each member of an object, positioned at its
// value; member must consume the value.
func (s *sizeScanner) object(member func(name []byte) error) error {
	if !s.consume('{') {
		return errSyntax
	}
	if s.consume('}') {
		return nil
	}
	for {
		name, _, err := s.str()
		if err != nil {
			return err
		}
		if !s.consume(':') {
			return errSyntax
		}
		if err := member(name); err != nil {
			return err
		}
		if s.consume(',') {
			continue
		}
		if s.consume('}') {
			return nil
		}
		return errSyntax
	}
}

// array calls element for each element of an array, positioned at it.
func (s *sizeScanner) array(element func() error) error {
	if !s.consume('[') {
		return errSyntax
	}
	if s.consume(']') {
		return nil
	}
	for {
		if err := element(); err != nil {
			return err
		}
		if s.consume(',') {
			continue
		}
		if s.consume(']') {
			return nil
		}
		return errSyntax
	}
}

// skip passes over one value of any kind.
func (s *sizeScanner) skip() error {
	switch s.peek() {
	case '"':
		_, _, err := s.str()
		return err
	case '{':
		return s.object(func([]byte) error { return s.skip() })
	case '[':
		return s.array(s.skip)
	}
	start := s.pos
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			if s.pos == start {
				return errSyntax
			}
			return nil
		}
		s.pos++
	}
	if s.pos == start {
		return errSyntax
	}
	return nil
}

// item reads an item (or null) and returns its size; see item.size.
func (s *sizeScanner) item() (int, error) {
	if s.peek() == 'n' {
		return 0, s.skip()
	}
	size := 0
	err := s.object(func(name []byte) error {
		n, err := s.value()
		size += nameLen(name) + n
		return err
	})
	return size, err
}

// value reads one attribute value ({"S": ...}) and returns its size; see
// attributeValue.size.
func (s *sizeScanner) value() (int, error) {
	size := 0
	err := s.object(func(typ []byte) error {
		switch string(typ) {
		case "S":
			_, n, err := s.str()
			size += n
			return err
		case "N":
			raw, _, err := s.str()
			size += numberSize(unescaped(raw))
			return err
		case "B":
			raw, _, err := s.str()
			size += base64Len(raw)
			return err
		case "BOOL", "NULL":
			size++
			return s.skip()
		case "SS", "NS", "BS":
			return s.array(func() error {
				raw, n, err := s.str()
				switch string(typ) {
				case "SS":
					size += n
				case "NS":
					size += numberSize(unescaped(raw))
				default:
					size += base64Len(raw)
				}
				return err
			})
		case "L":
			size += 3
			return s.array(func() error {
				n, err := s.value()
				size += 1 + n
				return err
			})
		case "M":
			size += 3
			return s.object(func(name []byte) error {
				n, err := s.value()
				size += 1 + nameLen(name) + n
				return err
			})
		}
		return s.skip()
	})
	return size, err
}

// items reads an array of items (or null) and calls each with every
// item's size.
func (s *sizeScanner) items(each func(size int)) error {
	if s.peek() == 'n' {
		return s.skip()
	}
	return s.array(func() error {
		n, err := s.item()
		each(n)
		return err
	})
}

// unescaped is a raw JSON string's value.
func unescaped(raw []byte) string {
	if bytes.IndexByte(raw, '\\') < 0 {
		return string(raw)
	}
	var v string
	if json.Unmarshal(append(append([]byte{'"'}, raw...), '"'), &v) != nil {
		return string(raw)
	}
	return v
}

// nameLen is the UTF-8 length of a raw JSON string's value.
func nameLen(raw []byte) int {
	sc := sizeScanner{data: make([]byte, 0, len(raw)+2)}
	for _, c := range raw {
		if c == '\\' {
			sc.data = append(append(append(sc.data, '"'), raw...), '"')
			_, n, _ := sc.str()
			return n
		}
	}
	return len(raw)
}

// base64Len is the length of the bytes a base64 string encodes.
func base64Len(raw []byte) int {
	n := len(raw)
	for n > 0 && raw[n-1] == '=' {
		n--
	}
	return n * 3 / 4
}

// readAnswerSizes reads the sizes of the items in a read's answer: Item
// (GetItem), Items (Query, Scan), Responses (BatchGetItem: by table;
// TransactGetItems: a list of {"Item": ...}). It also returns
// ScannedCount and BatchGetItem's UnprocessedKeys.
func readAnswerSizes(body []byte) (a readAnswer, err error) {
	s := &sizeScanner{data: body}
	err = s.object(func(name []byte) error {
		switch string(name) {
		case "Item":
			s.space()
			start := s.pos
			n, err := s.item()
			a.item, a.found = n, err == nil && s.data[s.pos-1] == '}'
			if a.found {
				a.itemRaw = s.data[start:s.pos]
			}
			return err
		case "Items":
			return s.items(func(n int) { a.items = append(a.items, n) })
		case "ScannedCount":
			s.space()
			start := s.pos
			if err := s.skip(); err != nil {
				return err
			}
			a.scanned = atoi(s.data[start:s.pos])
			return nil
		case "UnprocessedKeys":
			if s.peek() != '{' {
				return s.skip()
			}
			a.unprocessed = map[string]int{}
			return s.object(func(table []byte) error {
				t := string(table)
				return s.object(func(member []byte) error {
					if string(member) != "Keys" {
						return s.skip()
					}
					return s.array(func() error {
						a.unprocessed[t]++
						return s.skip()
					})
				})
			})
		case "Responses":
			switch s.peek() {
			case '{':
				a.byTable = map[string][]int{}
				return s.object(func(table []byte) error {
					t := string(table)
					return s.items(func(n int) { a.byTable[t] = append(a.byTable[t], n) })
				})
			case '[':
				// TransactGetItems: one response per item asked for,
				// without an Item when there is none.
				return s.array(func() error {
					n := 0
					err := s.object(func(member []byte) error {
						if string(member) != "Item" {
							return s.skip()
						}
						var err error
						n, err = s.item()
						return err
					})
					a.items = append(a.items, n)
					return err
				})
			}
		}
		return s.skip()
	})
	return a, err
}

// readAnswer is what readAnswerSizes found.
type readAnswer struct {
	// item is the size of GetItem's item, itemRaw its JSON; found says
	// whether there was one.
	item    int
	itemRaw []byte
	found   bool
	items   []int
	scanned int
	// byTable are BatchGetItem's item sizes, and unprocessed the count of
	// keys it left unprocessed, by table.
	byTable     map[string][]int
	unprocessed map[string]int
}

func atoi(b []byte) int {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// keyOf reads an item's JSON and returns the JSON object of its attributes
// named in names (their values as they are), nil when it lacks one.
func keyOf(raw []byte, names ...string) []byte {
	want := 0
	for _, n := range names {
		if n != "" {
			want++
		}
	}
	if want == 0 {
		return nil
	}
	s := &sizeScanner{data: raw}
	key := make([]byte, 0, 96)
	found := 0
	err := s.object(func(name []byte) error {
		for _, n := range names {
			if n != "" && string(name) == n {
				s.space()
				start := s.pos
				if err := s.skip(); err != nil {
					return err
				}
				if found > 0 {
					key = append(key, ',')
				}
				key = append(append(append(append(key, '"'), name...), '"', ':'), s.data[start:s.pos]...)
				found++
				return nil
			}
		}
		return s.skip()
	})
	if err != nil || found != want {
		return nil
	}
	return append(append([]byte{'{'}, key...), '}')
}
