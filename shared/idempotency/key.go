package idempotency

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// KeyFromJSON returns the value at path, a dot-separated list of object
// fields such as "data.orderId", in the JSON document payload, to use as an
// idempotency key. The value must be a non-empty string or a number.
func KeyFromJSON(payload []byte, path string) (string, error) {
	if path == "" {
		return "", errors.New("idempotency: an empty key path")
	}
	d := json.NewDecoder(bytes.NewReader(payload))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return "", fmt.Errorf("idempotency: key %s: payload is not JSON: %w", path, err)
	}
	for _, part := range strings.Split(path, ".") {
		obj, ok := v.(map[string]any)
		if !ok {
			return "", fmt.Errorf("idempotency: key %s: %q is not inside an object", path, part)
		}
		if v, ok = obj[part]; !ok {
			return "", fmt.Errorf("idempotency: key %s: no field %q", path, part)
		}
	}
	switch k := v.(type) {
	case string:
		if k == "" {
			return "", fmt.Errorf("idempotency: key %s is empty", path)
		}
		return k, nil
	case json.Number:
		return k.String(), nil
	default:
		return "", fmt.Errorf("idempotency: key %s is not a string or a number", path)
	}
}
