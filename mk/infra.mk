# Infrastructure as code: the CDK app in infra/, the pinned CDK CLI in _cdk/.
#
# The CLI runs offline at synth: no notices, no telemetry, no version check.
# `make synth` needs neither an AWS account nor credentials; `make diff` and
# `make deploy` do.

STAGE ?= dev
# REQUIRE_APPROVAL is the CLI's --require-approval for `make deploy`:
# broadening asks before widening IAM or security groups; CI sets never
# (the prod environment's reviewers approve there instead).
REQUIRE_APPROVAL ?= broadening

CDK_DIR   := _cdk
CDK_STAMP := $(CDK_DIR)/node_modules/.installed
CDK       := $(CDK_DIR)/node_modules/.bin/cdk
CDKLOCAL  := $(CDK_DIR)/node_modules/.bin/cdklocal
CDK_ENV   := CDK_DISABLE_CLI_TELEMETRY=1 CDK_DISABLE_VERSION_CHECK=1 JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
CDK_OUT   := cdk.out/$(STAGE)
CDK_FLAGS := --no-notices --output $(CDK_OUT) -c stage=$(STAGE) -c assets=$(BUILD_DIR)

# LocalStack's edge endpoint and the credentials it accepts (any will do).
LOCALSTACK_ENV := AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 AWS_ENDPOINT_URL=http://localhost:4566

.PHONY: cdk-install cdk-bootstrap synth diff deploy preflight stage-parameters localstack-up localstack-down localstack-build localstack-synth localstack-deploy

$(CDK_STAMP): $(CDK_DIR)/package.json $(CDK_DIR)/package-lock.json
	cd $(CDK_DIR) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

cdk-install: $(CDK_STAMP) ## install the pinned CDK CLI and cdklocal into _cdk/ (npm ci)

synth: build $(CDK_STAMP) ## write one CloudFormation template per stack to cdk.out/<stage>/ (STAGE=dev|prod), offline
	rm -rf $(CDK_OUT)
	$(CDK_ENV) $(CDK) synth $(CDK_FLAGS) --quiet
	@ls $(CDK_OUT)/*.template.json

cdk-bootstrap: build $(CDK_STAMP) ## prepare the AWS account and region of your credentials for `make deploy` (once)
	$(CDK_ENV) $(CDK) bootstrap $(CDK_FLAGS)

diff: build $(CDK_STAMP) ## compare STAGE's stacks with what is deployed (needs AWS credentials)
	$(CDK_ENV) $(CDK) diff $(CDK_FLAGS) --all

# The stage parameters the functions read (spec.Parameter, e.g.
# /conveyor/<stage>/payments/provider-url): a missing one is created from
# CONVEYOR_PARAM_<NAME> (CONVEYOR_PARAM_PAYMENTS_PROVIDER_URL=https://...),
# an existing one is left alone, and the version infra/stage.go pins must
# exist. See infra/README.md, "A function's own environment".
stage-parameters: ## create STAGE's missing stage parameters from CONVEYOR_PARAM_<NAME> and check the pinned versions (needs AWS credentials)
	$(GO) run ./infra/cmd/parameters -stage $(STAGE)

# Preflight checks, with your AWS credentials, what a deploy of STAGE
# needs before it changes anything: concurrency headroom for the stage's
# reserved and provisioned concurrency, the stage parameters (or the
# CONVEYOR_PARAM_<NAME> that stage-parameters creates one from), and the
# CDK bootstrap stack. One line per failure says what to do; see
# infra/README.md, "Preflight".
preflight: ## check the account can take a deploy of STAGE: concurrency headroom, stage parameters, CDK bootstrap (needs AWS credentials)
	$(GO) run ./infra/cmd/preflight -stage $(STAGE)

deploy: preflight build $(CDK_STAMP) stage-parameters ## deploy every stack of STAGE=dev|prod (needs AWS credentials and `make cdk-bootstrap` once)
	$(CDK_ENV) $(CDK) deploy $(CDK_FLAGS) --all --require-approval $(REQUIRE_APPROVAL)

localstack-up: ## start LocalStack (docker compose; needs LOCALSTACK_AUTH_TOKEN, see localstack/README.md)
	docker compose -f localstack/docker-compose.yml up -d --wait

localstack-down: ## stop LocalStack and drop its state
	docker compose -f localstack/docker-compose.yml down -v

# LocalStack deploys the localstack stage (infra.LocalStack): dev without
# the features LocalStack's free plan lacks (localstack/README.md). The
# other stages need paid features and fail there.
LOCALSTACK_STAGE ?= localstack

# LocalStack runs functions in containers of the Docker host's architecture,
# so they are built for linux/<that architecture> into their own folder,
# with the gatekeeper that authenticates the API in that stage
# (infra.GatekeeperName).
LOCALSTACK_BUILD_DIR ?= $(BUILD_DIR)/localstack
LOCALSTACK_FLAGS := --no-notices --output cdk.out/$(LOCALSTACK_STAGE) -c stage=$(LOCALSTACK_STAGE) -c assets=$(LOCALSTACK_BUILD_DIR)

localstack-build: ## build every function and the gatekeeper for LocalStack: linux on the Docker host's architecture
	@arch=$$(docker version --format '{{.Server.Arch}}' 2>/dev/null || true); arch=$${arch//[[:space:]]/}; \
	[ -n "$$arch" ] || arch=$$($(GO) env GOARCH); \
	{ $(GO) run ./cmd/conveyor functions; echo "- gatekeeper ./localstack/cmd/gatekeeper"; } | while read -r service function entry; do \
		echo "build $$function for linux/$$arch"; \
		GOOS=linux GOARCH=$$arch CGO_ENABLED=0 $(GO) build -trimpath -ldflags='-s -w' -tags=lambda.norpc \
			-o $(LOCALSTACK_BUILD_DIR)/$$function/bootstrap $$entry || exit 1; \
	done

localstack-synth: localstack-build $(CDK_STAMP) ## write the localstack stage's templates to cdk.out/localstack/, offline (no Docker needed)
	rm -rf cdk.out/$(LOCALSTACK_STAGE)
	$(CDK_ENV) $(CDK) synth $(LOCALSTACK_FLAGS) --quiet
	@ls cdk.out/$(LOCALSTACK_STAGE)/*.template.json

# LocalStack has no payment provider: the saga's calls to this address
# fail, and it parks the authorisations, as it would during an outage.
LOCALSTACK_PARAMS ?= CONVEYOR_PARAM_PAYMENTS_PROVIDER_URL=https://psp.example.invalid

# The stage parameters first (the provider URL, created when missing; the
# public key of the local token signing key, put every time), then the CDK
# bootstrap, then every stack.
localstack-deploy: localstack-build $(CDK_STAMP) ## deploy the localstack stage to a running LocalStack: stage parameters, token key, cdklocal bootstrap and deploy
	$(LOCALSTACK_ENV) $(LOCALSTACK_PARAMS) $(GO) run ./infra/cmd/parameters -stage $(LOCALSTACK_STAGE)
	$(LOCALSTACK_ENV) $(GO) run ./localstack/cmd/tokenkey -stage $(LOCALSTACK_STAGE)
	$(LOCALSTACK_ENV) $(CDK_ENV) $(CDKLOCAL) bootstrap $(LOCALSTACK_FLAGS)
	$(LOCALSTACK_ENV) $(CDK_ENV) $(CDKLOCAL) deploy $(LOCALSTACK_FLAGS) --all --require-approval never
