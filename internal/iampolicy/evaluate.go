package iampolicy

import (
	"fmt"
	"strings"
)

// Request is one authorisation question: may the principal perform Action
// on Resource, with the request's condition keys in Context?
type Request struct {
	// Action is "service:Action", e.g. "dynamodb:GetItem".
	Action string
	// Resource is the ARN the action acts on, or "*" for an action that
	// has no resource-level permissions (X-Ray's).
	Resource string
	// Context holds the request's values of condition keys, e.g.
	// "events:source": {"conveyor.orders"}. Key names match without
	// regard to case, as in IAM; a key that is absent has no values.
	Context map[string][]string
}

// Decision is the outcome of evaluating a request.
type Decision int

// The decisions, as IAM names them.
const (
	// ImplicitDeny: no statement allows the request.
	ImplicitDeny Decision = iota
	// Allowed: a statement allows the request and none denies it.
	Allowed
	// ExplicitDeny: a Deny statement applies, whatever else allows.
	ExplicitDeny
)

// String returns the decision's name.
func (d Decision) String() string {
	switch d {
	case Allowed:
		return "allowed"
	case ExplicitDeny:
		return "explicit deny"
	default:
		return "implicit deny"
	}
}

// Result is a decision and the statement that made it.
type Result struct {
	Decision Decision
	// Sid names the deciding statement: the Deny that applied, or the
	// first Allow that matched; empty for an implicit deny.
	Sid string
}

// Allowed reports whether the request may proceed.
func (r Result) Allowed() bool { return r.Decision == Allowed }

// Evaluate applies IAM's rules for an identity-based policy to r: an
// applicable Deny statement wins; otherwise an applicable Allow is
// needed; with neither the request is implicitly denied. A statement
// applies when one of its actions matches r.Action (without regard to
// case), one of its resources matches r.Resource, and all its conditions
// hold. "*" matches any run of characters and "?" any one, in actions
// and resources; in a resource ARN a "*" stays inside its segment (the
// parts between the first five colons) unless it ends the segment, as in
// IAM.
//
// A condition whose operator Supported rejects never holds in an Allow
// statement and always holds in a Deny statement, so an unknown operator
// can only refuse more, never allow more; call Validate first to refuse
// such a policy outright.
func Evaluate(statements []Statement, r Request) Result {
	ctx := lowerKeys(r.Context)
	var allowedBy string
	allowed := false
	for _, s := range statements {
		if !matchesAny(s.Actions, r.Action, matchAction) || !matchesAny(s.Resources, r.Resource, matchResource) {
			continue
		}
		switch s.Effect {
		case Deny:
			if conditionsHold(s.Conditions, ctx, true) {
				return Result{Decision: ExplicitDeny, Sid: s.Sid}
			}
		case Allow:
			if !allowed && conditionsHold(s.Conditions, ctx, false) {
				allowed, allowedBy = true, s.Sid
			}
		}
	}
	if allowed {
		return Result{Decision: Allowed, Sid: allowedBy}
	}
	return Result{Decision: ImplicitDeny}
}

// Validate reports the first statement that Evaluate cannot apply
// faithfully: an effect other than Allow or Deny, no action or resource,
// or a condition operator Supported rejects.
func Validate(statements []Statement) error {
	for _, s := range statements {
		if s.Effect != Allow && s.Effect != Deny {
			return fmt.Errorf("iampolicy: statement %q: effect %q is neither Allow nor Deny", s.Sid, s.Effect)
		}
		if len(s.Actions) == 0 || len(s.Resources) == 0 {
			return fmt.Errorf("iampolicy: statement %q: needs at least one action and one resource", s.Sid)
		}
		for _, c := range s.Conditions {
			if !Supported(c.Operator) {
				return fmt.Errorf("iampolicy: statement %q: condition operator %q is not supported", s.Sid, c.Operator)
			}
		}
	}
	return nil
}

// The condition operators Evaluate understands, without their
// "ForAnyValue:"/"ForAllValues:" prefix and "IfExists" suffix, which it
// understands on each of them.
var operators = map[string]func(policy, value string) bool{
	"StringEquals":              func(p, v string) bool { return p == v },
	"StringNotEquals":           func(p, v string) bool { return p == v },
	"StringEqualsIgnoreCase":    strings.EqualFold,
	"StringNotEqualsIgnoreCase": strings.EqualFold,
	"StringLike":                func(p, v string) bool { return glob(p, v, true) },
	"StringNotLike":             func(p, v string) bool { return glob(p, v, true) },
	// ArnEquals takes wildcards as ArnLike does, in IAM.
	"ArnEquals":    matchResource,
	"ArnNotEquals": matchResource,
	"ArnLike":      matchResource,
	"ArnNotLike":   matchResource,
	"Bool":         strings.EqualFold,
}

// negated are the operators that hold when no policy value matches.
var negated = map[string]bool{
	"StringNotEquals": true, "StringNotEqualsIgnoreCase": true, "StringNotLike": true,
	"ArnNotEquals": true, "ArnNotLike": true,
}

// SupportedOperators lists the condition operators Evaluate understands.
// Each also takes the "ForAnyValue:" or "ForAllValues:" prefix and the
// "IfExists" suffix; "Null" takes neither.
func SupportedOperators() []string {
	return []string{
		"StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase",
		"StringLike", "StringNotLike", "ArnEquals", "ArnNotEquals", "ArnLike", "ArnNotLike", "Bool", "Null",
	}
}

// Supported reports whether Evaluate understands the condition operator.
func Supported(operator string) bool {
	if operator == "Null" {
		return true
	}
	_, base, _ := splitOperator(operator)
	_, ok := operators[base]
	return ok
}

// setQualifier is a condition operator's prefix.
type setQualifier int

const (
	single setQualifier = iota
	forAnyValue
	forAllValues
)

// splitOperator splits "ForAnyValue:StringLikeIfExists" into its
// qualifier, "StringLike" and whether it ends in IfExists.
func splitOperator(op string) (setQualifier, string, bool) {
	q := single
	if rest, ok := strings.CutPrefix(op, "ForAnyValue:"); ok {
		q, op = forAnyValue, rest
	} else if rest, ok := strings.CutPrefix(op, "ForAllValues:"); ok {
		q, op = forAllValues, rest
	}
	base, ifExists := strings.CutSuffix(op, "IfExists")
	return q, base, ifExists
}

// conditionsHold reports whether every condition holds for ctx, whose
// keys are lower case. unknown is the answer for an operator Evaluate
// does not understand.
func conditionsHold(conds []Condition, ctx map[string][]string, unknown bool) bool {
	for _, c := range conds {
		if !conditionHolds(c, ctx, unknown) {
			return false
		}
	}
	return true
}

func conditionHolds(c Condition, ctx map[string][]string, unknown bool) bool {
	values, present := ctx[strings.ToLower(c.Key)]
	present = present && len(values) > 0
	if c.Operator == "Null" {
		// "true": the key must be absent; "false": present.
		for _, want := range c.Values {
			if strings.EqualFold(want, "true") != present {
				return true
			}
		}
		return false
	}
	q, base, ifExists := splitOperator(c.Operator)
	match, ok := operators[base]
	if !ok {
		return unknown
	}
	neg := negated[base]
	// matches reports whether one request value satisfies the operator.
	matches := func(v string) bool {
		for _, p := range c.Values {
			if match(p, v) {
				return !neg
			}
		}
		return neg
	}
	if !present {
		switch {
		case ifExists, q == forAllValues:
			return true
		case q == forAnyValue:
			return false
		default:
			// A missing key matches no value: a positive operator fails,
			// a negated one holds.
			return neg
		}
	}
	switch q {
	case forAllValues:
		for _, v := range values {
			if !matches(v) {
				return false
			}
		}
		return true
	default:
		// ForAnyValue, and a single-valued key, which a request carries
		// once: one value that satisfies the operator is enough.
		for _, v := range values {
			if matches(v) {
				return true
			}
		}
		return false
	}
}

func lowerKeys(ctx map[string][]string) map[string][]string {
	out := make(map[string][]string, len(ctx))
	for k, v := range ctx {
		k = strings.ToLower(k)
		out[k] = append(out[k], v...)
	}
	return out
}

func matchesAny(patterns []string, value string, match func(pattern, value string) bool) bool {
	for _, p := range patterns {
		if match(p, value) {
			return true
		}
	}
	return false
}

// matchAction matches an action pattern such as "dynamodb:Get*" without
// regard to case.
func matchAction(pattern, action string) bool {
	return glob(strings.ToLower(pattern), strings.ToLower(action), true)
}

// arnSegments is how many colon-separated segments precede an ARN's
// resource part: arn, partition, service, region, account.
const arnSegments = 5

// matchResource matches a resource pattern against an ARN. "*" alone
// matches everything. Within the first five segments a "*" matches
// inside its segment only, unless it is the segment's last character,
// when it may run on past the colon; in the resource part it matches
// anything, slashes and colons included.
func matchResource(pattern, arn string) bool {
	if pattern == "*" {
		return true
	}
	return globARN(pattern, arn)
}

// glob matches value against pattern, where "*" matches any run of
// characters (":" included when crossColons) and "?" any one character.
func glob(pattern, value string, crossColons bool) bool {
	return globWith(pattern, value, func(int) bool { return crossColons })
}

// globARN is glob with IAM's rule for ARN segments (see matchResource).
func globARN(pattern, arn string) bool {
	// free[i] says whether the "*" at pattern[i] may match colons.
	colons := 0
	free := make([]bool, len(pattern))
	for i := range len(pattern) {
		switch pattern[i] {
		case ':':
			colons++
		case '*':
			free[i] = colons >= arnSegments || i == len(pattern)-1 || pattern[i+1] == ':'
		}
	}
	return globWith(pattern, arn, func(i int) bool { return free[i] })
}

// globWith matches value against pattern by dynamic programming over
// (pattern position, value position); free(i) says whether the "*" at
// pattern[i] may match ":".
func globWith(pattern, value string, free func(i int) bool) bool {
	if !strings.ContainsAny(pattern, "*?") {
		return pattern == value
	}
	// reach[j]: pattern[:i] matches value[:j], for the current i.
	reach := make([]bool, len(value)+1)
	reach[0] = true
	for i := range len(pattern) {
		next := make([]bool, len(value)+1)
		switch c := pattern[i]; c {
		case '*':
			crosses := free(i)
			for j := 0; j <= len(value); j++ {
				if reach[j] {
					next[j] = true
				} else if j > 0 && next[j-1] && (crosses || value[j-1] != ':') {
					next[j] = true
				}
			}
		case '?':
			for j := 1; j <= len(value); j++ {
				next[j] = reach[j-1]
			}
		default:
			for j := 1; j <= len(value); j++ {
				next[j] = reach[j-1] && value[j-1] == c
			}
		}
		reach = next
	}
	return reach[len(value)]
}
