// Package eventpattern evaluates EventBridge event patterns against events,
// with EventBridge's semantics, so tests can prove that a subscription's
// rule matches the events it is meant to receive without an AWS account.
//
// It supports exact values (strings, numbers, booleans, null), prefix,
// suffix, anything-but (values, prefix, suffix, equals-ignore-case),
// numeric ranges, exists, equals-ignore-case, wildcard and $or. Like
// EventBridge, a pattern field lists the values it accepts, matches when
// any one does, and an array in the event matches when any of its elements
// does. An operator outside that list is a compile error, never a silent
// mismatch.
package eventpattern
