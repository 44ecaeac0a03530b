package eventpattern

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
)

// Pattern is a compiled event pattern. It is safe for concurrent use.
type Pattern struct {
	root      node
	operators map[string]bool
	paths     map[string]bool
}

// node is a pattern object: every field must match, and any of the $or
// alternatives (when there are some) must match too.
type node struct {
	fields map[string]field
	or     []node
}

// field is either a nested object or a list of leaf matchers.
type field struct {
	object   *node
	matchers []matcher
}

type matcher interface {
	// match reports whether value (present or not) satisfies the matcher.
	match(value any, present bool) bool
}

// Compile parses pattern, an EventBridge event pattern as JSON-shaped Go
// data (as a service declaration holds it).
func Compile(pattern map[string]any) (*Pattern, error) {
	b, err := json.Marshal(pattern)
	if err != nil {
		return nil, fmt.Errorf("eventpattern: %w", err)
	}
	return CompileJSON(b)
}

// CompileJSON parses a JSON event pattern.
func CompileJSON(pattern []byte) (*Pattern, error) {
	v, err := decode(pattern)
	if err != nil {
		return nil, fmt.Errorf("eventpattern: pattern: %w", err)
	}
	obj, ok := v.(map[string]any)
	if !ok || len(obj) == 0 {
		return nil, errors.New("eventpattern: a pattern is a non-empty JSON object")
	}
	p := &Pattern{operators: map[string]bool{}, paths: map[string]bool{}}
	root, err := p.compileNode(obj, "")
	if err != nil {
		return nil, err
	}
	p.root = root
	return p, nil
}

// Operators lists the operators the pattern uses, sorted: "$or" and the
// names of content filters such as "prefix" or "numeric"; exact values are
// "equals".
func (p *Pattern) Operators() []string {
	out := make([]string, 0, len(p.operators))
	for op := range p.operators {
		out = append(out, op)
	}
	sort.Strings(out)
	return out
}

// Paths lists the dotted event paths the pattern tests, sorted, e.g.
// "detail-type" and "detail.data.reason".
func (p *Pattern) Paths() []string {
	out := make([]string, 0, len(p.paths))
	for path := range p.paths {
		out = append(out, path)
	}
	sort.Strings(out)
	return out
}

// Match reports whether the event (a whole EventBridge event as JSON: source,
// detail-type, detail, …) matches the pattern.
func (p *Pattern) Match(event []byte) (bool, error) {
	v, err := decode(event)
	if err != nil {
		return false, fmt.Errorf("eventpattern: event: %w", err)
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return false, errors.New("eventpattern: an event is a JSON object")
	}
	return p.root.match(obj), nil
}

func decode(b []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	if d.More() {
		return nil, errors.New("trailing data after the JSON value")
	}
	return v, nil
}

func (p *Pattern) compileNode(obj map[string]any, prefix string) (node, error) {
	n := node{fields: map[string]field{}}
	for key, raw := range obj {
		path := strings.TrimPrefix(prefix+"."+key, ".")
		if key == "$or" {
			p.operators["$or"] = true
			alts, ok := raw.([]any)
			if !ok || len(alts) < 2 {
				return node{}, fmt.Errorf("eventpattern: %s: $or takes an array of at least two patterns", path)
			}
			for i, alt := range alts {
				altObj, ok := alt.(map[string]any)
				if !ok || len(altObj) == 0 {
					return node{}, fmt.Errorf("eventpattern: %s[%d]: each $or alternative is a non-empty object", path, i)
				}
				an, err := p.compileNode(altObj, prefix)
				if err != nil {
					return node{}, err
				}
				n.or = append(n.or, an)
			}
			continue
		}
		switch v := raw.(type) {
		case map[string]any:
			if len(v) == 0 {
				return node{}, fmt.Errorf("eventpattern: %s: an object must not be empty", path)
			}
			child, err := p.compileNode(v, path)
			if err != nil {
				return node{}, err
			}
			n.fields[key] = field{object: &child}
		case []any:
			if len(v) == 0 {
				return node{}, fmt.Errorf("eventpattern: %s: a list of values must not be empty", path)
			}
			p.paths[path] = true
			var ms []matcher
			for _, item := range v {
				m, err := p.compileMatcher(item, path)
				if err != nil {
					return node{}, err
				}
				ms = append(ms, m)
			}
			n.fields[key] = field{matchers: ms}
		default:
			return node{}, fmt.Errorf("eventpattern: %s: a pattern value must be an object or an array, not %s", path, describe(raw))
		}
	}
	return n, nil
}

func describe(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	default:
		return fmt.Sprintf("%T", v)
	}
}

func (n node) match(obj map[string]any) bool {
	for key, f := range n.fields {
		value, present := obj[key]
		if !f.match(value, present) {
			return false
		}
	}
	if len(n.or) == 0 {
		return true
	}
	return slices.ContainsFunc(n.or, func(alt node) bool { return alt.match(obj) })
}

func (f field) match(value any, present bool) bool {
	if f.object != nil {
		// A nested object pattern looks inside an object, or inside any
		// object of an array.
		switch v := value.(type) {
		case map[string]any:
			return f.object.match(v)
		case []any:
			for _, el := range v {
				if o, ok := el.(map[string]any); ok && f.object.match(o) {
					return true
				}
			}
			return false
		default:
			return f.object.match(map[string]any{})
		}
	}
	if arr, ok := value.([]any); ok && present {
		for _, el := range arr {
			for _, m := range f.matchers {
				if m.match(el, true) {
					return true
				}
			}
		}
		// An empty array still exists.
		for _, m := range f.matchers {
			if e, ok := m.(existsMatcher); ok && len(arr) == 0 && bool(e) {
				return true
			}
		}
		return false
	}
	for _, m := range f.matchers {
		if m.match(value, present) {
			return true
		}
	}
	return false
}

func (p *Pattern) compileMatcher(item any, path string) (matcher, error) {
	switch v := item.(type) {
	case string, json.Number, bool, nil:
		p.operators["equals"] = true
		return equalsMatcher{want: v}, nil
	case map[string]any:
		if len(v) != 1 {
			return nil, fmt.Errorf("eventpattern: %s: a content filter has exactly one operator", path)
		}
		for op, arg := range v {
			p.operators[op] = true
			m, err := compileFilter(op, arg)
			if err != nil {
				return nil, fmt.Errorf("eventpattern: %s: %w", path, err)
			}
			return m, nil
		}
	}
	return nil, fmt.Errorf("eventpattern: %s: %s is not a value or a content filter", path, describe(item))
}

func compileFilter(op string, arg any) (matcher, error) {
	switch op {
	case "prefix", "suffix":
		s, fold, err := stringOrIgnoreCase(arg)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		return affixMatcher{suffix: op == "suffix", text: s, fold: fold}, nil
	case "equals-ignore-case":
		s, ok := arg.(string)
		if !ok {
			return nil, errors.New("equals-ignore-case takes a string")
		}
		return ignoreCaseMatcher{text: s}, nil
	case "exists":
		b, ok := arg.(bool)
		if !ok {
			return nil, errors.New("exists takes true or false")
		}
		return existsMatcher(b), nil
	case "numeric":
		return compileNumeric(arg)
	case "wildcard":
		s, ok := arg.(string)
		if !ok {
			return nil, errors.New("wildcard takes a string")
		}
		if strings.Contains(s, "**") {
			return nil, errors.New("wildcard must not contain consecutive *")
		}
		return wildcardMatcher{pattern: s}, nil
	case "anything-but":
		return compileAnythingBut(arg)
	default:
		return nil, fmt.Errorf("operator %q is not supported", op)
	}
}

func stringOrIgnoreCase(arg any) (string, bool, error) {
	switch v := arg.(type) {
	case string:
		return v, false, nil
	case map[string]any:
		if s, ok := v["equals-ignore-case"].(string); ok && len(v) == 1 {
			return s, true, nil
		}
	}
	return "", false, errors.New("takes a string or {\"equals-ignore-case\": string}")
}

func compileAnythingBut(arg any) (matcher, error) {
	switch v := arg.(type) {
	case string, json.Number, bool:
		return anythingBut{inner: equalsMatcher{want: v}}, nil
	case []any:
		var ms []matcher
		for _, el := range v {
			switch el.(type) {
			case string, json.Number:
				ms = append(ms, equalsMatcher{want: el})
			default:
				return nil, errors.New("anything-but: a list holds only strings or numbers")
			}
		}
		if len(ms) == 0 {
			return nil, errors.New("anything-but: the list must not be empty")
		}
		return anythingBut{inner: anyOf(ms)}, nil
	case map[string]any:
		if len(v) != 1 {
			return nil, errors.New("anything-but: takes one operator")
		}
		for op, inner := range v {
			switch op {
			case "prefix", "suffix":
				s, ok := inner.(string)
				if !ok {
					return nil, fmt.Errorf("anything-but %s takes a string", op)
				}
				return anythingBut{inner: affixMatcher{suffix: op == "suffix", text: s}}, nil
			case "equals-ignore-case":
				var ms []matcher
				switch iv := inner.(type) {
				case string:
					ms = append(ms, ignoreCaseMatcher{text: iv})
				case []any:
					for _, el := range iv {
						s, ok := el.(string)
						if !ok {
							return nil, errors.New("anything-but equals-ignore-case takes strings")
						}
						ms = append(ms, ignoreCaseMatcher{text: s})
					}
				default:
					return nil, errors.New("anything-but equals-ignore-case takes a string or a list of strings")
				}
				return anythingBut{inner: anyOf(ms)}, nil
			case "wildcard":
				s, ok := inner.(string)
				if !ok {
					return nil, errors.New("anything-but wildcard takes a string")
				}
				return anythingBut{inner: wildcardMatcher{pattern: s}}, nil
			}
			return nil, fmt.Errorf("anything-but: operator %q is not supported", op)
		}
	}
	return nil, fmt.Errorf("anything-but: %s is not supported", describe(arg))
}

type equalsMatcher struct{ want any }

func (m equalsMatcher) match(value any, present bool) bool {
	if !present {
		return false
	}
	switch w := m.want.(type) {
	case json.Number:
		n, ok := value.(json.Number)
		if !ok {
			return false
		}
		a, errA := w.Float64()
		b, errB := n.Float64()
		return errA == nil && errB == nil && a == b
	default:
		return value == m.want
	}
}

type affixMatcher struct {
	suffix bool
	text   string
	fold   bool
}

func (m affixMatcher) match(value any, present bool) bool {
	s, ok := value.(string)
	if !ok || !present {
		return false
	}
	text := m.text
	if m.fold {
		s, text = strings.ToLower(s), strings.ToLower(text)
	}
	if m.suffix {
		return strings.HasSuffix(s, text)
	}
	return strings.HasPrefix(s, text)
}

type ignoreCaseMatcher struct{ text string }

func (m ignoreCaseMatcher) match(value any, present bool) bool {
	s, ok := value.(string)
	return ok && present && strings.EqualFold(s, m.text)
}

type existsMatcher bool

func (m existsMatcher) match(value any, present bool) bool {
	if _, isObject := value.(map[string]any); isObject {
		// exists applies to leaf values only.
		return !bool(m)
	}
	return present == bool(m)
}

type anyOf []matcher

func (ms anyOf) match(value any, present bool) bool {
	return slices.ContainsFunc(ms, func(m matcher) bool { return m.match(value, present) })
}

// anythingBut matches a present leaf value the inner matcher rejects.
type anythingBut struct{ inner matcher }

func (m anythingBut) match(value any, present bool) bool {
	if !present {
		return false
	}
	if _, isObject := value.(map[string]any); isObject {
		return false
	}
	return !m.inner.match(value, present)
}

type numericMatcher struct {
	conds []numericCond
}

type numericCond struct {
	op    string
	bound float64
}

func compileNumeric(arg any) (matcher, error) {
	list, ok := arg.([]any)
	if !ok || (len(list) != 2 && len(list) != 4) {
		return nil, errors.New("numeric takes [op, n] or [op, n, op, n]")
	}
	var m numericMatcher
	for i := 0; i < len(list); i += 2 {
		op, ok := list[i].(string)
		if !ok {
			return nil, errors.New("numeric: an operator is a string")
		}
		switch op {
		case "=", "<", "<=", ">", ">=":
		default:
			return nil, fmt.Errorf("numeric: operator %q is not one of = < <= > >=", op)
		}
		n, ok := list[i+1].(json.Number)
		if !ok {
			return nil, errors.New("numeric: a bound is a number")
		}
		f, err := n.Float64()
		if err != nil || math.IsInf(f, 0) {
			return nil, fmt.Errorf("numeric: bound %s is not a finite number", n)
		}
		m.conds = append(m.conds, numericCond{op: op, bound: f})
	}
	if len(m.conds) == 2 && (m.conds[0].op == "=" || m.conds[1].op == "=") {
		return nil, errors.New("numeric: = stands alone")
	}
	return m, nil
}

func (m numericMatcher) match(value any, present bool) bool {
	n, ok := value.(json.Number)
	if !ok || !present {
		return false
	}
	f, err := n.Float64()
	if err != nil {
		return false
	}
	for _, c := range m.conds {
		var ok bool
		switch c.op {
		case "=":
			ok = f == c.bound
		case "<":
			ok = f < c.bound
		case "<=":
			ok = f <= c.bound
		case ">":
			ok = f > c.bound
		case ">=":
			ok = f >= c.bound
		}
		if !ok {
			return false
		}
	}
	return true
}

type wildcardMatcher struct{ pattern string }

func (m wildcardMatcher) match(value any, present bool) bool {
	s, ok := value.(string)
	return ok && present && wildcard(m.pattern, s)
}

// wildcard matches s against a pattern in which * stands for any run of
// characters and \* and \\ are a literal * and \.
func wildcard(pattern, s string) bool {
	var parts []string
	var cur strings.Builder
	for i := 0; i < len(pattern); i++ {
		c := pattern[i]
		switch {
		case c == '\\' && i+1 < len(pattern):
			i++
			cur.WriteByte(pattern[i])
		case c == '*':
			parts = append(parts, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(c)
		}
	}
	parts = append(parts, cur.String())
	if len(parts) == 1 {
		return s == parts[0]
	}
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	last := parts[len(parts)-1]
	for _, part := range parts[1 : len(parts)-1] {
		i := strings.Index(s, part)
		if i < 0 {
			return false
		}
		s = s[i+len(part):]
	}
	return strings.HasSuffix(s, last)
}
