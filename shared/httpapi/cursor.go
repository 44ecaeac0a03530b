package httpapi

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"

	"github.com/conveyor-dev/conveyor/shared/apperr"
)

// cursorTag separates cursor checksums from any other use of SHA-256.
const cursorTag = "conveyor/cursor/v1\x00"

const cursorSumLen = 8

var errBadCursor = apperr.Validation(apperr.FieldError{
	Field: "cursor", Reason: "is not a cursor this API returned; start again without it",
})

// EncodeCursor turns a position (any JSON-encodable value) into an opaque
// pagination cursor: base64url of the JSON and a checksum over it.
//
// The checksum makes a cursor that was edited, truncated or made up fail
// DecodeCursor with a 400; it is not a signature, so a cursor must never
// carry anything the caller may not see or choose.
func EncodeCursor(position any) (string, error) {
	payload, err := json.Marshal(position)
	if err != nil {
		return "", err
	}
	buf := append(payload, cursorSum(payload)...)
	return base64.RawURLEncoding.EncodeToString(buf), nil
}

// DecodeCursor reads a cursor made by EncodeCursor into position. Any
// cursor that was not made by EncodeCursor is an Invalid error naming the
// "cursor" parameter.
func DecodeCursor(cursor string, position any) error {
	raw, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil || len(raw) <= cursorSumLen {
		return errBadCursor
	}
	payload, sum := raw[:len(raw)-cursorSumLen], raw[len(raw)-cursorSumLen:]
	if !bytes.Equal(sum, cursorSum(payload)) {
		return errBadCursor
	}
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.DisallowUnknownFields()
	if err := dec.Decode(position); err != nil {
		return errBadCursor
	}
	return nil
}

func cursorSum(payload []byte) []byte {
	h := sha256.New()
	h.Write([]byte(cursorTag))
	h.Write(payload)
	return h.Sum(nil)[:cursorSumLen]
}
