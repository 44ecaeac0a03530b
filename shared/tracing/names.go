//go:build !notracing

package tracing

import "strings"

// annotationKey keeps what X-Ray allows in an annotation key.
func annotationKey(key string) string {
	if key == "" {
		return "_"
	}
	if len(key) > 250 {
		key = key[:250]
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '_':
			return r
		}
		return '_'
	}, key)
}

// segmentName keeps what X-Ray allows in a segment name.
func segmentName(name string) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`_.:/%&#=+\-@ `, r) || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 127 {
			return r
		}
		return '_'
	}, name)
	if name == "" {
		return "_"
	}
	if len(name) > 200 {
		name = name[:200]
	}
	return name
}
