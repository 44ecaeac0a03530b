#!/usr/bin/env bash
# Prints the environment the end-to-end suite (tests/) needs to run against
# a deployed stage instead of the local cloud:
#
#   CONVEYOR_E2E_API_URL         the REST API stage's base URL
#   CONVEYOR_E2E_ADMIN_TOKEN     an ID token of a user in the "admin" group
#   CONVEYOR_E2E_CUSTOMER_TOKEN  an ID token of a user in no group
#
# It reads the platform's SSM parameters, creates (or resets) the two test
# users in the stage's user pool with fresh random passwords, and signs them
# in. A stage without a user pool (the localstack stage, whose API checks
# the local cloud's tokens: infra.AuthLocalTokens) publishes no user-pool
# parameter; for it the script signs two local tokens instead, with the key
# `make localstack-deploy` gave the stage's gatekeeper. The tokens are
# valid for one hour.
#
#   eval "$(infra/e2e_env.sh dev)"                                                # on AWS
#   eval "$(AWS_ENDPOINT_URL=http://localhost:4566 infra/e2e_env.sh localstack)"  # on LocalStack
#
# Needs the AWS CLI and credentials allowed to read /conveyor/<stage>/* in
# SSM and to administer the stage's user pool (including
# cognito-idp:AdminInitiateAuth); for a stage without one, Go instead.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

stage=${1:-dev}
admin_email=${CONVEYOR_E2E_ADMIN_EMAIL:-e2e-admin@example.com}
customer_email=${CONVEYOR_E2E_CUSTOMER_EMAIL:-e2e-customer@example.com}

awscli() {
	if [[ -n ${AWS_ENDPOINT_URL:-} ]]; then
		aws --endpoint-url "$AWS_ENDPOINT_URL" "$@"
	else
		aws "$@"
	fi
}

param() {
	awscli ssm get-parameter --name "/conveyor/$stage/platform/$1" --query Parameter.Value --output text
}

errors=$(mktemp)
trap 'rm -f "$errors"' EXIT
if pool=$(param user-pool/id 2>"$errors"); then
	client=$(param user-pool/client-id)
elif grep -q ParameterNotFound "$errors"; then
	pool=""
else
	cat "$errors" >&2
	exit 1
fi
if [[ -n ${AWS_ENDPOINT_URL:-} ]]; then
	# LocalStack serves every REST API under its own endpoint.
	api_url="${AWS_ENDPOINT_URL%/}/_aws/execute-api/$(param api/id)/$stage"
else
	api_url=$(param api/url)
	api_url=${api_url%/}
fi

# sign_in prints an ID token for the user, creating the user and putting it
# in the group (if one is given) first.
sign_in() {
	local email=$1 group=$2 password
	# 24 random bytes, plus one of each character class the policy demands.
	password="$(head -c 24 /dev/urandom | base64 | tr -d '/+=')aA1!"
	if ! awscli cognito-idp admin-get-user --user-pool-id "$pool" --username "$email" >/dev/null 2>&1; then
		awscli cognito-idp admin-create-user --user-pool-id "$pool" --username "$email" \
			--user-attributes Name=email,Value="$email" Name=email_verified,Value=true \
			--message-action SUPPRESS >/dev/null
	fi
	awscli cognito-idp admin-set-user-password --user-pool-id "$pool" --username "$email" \
		--password "$password" --permanent >/dev/null
	if [[ -n $group ]]; then
		awscli cognito-idp admin-add-user-to-group --user-pool-id "$pool" --username "$email" \
			--group-name "$group" >/dev/null
	fi
	# Admin sign-in (IAM-authorised): the app client takes plain
	# passwords only outside prod.
	awscli cognito-idp admin-initiate-auth --user-pool-id "$pool" --client-id "$client" \
		--auth-flow ADMIN_USER_PASSWORD_AUTH \
		--auth-parameters "USERNAME=$email,PASSWORD=$password" \
		--query AuthenticationResult.IdToken --output text
}

# local_token prints a token of the local cloud's key for the user, in the
# group if one is given.
local_token() {
	local args=(--sub "$1")
	if [[ -n $2 ]]; then
		args+=(--group "$2")
	fi
	(cd "$root" && go run ./cmd/conveyor token "${args[@]}")
}

if [[ -n $pool ]]; then
	admin_token=$(sign_in "$admin_email" admin)
	customer_token=$(sign_in "$customer_email" "")
else
	echo "e2e_env.sh: stage $stage has no user pool; signing local tokens for its gatekeeper" >&2
	admin_token=$(local_token "$admin_email" admin)
	customer_token=$(local_token "$customer_email" "")
fi

printf 'export CONVEYOR_E2E_API_URL=%q\n' "$api_url"
printf 'export CONVEYOR_E2E_ADMIN_TOKEN=%q\n' "$admin_token"
printf 'export CONVEYOR_E2E_CUSTOMER_TOKEN=%q\n' "$customer_token"
