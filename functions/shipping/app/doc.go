// Package app holds the shipping use cases, one per file, and the small
// interfaces they need (repository, publisher), declared by their consumer.
package app
