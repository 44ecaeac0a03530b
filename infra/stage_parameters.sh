#!/usr/bin/env bash
# Makes sure the stage parameters the functions read exist in SSM before a
# deploy: it reads the lines `go run ./infra/cmd/parameters -stage <stage>`
# prints (SSM name, pinned version, variable), and for each parameter
#
#   - that does not exist, creates it (version 1) from the value in the
#     named environment variable, or fails saying which variable to set;
#   - that exists, checks that the version the stage pins exists.
#
# It never changes an existing parameter: to change a value, put a new
# version (aws ssm put-parameter --overwrite), pin the version it prints in
# infra/stage.go, and deploy.
#
#   go run ./infra/cmd/parameters -stage dev | infra/stage_parameters.sh
#
# With AWS_ENDPOINT_URL set it talks to that endpoint (LocalStack). Needs
# the AWS CLI and credentials allowed to call ssm:GetParameter and
# ssm:PutParameter on /conveyor/<stage>/*. Each problem is one line on
# stderr; the exit status is 1 if there was any.
set -euo pipefail

# awscli runs the AWS CLI on the endpoint, away from the loop's input.
awscli() {
	if [[ -n ${AWS_ENDPOINT_URL:-} ]]; then
		aws --endpoint-url "$AWS_ENDPOINT_URL" "$@" </dev/null
	else
		aws "$@" </dev/null
	fi
}

# SSM keeps the last 100 versions of a parameter.
kept=100
failed=0
err=$(mktemp)
valuefile=$(mktemp)
trap 'rm -f "$err" "$valuefile"' EXIT

while read -r name pinned var; do
	if [[ -z $name || -z $pinned || -z $var ]]; then
		echo "a line needs a name, a version and a variable: \"$name $pinned $var\"" >&2
		failed=1
		continue
	fi
	if latest=$(awscli ssm get-parameter --name "$name" --query Parameter.Version --output text 2>"$err"); then
		if ((pinned > latest)); then
			echo "$name: the stage pins version $pinned, the latest is $latest: pin an existing version in infra/stage.go (ParameterVersions)" >&2
			failed=1
		elif ((latest - pinned >= kept)); then
			echo "$name: the stage pins version $pinned, which SSM no longer keeps (latest $latest): pin a recent version in infra/stage.go (ParameterVersions)" >&2
			failed=1
		else
			echo "$name: version $pinned of $latest"
		fi
		continue
	fi
	if ! grep -q ParameterNotFound "$err"; then
		echo "$name: $(tr '\n' ' ' <"$err")" >&2
		failed=1
		continue
	fi
	value=${!var:-}
	if [[ -z $value ]]; then
		echo "$name does not exist: set $var to its value to create it" >&2
		failed=1
		continue
	fi
	# From a file: version 1 of the CLI would fetch a value that is a URL.
	printf '%s' "$value" >"$valuefile"
	created=$(awscli ssm put-parameter --name "$name" --type String --value "file://$valuefile" \
		--description "Conveyor stage parameter, read by the functions that declare it; pinned by version in infra/stage.go." \
		--query Version --output text)
	if ((pinned != created)); then
		echo "$name: created version $created, but the stage pins version $pinned: pin $created in infra/stage.go (ParameterVersions)" >&2
		failed=1
		continue
	fi
	echo "$name: created (version $created)"
done

exit "$failed"
