// Package kumotest runs kumo, the in-process AWS emulator, for tests, and
// creates the resources they need in it.
//
// It is the one test helper that imports kumo: linking kumo makes a test
// binary slow to build the first time, so only packages whose tests talk
// to AWS import this one.
//
// kumo's state is global to the process: Start serves one emulator per
// test binary, and every test names its resources with UniqueName so that
// tests never see each other's data. The emulator is never closed (closing
// can hang while a request long-polls); it goes when the process exits.
//
// kumo delivers EventBridge targets to the port in KUMO_PORT, read when
// the process starts; tests that need those deliveries run kumo through
// the local cloud's emulator package instead.
package kumotest
