// Package iampolicy holds the IAM statements each function is granted,
// derived from the service declarations, in one form that both the CDK app
// (which deploys them as the function's role policy) and the local cloud
// (which enforces them on every AWS call a function makes) read, so the
// two cannot drift apart.
package iampolicy

// Effect is a statement's effect.
type Effect string

// The effects of a statement.
const (
	Allow Effect = "Allow"
	Deny  Effect = "Deny"
)

// Condition is one condition of a statement: Operator (for example
// "StringEquals" or "StringLike") applied to the request's values of Key
// (for example "events:source"), which must match one of Values.
type Condition struct {
	Operator string
	Key      string
	Values   []string
}

// Statement is one IAM policy statement.
type Statement struct {
	// Sid names the statement; it is unique within a function's policy.
	Sid    string
	Effect Effect
	// Actions are "service:Action" names; "*" and "?" match as in IAM.
	Actions []string
	// Resources are ARNs; "*" and "?" match as in IAM.
	Resources []string
	// Conditions must all hold for the statement to apply.
	Conditions []Condition
	// Reason says why a statement's resource is "*" (an action that has
	// no resource-level permissions); empty otherwise.
	Reason string
}
