package infra_test

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// A model of CloudWatch's metric search, as "CloudWatch search expression
// syntax" in the CloudWatch User Guide documents it, for the parts the
// dashboards use: a metric schema, designators (MetricName=, Namespace=,
// <dimension>=), partial and exact (double-quoted) terms, AND (also
// implicit), OR, NOT and parentheses. It lets a test tell, without an AWS
// account, which metrics a dashboard's SEARCH finds.

// searchMetric is one metric a search may find.
type searchMetric struct {
	namespace, name string
	dims            map[string]string
}

// search is a parsed SEARCH(' {schema} terms ', 'statistic', period).
type search struct {
	// query is the text between the first pair of single quotes.
	query     string
	namespace string
	dimNames  []string
	expr      searchNode
}

// searchNode is a boolean expression of terms.
type searchNode interface {
	eval(m searchMetric) bool
}

type (
	searchAnd  []searchNode
	searchOr   []searchNode
	searchNot  struct{ n searchNode }
	searchTerm struct {
		designator string // "" for any property
		value      string
		exact      bool
	}
)

func (a searchAnd) eval(m searchMetric) bool {
	for _, n := range a {
		if !n.eval(m) {
			return false
		}
	}
	return true
}

func (o searchOr) eval(m searchMetric) bool {
	for _, n := range o {
		if n.eval(m) {
			return true
		}
	}
	return false
}

func (n searchNot) eval(m searchMetric) bool { return !n.n.eval(m) }

func (t searchTerm) eval(m searchMetric) bool {
	var fields []string
	switch t.designator {
	case "":
		fields = append(fields, m.name, m.namespace)
		for k, v := range m.dims {
			fields = append(fields, k, v)
		}
	case "MetricName":
		fields = []string{m.name}
	case "Namespace":
		fields = []string{m.namespace}
	default:
		v, ok := m.dims[t.designator]
		if !ok {
			return false
		}
		fields = []string{v}
	}
	for _, f := range fields {
		if t.exact && f == t.value || !t.exact && partialMatch(t.value, f) {
			return true
		}
	}
	return false
}

// matches reports whether the search finds metric m: m is in the schema's
// namespace with exactly its dimensions, and the terms hold.
func (s *search) matches(m searchMetric) bool {
	if s.namespace != "" {
		if m.namespace != s.namespace || len(m.dims) != len(s.dimNames) {
			return false
		}
		for _, d := range s.dimNames {
			if _, ok := m.dims[d]; !ok {
				return false
			}
		}
	}
	return s.expr == nil || s.expr.eval(m)
}

// searchTokens splits a string as CloudWatch does: non-alphanumeric
// characters delimit, and inside a run of letters and digits a token
// starts at each camel-case capital and at each change between letters
// and digits. The tokens keep their case.
func searchTokens(s string) []string {
	var out []string
	for _, run := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		rs := []rune(run)
		start := 0
		for i := 1; i < len(rs); i++ {
			prev, cur := rs[i-1], rs[i]
			next := rune(0)
			if i+1 < len(rs) {
				next = rs[i+1]
			}
			split := unicode.IsDigit(prev) != unicode.IsDigit(cur) ||
				unicode.IsLower(prev) && unicode.IsUpper(cur) ||
				unicode.IsUpper(prev) && unicode.IsUpper(cur) && unicode.IsLower(next)
			if split {
				out = append(out, string(rs[start:i]))
				start = i
			}
		}
		out = append(out, string(rs[start:]))
	}
	return out
}

// partialMatch reports whether an unquoted term finds value: the term's
// parts (split at non-alphanumeric characters) match consecutive tokens of
// the value, a part of one token in any case, a part of several tokens (a
// composite, such as "CustomCount") in the same case.
func partialMatch(term, value string) bool {
	vt := searchTokens(value)
	var parts [][]string
	for _, p := range strings.FieldsFunc(term, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		parts = append(parts, searchTokens(p))
	}
	if len(parts) == 0 {
		return false
	}
	var want []string
	composite := map[int]bool{} // indexes in want that compare case-sensitively
	for _, p := range parts {
		for _, tok := range p {
			if len(p) > 1 {
				composite[len(want)] = true
			}
			want = append(want, tok)
		}
	}
	for i := 0; i+len(want) <= len(vt); i++ {
		ok := true
		for j, w := range want {
			if composite[j] && vt[i+j] != w || !composite[j] && !strings.EqualFold(vt[i+j], w) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

var searchCall = regexp.MustCompile(`^SEARCH\(\s*'((?:[^'\\]|\\.)*)'\s*,\s*'[A-Za-z0-9.%]+'\s*(?:,\s*\d+\s*)?\)$`)

// parseSearch parses a SEARCH(...) expression.
func parseSearch(expression string) (*search, error) {
	m := searchCall.FindStringSubmatch(strings.TrimSpace(expression))
	if m == nil {
		return nil, errors.New("not a SEARCH('query', 'statistic', period) expression")
	}
	s := &search{query: m[1]}
	rest := strings.TrimSpace(m[1])
	if strings.HasPrefix(rest, "{") {
		end := strings.Index(rest, "}")
		if end < 0 {
			return nil, errors.New("unclosed metric schema")
		}
		names := strings.Split(rest[1:end], ",")
		for i, n := range names {
			names[i] = strings.Trim(strings.TrimSpace(n), `"`)
		}
		s.namespace, s.dimNames = names[0], names[1:]
		rest = strings.TrimPrefix(strings.TrimSpace(rest[end+1:]), ",")
	}
	toks, err := lexSearch(rest)
	if err != nil {
		return nil, err
	}
	p := &searchParser{toks: toks}
	if len(toks) > 0 {
		if s.expr, err = p.or(); err != nil {
			return nil, err
		}
		if p.pos != len(toks) {
			return nil, fmt.Errorf("unexpected %q", toks[p.pos])
		}
	}
	return s, nil
}

// lexSearch splits search terms into "(", ")", operators and terms; a
// term keeps its quotes.
func lexSearch(s string) ([]string, error) {
	var out []string
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t':
			i++
		case c == '(' || c == ')':
			out = append(out, string(c))
			i++
		default:
			j := i
			for j < len(s) && s[j] != ' ' && s[j] != '(' && s[j] != ')' {
				if s[j] == '"' {
					j++
					for j < len(s) && s[j] != '"' {
						if s[j] == '\\' {
							j++
						}
						j++
					}
					if j >= len(s) {
						return nil, errors.New("unclosed double quote")
					}
				}
				j++
			}
			out = append(out, s[i:j])
			i = j
		}
	}
	return out, nil
}

type searchParser struct {
	toks []string
	pos  int
}

func (p *searchParser) peek() string {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return ""
}

func (p *searchParser) or() (searchNode, error) {
	first, err := p.and()
	if err != nil {
		return nil, err
	}
	out := searchOr{first}
	for p.peek() == "OR" {
		p.pos++
		n, err := p.and()
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	if len(out) == 1 {
		return first, nil
	}
	return out, nil
}

func (p *searchParser) and() (searchNode, error) {
	var out searchAnd
	for {
		switch p.peek() {
		case "", ")", "OR":
			if len(out) == 0 {
				return nil, fmt.Errorf("a term is missing at %d", p.pos)
			}
			return out, nil
		case "AND":
			p.pos++
		}
		n, err := p.unary()
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
}

func (p *searchParser) unary() (searchNode, error) {
	switch tok := p.peek(); tok {
	case "NOT":
		p.pos++
		n, err := p.unary()
		return searchNot{n}, err
	case "(":
		p.pos++
		n, err := p.or()
		if err != nil {
			return nil, err
		}
		if p.peek() != ")" {
			return nil, errors.New("unclosed parenthesis")
		}
		p.pos++
		return n, nil
	case "", ")":
		return nil, fmt.Errorf("a term is missing at %d", p.pos)
	default:
		p.pos++
		t := searchTerm{value: tok}
		if d, v, ok := strings.Cut(tok, "="); ok && !strings.HasPrefix(tok, `"`) {
			t.designator, t.value = d, v
		}
		if strings.HasPrefix(t.value, `"`) {
			unq, err := unquoteSearch(t.value)
			if err != nil {
				return nil, err
			}
			t.value, t.exact = unq, true
		}
		return t, nil
	}
}

// unquoteSearch removes the double quotes of an exact term and its
// backslash escapes (of ", \, ( and )).
func unquoteSearch(s string) (string, error) {
	if len(s) < 2 || !strings.HasSuffix(s, `"`) {
		return "", fmt.Errorf("bad exact term %s", s)
	}
	var b strings.Builder
	body := s[1 : len(s)-1]
	for i := 0; i < len(body); i++ {
		if body[i] == '\\' && i+1 < len(body) {
			i++
		}
		b.WriteByte(body[i])
	}
	return b.String(), nil
}

func TestTheSearchModelAgreesWithCloudWatchsDocumentedExamples(t *testing.T) {
	custom := searchMetric{namespace: "MyNamespace", name: "CustomCount1"}
	dashed := searchMetric{namespace: "MyNamespace", name: "Network-Errors-2"}
	joined := searchMetric{namespace: "MyNamespace", name: "NetworkErrors2"}
	ec2 := searchMetric{namespace: "AWS/EC2", name: "CPUUtilization", dims: map[string]string{"InstanceType": "t2.micro"}}
	dlq := searchMetric{namespace: "AWS/SQS", name: "ApproximateNumberOfMessagesVisible", dims: map[string]string{"QueueName": "conveyor-dev-orders-saga-events-dlq"}}
	tests := []struct {
		query  string
		metric searchMetric
		want   bool
	}{
		{"count", custom, true},
		{"Count", custom, true},
		{"COUNT", custom, true},
		{"couNT", custom, false},
		{"CustomCount", custom, true},
		{"Count1", custom, true},
		{"customcount", custom, false},
		{"count1", custom, false},
		{`{MyNamespace} "CustomCount1"`, custom, true},
		{`{MyNamespace} "customcount1"`, custom, false},
		{`{MyNamespace} "Custom"`, custom, false},
		{"network/errors", dashed, true},
		{"network+errors", joined, true},
		{"network-errors", dashed, true},
		{"Network_Errors", joined, true},
		{`"Network-Errors-2"`, dashed, true},
		{`"Network_Errors_2"`, dashed, false},
		{"{AWS/EC2,InstanceType} InstanceType=micro MetricName=\"CPUUtilization\"", ec2, true},
		{`{AWS/EC2,InstanceType} InstanceType="t2.micro" MetricName="CPUUtilization"`, ec2, true},
		{`{AWS/EC2,InstanceId} MetricName="CPUUtilization"`, ec2, false},
		{`(EC2 OR EBS) AND MetricName=CPU`, ec2, true},
		{`{AWS/EC2,InstanceType} MetricName="CPUUtilization" NOT micro`, ec2, false},
		// A quoted term matches the whole value only.
		{`{AWS/SQS,QueueName} MetricName="ApproximateNumberOfMessagesVisible" QueueName="conveyor-dev-" dlq`, dlq, false},
		{`{AWS/SQS,QueueName} QueueName=conveyor-dev-orders QueueName=dlq`, dlq, true},
		{`{AWS/SQS,QueueName} QueueName=conveyor-dev2`, dlq, false},
	}
	for _, tt := range tests {
		s, err := parseSearch("SEARCH('" + tt.query + "', 'Maximum', 300)")
		if err != nil {
			t.Errorf("%s: %v", tt.query, err)
			continue
		}
		if got := s.matches(tt.metric); got != tt.want {
			t.Errorf("%s finds %s/%s: %v, want %v", tt.query, tt.metric.namespace, tt.metric.name, got, tt.want)
		}
	}
}
