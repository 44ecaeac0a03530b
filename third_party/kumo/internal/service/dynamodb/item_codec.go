package dynamodb

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
)

// encodedItem is an item as a table keeps it: its attributes in a
// compact binary form. An Item of ten attributes takes several kilobytes
// (a map of 160-byte attribute value structs, each string behind its own
// pointer); encoded, it takes about its size in DynamoDB JSON, and it
// holds no pointers for the garbage collector to scan. Reads decode a
// fresh Item, which the caller owns, as the copy the table used to hand
// out.
//
// The encoding is an attribute map: a count, then for each attribute its
// name and its value. A value is a bit set of the AttributeValue fields
// it has (attrS ... attrBOOL, or attrNil for a nil *AttributeValue in a
// map or list), then each of them in that order: strings and binary as a
// length and bytes, sets and lists as a count and their members, maps as
// an attribute map, NULL and BOOL as one byte. Counts, lengths and bit
// sets are unsigned varints.
type encodedItem []byte

// The fields of an AttributeValue, as bits of an encoded value.
const (
	attrS = 1 << iota
	attrN
	attrB
	attrSS
	attrNS
	attrBS
	attrM
	attrL
	attrNULL
	attrBOOL
	attrNil
)

// encodeItem encodes item.
func encodeItem(item Item) encodedItem {
	return exactCopy(func(buf []byte) []byte {
		buf = binary.AppendUvarint(buf, uint64(len(item)))

		for name, av := range item {
			buf = appendEncodedString(buf, name)
			buf = appendEncodedValue(buf, &av)
		}

		return buf
	})
}

func appendEncodedString(buf []byte, s string) []byte {
	buf = binary.AppendUvarint(buf, uint64(len(s)))

	return append(buf, s...)
}

func appendEncodedValue(buf []byte, av *AttributeValue) []byte {
	if av == nil {
		return binary.AppendUvarint(buf, attrNil)
	}

	var fields uint64

	for bit, set := range []bool{av.S != nil, av.N != nil, av.B != nil, av.SS != nil, av.NS != nil, av.BS != nil, av.M != nil, av.L != nil, av.NULL != nil, av.BOOL != nil} {
		if set {
			fields |= 1 << bit
		}
	}

	buf = binary.AppendUvarint(buf, fields)

	if av.S != nil {
		buf = appendEncodedString(buf, *av.S)
	}

	if av.N != nil {
		buf = appendEncodedString(buf, *av.N)
	}

	if av.B != nil {
		buf = appendEncodedString(buf, string(av.B))
	}

	for _, set := range [][]string{av.SS, av.NS} {
		if set == nil {
			continue
		}

		buf = binary.AppendUvarint(buf, uint64(len(set)))
		for _, s := range set {
			buf = appendEncodedString(buf, s)
		}
	}

	if av.BS != nil {
		buf = binary.AppendUvarint(buf, uint64(len(av.BS)))
		for _, b := range av.BS {
			buf = appendEncodedString(buf, string(b))
		}
	}

	if av.M != nil {
		buf = binary.AppendUvarint(buf, uint64(len(av.M)))
		for name, v := range av.M {
			buf = appendEncodedString(buf, name)
			buf = appendEncodedValue(buf, v)
		}
	}

	if av.L != nil {
		buf = binary.AppendUvarint(buf, uint64(len(av.L)))
		for _, v := range av.L {
			buf = appendEncodedValue(buf, v)
		}
	}

	for _, b := range []*bool{av.NULL, av.BOOL} {
		if b == nil {
			continue
		}

		if *b {
			buf = append(buf, 1)
		} else {
			buf = append(buf, 0)
		}
	}

	return buf
}

// decode returns the item, nil for a nil encodedItem.
func (e encodedItem) decode() Item {
	if e == nil {
		return nil
	}

	d := itemDecoder{buf: e}
	n := d.uvarint()
	item := make(Item, n)

	for range n {
		name := d.string()
		item[name] = d.value()
	}

	return item
}

// attr decodes the attribute name alone, skipping the others.
func (e encodedItem) attr(name string) (AttributeValue, bool) {
	d := itemDecoder{buf: e}

	for n := d.uvarint(); n > 0; n-- {
		if string(d.bytes()) == name {
			return d.value(), true
		}

		d.skipValue()
	}

	return AttributeValue{}, false
}

// MarshalJSON writes the item as an Item, so that a table's snapshot
// holds its items in DynamoDB JSON.
func (e encodedItem) MarshalJSON() ([]byte, error) {
	data, err := json.Marshal(e.decode())
	if err != nil {
		return nil, fmt.Errorf("failed to marshal item: %w", err)
	}

	return data, nil
}

// UnmarshalJSON reads an item written by MarshalJSON.
func (e *encodedItem) UnmarshalJSON(data []byte) error {
	var item Item
	if err := json.Unmarshal(data, &item); err != nil {
		return fmt.Errorf("failed to unmarshal item: %w", err)
	}

	*e = encodeItem(item)

	return nil
}

// itemDecoder reads an encodedItem. The encoding is the table's own, so
// a malformed one is a bug and panics.
type itemDecoder struct {
	buf []byte
	off int
}

func (d *itemDecoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.buf[d.off:])
	if n <= 0 {
		panic("dynamodb: malformed encoded item")
	}

	d.off += n

	return v
}

// bytes returns the next length-prefixed run of bytes, in the encoding's
// memory: compare it, do not keep it.
func (d *itemDecoder) bytes() []byte {
	n := int(d.uvarint())
	b := d.buf[d.off : d.off+n]
	d.off += n

	return b
}

// string returns the next length-prefixed string, copied.
func (d *itemDecoder) string() string {
	n := int(d.uvarint())
	s := string(d.buf[d.off : d.off+n])
	d.off += n

	return s
}

func (d *itemDecoder) byteSlice() []byte {
	n := int(d.uvarint())
	b := make([]byte, n)
	copy(b, d.buf[d.off:d.off+n])
	d.off += n

	return b
}

func (d *itemDecoder) bool() *bool {
	b := d.buf[d.off] == 1
	d.off++

	return &b
}

func (d *itemDecoder) strings() []string {
	ss := make([]string, d.uvarint())
	for i := range ss {
		ss[i] = d.string()
	}

	return ss
}

func (d *itemDecoder) value() AttributeValue {
	fields := d.uvarint()

	var av AttributeValue

	if fields&attrS != 0 {
		s := d.string()
		av.S = &s
	}

	if fields&attrN != 0 {
		s := d.string()
		av.N = &s
	}

	if fields&attrB != 0 {
		av.B = d.byteSlice()
	}

	if fields&attrSS != 0 {
		av.SS = d.strings()
	}

	if fields&attrNS != 0 {
		av.NS = d.strings()
	}

	if fields&attrBS != 0 {
		av.BS = make([][]byte, d.uvarint())
		for i := range av.BS {
			av.BS[i] = d.byteSlice()
		}
	}

	if fields&attrM != 0 {
		n := d.uvarint()
		av.M = make(map[string]*AttributeValue, n)

		for range n {
			name := d.string()
			av.M[name] = d.valuePtr()
		}
	}

	if fields&attrL != 0 {
		av.L = make([]*AttributeValue, d.uvarint())
		for i := range av.L {
			av.L[i] = d.valuePtr()
		}
	}

	if fields&attrNULL != 0 {
		av.NULL = d.bool()
	}

	if fields&attrBOOL != 0 {
		av.BOOL = d.bool()
	}

	return av
}

// valuePtr decodes a member of a map or list, nil when it was nil.
func (d *itemDecoder) valuePtr() *AttributeValue {
	if fields, _ := binary.Uvarint(d.buf[d.off:]); fields == attrNil {
		d.uvarint()

		return nil
	}

	av := d.value()

	return &av
}

// skipValue moves past the next value.
func (d *itemDecoder) skipValue() {
	fields := d.uvarint()

	for _, bit := range []uint64{attrS, attrN, attrB} {
		if fields&bit != 0 {
			d.bytes()
		}
	}

	for _, bit := range []uint64{attrSS, attrNS, attrBS} {
		if fields&bit != 0 {
			for n := d.uvarint(); n > 0; n-- {
				d.bytes()
			}
		}
	}

	if fields&attrM != 0 {
		for n := d.uvarint(); n > 0; n-- {
			d.bytes()
			d.skipValue()
		}
	}

	if fields&attrL != 0 {
		for n := d.uvarint(); n > 0; n-- {
			d.skipValue()
		}
	}

	for _, bit := range []uint64{attrNULL, attrBOOL} {
		if fields&bit != 0 {
			d.off++
		}
	}
}

// item returns the item stored under key, decoded: a copy the caller
// owns.
func (td *tableData) item(key string) (Item, bool) {
	encoded, ok := td.Items[key]
	if !ok {
		return nil, false
	}

	return encoded.decode(), true
}

// setItem stores item under key, encoded, and updates the key indexes.
// The table keeps no reference to item.
func (m *MemoryStorage) setItem(td *tableData, key string, item Item) {
	td.Items[key] = encodeItem(item)
	m.reindex(td, key, item)
}

// removeItem deletes the item under key and its index entries.
func (m *MemoryStorage) removeItem(td *tableData, key string) {
	delete(td.Items, key)
	m.reindex(td, key, nil)
}
