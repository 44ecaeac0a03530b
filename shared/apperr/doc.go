// Package apperr classifies errors by what went wrong from the caller's
// point of view (not found, conflict, invalid input, ...), so that domain
// code can say what failed without knowing about HTTP, and the HTTP layer
// can map every error to a status in one place.
//
// It depends on nothing but the standard library, so domain packages may
// import it.
package apperr
