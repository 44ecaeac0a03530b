// Package auth plays the Cognito user pool of the local cloud: it keeps an
// RS256 signing key on disk, issues ID tokens for local users and verifies
// them the way API Gateway's Cognito authorizer does.
//
// Tokens carry the issuer Issuer and the audience Audience, a subject
// ("sub"), the user's groups ("cognito:groups") and an expiry. A verified
// token becomes the string claims a Cognito authorizer hands to a function
// in requestContext.authorizer.claims.
package auth
