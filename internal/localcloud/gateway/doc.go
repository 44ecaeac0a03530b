// Package gateway plays API Gateway REST (v1) in front of the local
// functions: it matches the declared routes, checks bearer tokens the way
// a Cognito user-pool authorizer does, builds the Lambda proxy event
// (events.APIGatewayProxyRequest) and answers with what the function
// returns.
//
// What API Gateway answers itself, the gateway answers the same way: 403
// "Missing Authentication Token" for a path or method no route declares,
// 401 "Unauthorized" for a missing or invalid token on a protected route,
// 413 for a payload over 10 MB, 502 "Internal server error" when the
// function fails or returns a malformed response, and 504 when it does not
// answer within the 29 s integration timeout.
//
// It also serves the API's contract at GET /openapi.json, to anyone: the
// OpenAPI document of internal/openapi, naming the gateway's own address
// as its server.
package gateway
