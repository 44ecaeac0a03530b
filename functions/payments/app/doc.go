// Package app holds the payments use cases, one per file, and the small
// interfaces they need from the outside world (repository, payment
// provider, retry scheduler), declared here, by their consumer. The use
// cases store decisions; the publisher function announces them from the
// table's stream.
package app
