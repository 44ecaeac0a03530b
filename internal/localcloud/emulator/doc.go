// Package emulator runs kumo, the in-process AWS emulator, on a fixed
// loopback address, so the AWS SDK, the function processes and kumo's own
// cross-service deliveries (EventBridge to SQS) all reach it.
//
// kumo reads KUMO_PORT, KUMO_HOST and KUMO_DATA_DIR once, when its packages
// initialise, before main runs. A program that picks the port or the data
// directory at run time therefore calls Reexec first: it restarts the
// program with those variables set, and returns at once when they already
// are.
package emulator
