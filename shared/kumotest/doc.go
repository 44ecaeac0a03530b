// Package kumotest is the test harness for everything that talks to AWS:
// it runs kumo, the in-process AWS emulator, gives tests clients for it,
// and creates the resources they need in it.
//
// It is the one test helper that imports kumo: linking kumo makes a test
// binary slow to build the first time, so only packages whose tests talk
// to AWS import this one.
//
// kumo's state is global to the process: one emulator serves a test
// binary, and every test names its resources with UniqueName, or Prefix
// when it builds several names, so that tests never see each other's data.
//
// There are three ways to run it:
//
//   - Start(t) alone starts a plain kumo server on a random port. Every
//     API works, but kumo delivers EventBridge targets to the port in
//     KUMO_PORT, read when the process starts, so cross-service deliveries
//     (EventBridge to SQS) are lost. Enough for tables and queues.
//   - Main, called from TestMain, restarts the test binary with KUMO_PORT
//     set and serves kumo on that port, as the local cloud does; Start
//     then returns that emulator and deliveries work.
//   - PrepareEnv, called from TestMain, only sets KUMO_PORT, for tests
//     that start the local cloud, and with it the emulator, themselves.
//
// The plain server is never closed (closing can hang while a request
// long-polls); it goes when the process exits. Main stops its emulator
// after the tests.
package kumotest
