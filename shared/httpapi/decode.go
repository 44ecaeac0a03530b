package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/conveyor-dev/conveyor/shared/apperr"
)

// DefaultMaxBodyBytes is the body size limit DecodeJSON applies by default.
const DefaultMaxBodyBytes = 64 << 10

// DecodeJSON decodes the request body into dst: the media type must be JSON,
// the body at most maxBytes (DefaultMaxBodyBytes when 0), exactly one JSON
// value, with no field dst does not declare. Every failure is an apperr
// error naming the field or position at fault, so it maps to a 400, 413 or
// 415 problem and never to a 500, and marks the request refused (see
// Refuse): the operation did not run.
func DecodeJSON(r *http.Request, dst any, maxBytes int64) error {
	err := decodeRequest(r, dst, maxBytes)
	if err != nil {
		Refuse(r)
	}
	return err
}

func decodeRequest(r *http.Request, dst any, maxBytes int64) error {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBodyBytes
	}
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return &Problem{
				Type:   "urn:conveyor:problem:unsupported-media-type",
				Title:  http.StatusText(http.StatusUnsupportedMediaType),
				Status: http.StatusUnsupportedMediaType,
				Detail: "the body must be application/json",
			}
		}
	}
	if r.ContentLength > maxBytes {
		return tooLarge(maxBytes)
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBytes+1))
	if err != nil {
		return apperr.Wrap(apperr.Invalid, "the body could not be read", err)
	}
	if int64(len(body)) > maxBytes {
		return tooLarge(maxBytes)
	}
	return decodeBytes(body, dst)
}

func tooLarge(maxBytes int64) error {
	return apperr.New(apperr.TooLarge, fmt.Sprintf("the body must be at most %d bytes", maxBytes))
}

// decodeBytes is DecodeJSON without the HTTP framing.
func decodeBytes(body []byte, dst any) error {
	if len(strings.TrimSpace(string(body))) == 0 {
		return bodyError("must be a JSON object, not empty")
	}
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonError(err)
	}
	if dec.More() {
		return bodyError("must hold a single JSON value")
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return bodyError("must hold a single JSON value")
	}
	return nil
}

// DecodeJSONBytes decodes body into dst with the rules of DecodeJSON, for
// callers (and fuzz targets) that already hold the bytes.
func DecodeJSONBytes(body []byte, dst any) error { return decodeBytes(body, dst) }

func bodyError(reason string) error {
	return apperr.Validation(apperr.FieldError{Field: "body", Reason: reason})
}

func jsonError(err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return bodyError(fmt.Sprintf("is not valid JSON (at byte %d)", syntax.Offset))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return bodyError("is not valid JSON (it ends too early)")
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			return bodyError(fmt.Sprintf("must be a JSON %s, not %s", jsonKind(typ.Type.Kind().String()), typ.Value))
		}
		return apperr.Validation(apperr.FieldError{
			Field:  field,
			Reason: fmt.Sprintf("must be %s, not %s", jsonKind(typ.Type.Kind().String()), typ.Value),
		})
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return apperr.Validation(apperr.FieldError{Field: name, Reason: "is not a known field"})
	default:
		return bodyError("could not be decoded: " + err.Error())
	}
}

// jsonKind names a Go kind the way a JSON client thinks of it.
func jsonKind(goKind string) string {
	switch goKind {
	case "struct", "map":
		return "an object"
	case "slice", "array":
		return "an array"
	case "string":
		return "a string"
	case "bool":
		return "a boolean"
	case "int", "int8", "int16", "int32", "int64":
		return "an integer"
	case "uint", "uint8", "uint16", "uint32", "uint64":
		return "a non-negative integer"
	case "float32", "float64":
		return "a number"
	default:
		return "a " + goKind
	}
}
