// Package httpapi serves a net/http handler to API Gateway REST (v1) proxy
// events through aws-lambda-go-api-proxy, and gives handlers what every
// JSON API needs: bounded, strict JSON decoding; RFC 9457 problem details
// for every error, from one error-to-status mapping (StatusOf); the
// caller's identity from the Cognito authorizer claims; opaque,
// integrity-checked pagination cursors; and a correlation id per request.
//
// A service builds an http.ServeMux with Go's method-and-path patterns
// ("GET /products/{sku}"), wraps it with New, and hands the result to
// lambda.Start (through shared/middleware).
package httpapi
