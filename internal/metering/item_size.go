package metering

import (
	"reflect"
	"strings"
)

// The units DynamoDB counts capacity in.
const (
	// WriteUnitBytes is what one write request unit writes: 1 KB.
	WriteUnitBytes = 1024
	// ReadUnitBytes is what one strongly consistent read request unit
	// reads: 4 KB.
	ReadUnitBytes = 4 * 1024
)

// attributeValue is one DynamoDB attribute value as the JSON protocol
// carries it. Exactly one member is set. Binary values arrive in base64,
// which encoding/json decodes, so B and BS hold the raw bytes DynamoDB
// counts.
type attributeValue struct {
	S    *string                   `json:"S,omitempty"`
	N    *string                   `json:"N,omitempty"`
	B    []byte                    `json:"B,omitempty"`
	BOOL *bool                     `json:"BOOL,omitempty"`
	NULL *bool                     `json:"NULL,omitempty"`
	SS   []string                  `json:"SS,omitempty"`
	NS   []string                  `json:"NS,omitempty"`
	BS   [][]byte                  `json:"BS,omitempty"`
	L    []attributeValue          `json:"L,omitempty"`
	M    map[string]attributeValue `json:"M,omitempty"`
}

// item is a DynamoDB item (or key): attribute values by name.
type item map[string]attributeValue

// size is the item's size as DynamoDB counts it: the UTF-8 length of each
// attribute name plus the size of its value.
func (it item) size() int {
	n := 0
	for name, v := range it {
		n += len(name) + v.size()
	}
	return n
}

// size is the value's size, its name apart, by DynamoDB's rules: a
// string's UTF-8 bytes; a number's significant digits, two to a byte, plus
// one byte; a binary's raw bytes; one byte for a Boolean or a null; a
// set's elements summed; and for a list or map 3 bytes, plus each
// element's size (with its name, in a map) and 1 byte per element.
func (v attributeValue) size() int {
	switch {
	case v.S != nil:
		return len(*v.S)
	case v.N != nil:
		return numberSize(*v.N)
	case v.B != nil:
		return len(v.B)
	case v.BOOL != nil, v.NULL != nil:
		return 1
	case v.SS != nil:
		n := 0
		for _, s := range v.SS {
			n += len(s)
		}
		return n
	case v.NS != nil:
		n := 0
		for _, s := range v.NS {
			n += numberSize(s)
		}
		return n
	case v.BS != nil:
		n := 0
		for _, b := range v.BS {
			n += len(b)
		}
		return n
	case v.L != nil:
		n := 3
		for _, e := range v.L {
			n += 1 + e.size()
		}
		return n
	case v.M != nil:
		n := 3
		for name, e := range v.M {
			n += 1 + len(name) + e.size()
		}
		return n
	}
	return 0
}

// numberSize is the size of a number: 1 byte per two significant digits
// (leading and trailing zeros trimmed), plus 1 byte, plus 1 more for a
// negative number.
func numberSize(s string) int {
	n := 1
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "-") {
		n++
	}
	s = strings.TrimLeft(s, "+-")
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		s = s[:i]
	}
	digits := strings.Replace(s, ".", "", 1)
	digits = strings.Trim(digits, "0")
	return n + (len(digits)+1)/2
}

// equal reports whether two values are the same value.
func (v attributeValue) equal(w attributeValue) bool { return reflect.DeepEqual(v, w) }

// WriteUnits is the write request units of writing an item of size bytes:
// one per KB started, at least one.
func WriteUnits(size int) int64 {
	if size <= 0 {
		return 1
	}
	return int64((size + WriteUnitBytes - 1) / WriteUnitBytes)
}

// Consistency is how a read is made, which sets its price.
type Consistency int

const (
	// Eventual is an eventually consistent read: half a unit per 4 KB.
	Eventual Consistency = iota
	// Strong is a strongly consistent read: one unit per 4 KB.
	Strong
	// Transactional is a read inside TransactGetItems: two units per
	// 4 KB.
	Transactional
)

// ReadUnits is the read request units of reading size bytes with
// consistency c, in one operation: the size rounded up to 4 KB, at least
// 4 KB (a read of an item that does not exist, or a Query that finds
// nothing, still reads), then one unit per 4 KB, halved for an eventually
// consistent read, doubled for a transactional one.
func ReadUnits(size int, c Consistency) float64 {
	blocks := 1
	if size > 0 {
		blocks = (size + ReadUnitBytes - 1) / ReadUnitBytes
	}
	switch c {
	case Eventual:
		return float64(blocks) / 2
	case Transactional:
		return float64(blocks) * 2
	}
	return float64(blocks)
}
