// Package emulator runs kumo, the in-process AWS emulator, on a fixed
// loopback address, so the AWS SDK, the function processes and kumo's own
// cross-service deliveries (EventBridge to SQS) all reach it.
//
// kumo reads KUMO_PORT, KUMO_HOST and KUMO_DATA_DIR once, when its packages
// initialise, before main runs. A program that picks the port or the data
// directory at run time therefore calls Reexec first: it restarts the
// program with those variables set, and returns at once when they already
// are.
//
// Its front door (kumo's handler behind handlers of its own, in one HTTP
// server) can enforce IAM (Enforce): a request signed with a function's
// access key id, "fn.<function>", is resolved into the actions, resource
// ARNs and condition keys AWS would authorise (resolve.go, reading only
// the members that name them, jsonscan.go), evaluated against that
// function's statements with iampolicy.Evaluate, and refused with the
// error AWS returns for the protocol when denied (authorize.go). Requests
// signed with any other key pass, as an administrator's. Observers
// (Observe) see the bodies of the request targets they registered for.
package emulator
