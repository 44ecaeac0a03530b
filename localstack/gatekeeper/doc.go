// Package gatekeeper authenticates API requests for a stage whose emulator
// has neither Cognito nor API Gateway authorizers (LocalStack's free plan,
// the infra.AuthLocalTokens stage setting).
//
// The REST API integrates every customer and admin route with one Lambda
// function, the gatekeeper, instead of with the route's own function. The
// gatekeeper verifies the request's ID token the way the local cloud does
// (RS256 with the local cloud's key, its issuer and audience, an expiry),
// puts the token's claims into requestContext.authorizer.claims exactly as
// API Gateway's Cognito authorizer would, and invokes the route's function
// (its "live" alias) with that event, returning the function's answer as
// its own. A request without a valid token gets API Gateway's own 401
// answer and never reaches the function. The functions therefore read the
// caller through shared/httpapi.IdentityFrom as they do on AWS.
//
// What the gatekeeper cannot stand in for: API Gateway answers from its
// own cache of authorizer results and adds the authorizer's latency to its
// metrics; the gatekeeper does neither, and each protected request runs
// two functions.
package gatekeeper
