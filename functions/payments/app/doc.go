// Package app holds the payments use cases, one per file, and the small
// interfaces they need from the outside world (repository, payment
// provider, event publisher, retry scheduler), declared here, by their
// consumer.
package app
