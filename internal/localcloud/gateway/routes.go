package gateway

import (
	"fmt"
	"net/url"
	"strings"
)

// route is a declared route, split into segments for matching.
type route struct {
	Route
	segments []string
}

// match reports whether the route's resource path matches the request
// segments, with the path parameters it binds and a specificity score per
// segment (literal 2, parameter 1, greedy 0).
func (r route) match(segs []string) (params map[string]string, score []int, ok bool) {
	params = map[string]string{}
	for i, rs := range r.segments {
		if strings.HasSuffix(rs, "+}") {
			if i >= len(segs) {
				return nil, nil, false
			}
			params[rs[1:len(rs)-2]] = strings.Join(segs[i:], "/")
			return params, append(score, 0), true
		}
		if i >= len(segs) {
			return nil, nil, false
		}
		switch {
		case strings.HasPrefix(rs, "{"):
			if segs[i] == "" {
				return nil, nil, false
			}
			params[rs[1:len(rs)-1]] = segs[i]
			score = append(score, 1)
		case rs == segs[i]:
			score = append(score, 2)
		default:
			return nil, nil, false
		}
	}
	if len(segs) != len(r.segments) {
		return nil, nil, false
	}
	return params, score, true
}

func better(a, b []int) bool {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return a[i] > b[i]
		}
	}
	return len(a) > len(b)
}

func splitPath(p string) []string {
	p = strings.Trim(p, "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

// splitEscaped splits an escaped URL path and unescapes each segment, so
// an encoded slash stays inside its parameter.
func splitEscaped(escaped string) ([]string, error) {
	segs := splitPath(escaped)
	for i, s := range segs {
		u, err := url.PathUnescape(s)
		if err != nil {
			return nil, fmt.Errorf("path segment %q: %w", s, err)
		}
		segs[i] = u
	}
	return segs, nil
}

// find returns the most specific resource matching the path, and the
// route declared on it for method; resourceFound is false when no resource
// matches at all.
func (g *Gateway) find(method string, segs []string) (rt *route, params map[string]string, resourceFound bool) {
	var (
		bestScore []int
		bestPath  string
	)
	for i := range g.routes {
		_, score, ok := g.routes[i].match(segs)
		if ok && (bestScore == nil || better(score, bestScore)) {
			bestScore, bestPath = score, g.routes[i].Path
		}
	}
	if bestScore == nil {
		return nil, nil, false
	}
	for i := range g.routes {
		r := &g.routes[i]
		if r.Path == bestPath && r.Method == method {
			params, _, _ := r.match(segs)
			return r, params, true
		}
	}
	return nil, nil, true
}
