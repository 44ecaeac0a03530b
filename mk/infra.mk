# Infrastructure as code: the CDK app in infra/, the pinned CDK CLI in _cdk/.
#
# The CLI runs offline at synth: no notices, no telemetry, no version check.
# `make synth` needs neither an AWS account nor credentials; `make diff` and
# `make deploy` do.

STAGE ?= dev

CDK_DIR   := _cdk
CDK_STAMP := $(CDK_DIR)/node_modules/.installed
CDK       := $(CDK_DIR)/node_modules/.bin/cdk
CDKLOCAL  := $(CDK_DIR)/node_modules/.bin/cdklocal
CDK_ENV   := CDK_DISABLE_CLI_TELEMETRY=1 CDK_DISABLE_VERSION_CHECK=1 JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
CDK_FLAGS := --no-notices -c stage=$(STAGE) -c assets=$(BUILD_DIR)

# LocalStack's edge endpoint and the credentials it accepts (any will do).
LOCALSTACK_ENV := AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 AWS_ENDPOINT_URL=http://localhost:4566

.PHONY: cdk-install synth diff deploy localstack-up localstack-down localstack-deploy

$(CDK_STAMP): $(CDK_DIR)/package.json $(CDK_DIR)/package-lock.json
	cd $(CDK_DIR) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

cdk-install: $(CDK_STAMP) ## install the pinned CDK CLI and cdklocal into _cdk/ (npm ci)

synth: build $(CDK_STAMP) ## write one CloudFormation template per stack to cdk.out/ (STAGE=dev|prod), offline
	$(CDK_ENV) $(CDK) synth $(CDK_FLAGS) --quiet
	@ls cdk.out/*.template.json

diff: build $(CDK_STAMP) ## compare STAGE's stacks with what is deployed (needs AWS credentials)
	$(CDK_ENV) $(CDK) diff $(CDK_FLAGS) --all

deploy: build $(CDK_STAMP) ## deploy every stack of STAGE=dev|prod (needs AWS credentials and `cdk bootstrap`)
	$(CDK_ENV) $(CDK) deploy $(CDK_FLAGS) --all --require-approval broadening

localstack-up: ## start LocalStack (docker compose; needs LOCALSTACK_AUTH_TOKEN, see localstack/README.md)
	docker compose -f localstack/docker-compose.yml up -d --wait

localstack-down: ## stop LocalStack and drop its state
	docker compose -f localstack/docker-compose.yml down -v

localstack-deploy: build $(CDK_STAMP) ## bootstrap and deploy STAGE to a running LocalStack with cdklocal
	$(LOCALSTACK_ENV) $(CDK_ENV) $(CDKLOCAL) bootstrap $(CDK_FLAGS)
	$(LOCALSTACK_ENV) $(CDK_ENV) $(CDKLOCAL) deploy $(CDK_FLAGS) --all --require-approval never
