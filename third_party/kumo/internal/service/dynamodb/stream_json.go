package dynamodb

import (
	"encoding/base64"
	"sync"
	"unicode/utf8"
)

// itemJSON returns item as the attribute map a stream record carries (see
// appendItemJSON), nil for an empty item.
func itemJSON(item Item) []byte {
	return exactCopy(func(buf []byte) []byte { return appendItemJSON(buf, item) })
}

// scratch holds buffers that encodings are built in.
var scratch = sync.Pool{New: func() any { return new([]byte) }}

// exactCopy returns what build appends to an empty buffer, in a slice of
// its own of exactly that size, so that what a table or stream keeps has
// no spare capacity.
func exactCopy(build func([]byte) []byte) []byte {
	p := scratch.Get().(*[]byte) //nolint:forcetypeassert // the pool holds only *[]byte.
	buf := build((*p)[:0])

	var out []byte
	if len(buf) > 0 {
		out = make([]byte, len(buf))
		copy(out, buf)
	}

	*p = buf
	scratch.Put(p)

	return out
}

// appendItemJSON appends item to dst as the attribute map a stream
// record carries, {"name":{"S":"value"},...}, and returns the result; an
// empty item appends nothing, so that a record without an image has
// none. Each value is written with its first set field, in the order S,
// N, B, SS, NS, BS, M, L, NULL, BOOL.
func appendItemJSON(dst []byte, item Item) []byte {
	if len(item) == 0 {
		return dst
	}

	dst = append(dst, '{')
	first := true

	for name, av := range item {
		if !first {
			dst = append(dst, ',')
		}

		first = false
		dst = appendJSONString(dst, name)
		dst = append(dst, ':')
		dst = appendAttributeJSON(dst, &av)
	}

	return append(dst, '}')
}

// appendAttributeJSON appends one attribute value, as {"S":"value"}.
func appendAttributeJSON(dst []byte, av *AttributeValue) []byte {
	switch {
	case av.S != nil:
		dst = appendJSONString(append(dst, `{"S":`...), *av.S)
	case av.N != nil:
		dst = appendJSONString(append(dst, `{"N":`...), *av.N)
	case av.B != nil:
		dst = appendJSONBytes(append(dst, `{"B":`...), av.B)
	case av.SS != nil:
		dst = appendJSONStrings(append(dst, `{"SS":`...), av.SS)
	case av.NS != nil:
		dst = appendJSONStrings(append(dst, `{"NS":`...), av.NS)
	case av.BS != nil:
		dst = append(dst, `{"BS":[`...)

		for i, b := range av.BS {
			if i > 0 {
				dst = append(dst, ',')
			}

			dst = appendJSONBytes(dst, b)
		}

		dst = append(dst, ']')
	case av.M != nil:
		dst = append(dst, `{"M":{`...)
		first := true

		for name, v := range av.M {
			if !first {
				dst = append(dst, ',')
			}

			first = false
			dst = appendJSONString(dst, name)
			dst = append(dst, ':')
			dst = appendAttributeJSON(dst, v)
		}

		dst = append(dst, '}')
	case av.L != nil:
		dst = append(dst, `{"L":[`...)

		for i, v := range av.L {
			if i > 0 {
				dst = append(dst, ',')
			}

			dst = appendAttributeJSON(dst, v)
		}

		dst = append(dst, ']')
	case av.NULL != nil:
		dst = appendJSONBool(append(dst, `{"NULL":`...), *av.NULL)
	case av.BOOL != nil:
		dst = appendJSONBool(append(dst, `{"BOOL":`...), *av.BOOL)
	default:
		return append(dst, "{}"...)
	}

	return append(dst, '}')
}

func appendJSONStrings(dst []byte, ss []string) []byte {
	dst = append(dst, '[')

	for i, s := range ss {
		if i > 0 {
			dst = append(dst, ',')
		}

		dst = appendJSONString(dst, s)
	}

	return append(dst, ']')
}

// appendJSONBytes appends b as encoding/json writes a []byte: a base64
// string.
func appendJSONBytes(dst, b []byte) []byte {
	dst = append(dst, '"')
	dst = base64.StdEncoding.AppendEncode(dst, b)

	return append(dst, '"')
}

func appendJSONBool(dst []byte, b bool) []byte {
	if b {
		return append(dst, "true"...)
	}

	return append(dst, "false"...)
}

// appendJSONString appends s as a JSON string, escaped as encoding/json
// escapes it: quotes, backslashes, control characters, <, > and &, and
// U+2028 and U+2029; invalid UTF-8 becomes U+FFFD.
func appendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"

	dst = append(dst, '"')
	start := 0

	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++

				continue
			}

			dst = append(dst, s[start:i]...)

			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}

			i++
			start = i

			continue
		}

		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i

			continue
		}

		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i

			continue
		}

		i += size
	}

	dst = append(dst, s[start:]...)

	return append(dst, '"')
}
