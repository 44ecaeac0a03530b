# Chaos soak: orders at volume with every fault injected at once, and nothing lost.
# Report, JSON and charts go to build/bench/soak/: load.txt, load.json, load.png, chaos.json, chaos.png.

SOAK_ORDERS         ?= 10000
SOAK_RATE           ?= 50
SOAK_CHAOS          ?= 0.03
SOAK_SETTLE         ?= 15m
SOAK_FLAGS          ?=
SOAK_DIR            ?= $(BUILD_DIR)/bench/soak
SOAK_API_ADDR       ?= 127.0.0.1:18180
SOAK_EMULATOR_PORT  ?= 14666

.PHONY: soak

# The local cloud runs on ports and with a state directory of its own, so
# a `make run` may stay up. Faults are on while the orders are offered and
# off while they settle; a queue consumer's crashed batch waits out its
# queue's visibility timeout (three minutes) before it is retried, hence
# the long settle timeout.
soak: ## SOAK_ORDERS (10000) at SOAK_RATE/s (50) with every fault at SOAK_CHAOS (3%), against a local cloud of its own; report in build/bench/soak/
	@mkdir -p $(SOAK_DIR)
	$(GO) build -o $(BUILD_DIR)/conveyor ./cmd/conveyor
	@for addr in $(SOAK_API_ADDR) 127.0.0.1:$(SOAK_EMULATOR_PORT); do \
		if (exec 3<>/dev/tcp/$${addr%:*}/$${addr##*:}) 2>/dev/null; then \
			echo "soak: $$addr is taken; set SOAK_API_ADDR / SOAK_EMULATOR_PORT"; exit 1; fi; \
	done
	@echo "soak: starting a local cloud on $(SOAK_API_ADDR) (log in $(SOAK_DIR)/local.log)"; \
	$(BUILD_DIR)/conveyor local up -api-addr $(SOAK_API_ADDR) -emulator-port $(SOAK_EMULATOR_PORT) -no-seed -state-dir $(SOAK_DIR)/state \
		> $(SOAK_DIR)/local.log 2>&1 & pid=$$!; \
	trap 'kill -INT $$pid 2>/dev/null; wait $$pid 2>/dev/null || true' EXIT; \
	host=$(SOAK_API_ADDR); host=$${host%:*}; port=$(SOAK_API_ADDR); port=$${port##*:}; \
	for i in $$(seq 600); do \
		if (exec 3<>/dev/tcp/$$host/$$port) 2>/dev/null; then break; fi; \
		if ! kill -0 $$pid 2>/dev/null; then echo "soak: the local cloud stopped:"; tail -20 $(SOAK_DIR)/local.log; exit 1; fi; \
		sleep 1; \
	done; \
	status=0; \
	$(BUILD_DIR)/conveyor load -orders $(SOAK_ORDERS) -rate $(SOAK_RATE) -chaos $(SOAK_CHAOS) -settle-timeout $(SOAK_SETTLE) -wait 60s \
		-api http://$(SOAK_API_ADDR) -endpoint http://127.0.0.1:$(SOAK_EMULATOR_PORT) -state-dir $(SOAK_DIR)/state -out $(SOAK_DIR) $(SOAK_FLAGS) || status=$$?; \
	rss=$$(ps -o rss= -p $$pid | tr -d ' '); \
	all=$$(( rss + $$(ps -o rss= --ppid $$pid | awk '{s+=$$1} END {print s+0}') )); \
	echo "local cloud RSS after the soak: $$(( rss / 1024 )) MiB, with its function processes $$(( all / 1024 )) MiB" \
		| tee -a $(SOAK_DIR)/load.txt; \
	exit $$status
