# The local cloud: the whole platform on this machine, no Docker, no AWS account.

API_ADDR      ?= 127.0.0.1:8080
EMULATOR_PORT ?= 4566
CONSOLE_ADDR  ?= 127.0.0.1:9000
LOCAL_FLAGS   ?=

.PHONY: run token test-e2e

run: ## start the local cloud (API on $(API_ADDR), emulator on $(EMULATOR_PORT), console on $(CONSOLE_ADDR)); Ctrl-C stops it; TRACING= as for build
	@$(GO) build -o $(BUILD_DIR)/conveyor ./cmd/conveyor
	@CONVEYOR_TRACING=$(TRACING) exec $(BUILD_DIR)/conveyor local up -api-addr $(API_ADDR) -emulator-port $(EMULATOR_PORT) -console-addr "$(CONSOLE_ADDR)" $(LOCAL_FLAGS)

token: ## print an admin token for the local cloud (SUB=alice GROUP=admin TTL=1h)
	@$(GO) run ./cmd/conveyor token -sub $(or $(SUB),admin) -group $(or $(GROUP),admin) -ttl $(or $(TTL),1h)

test-e2e: browser ## run the end-to-end tests (against CONVEYOR_E2E_API_URL when set, else a local cloud they start)
	$(GO) test -count=1 -v ./tests/...

.PHONY: cost
cost: ## with `make run` going: what the orders placed since the last reset cost on AWS (COST_FLAGS=-reset | -json | -orders-per-day N)
	@$(GO) run ./cmd/conveyor cost -endpoint http://127.0.0.1:$(EMULATOR_PORT) $(COST_FLAGS)
