# Throughput: an open-loop order load against the platform, and the benchmarks.
# Reports go to build/bench/: load.txt, load.json, load.png (and go.txt, local.log).

RATE                ?= 20
DURATION            ?= 30s
LOAD_FLAGS          ?=
BENCH_DIR           ?= $(BUILD_DIR)/bench
BENCH_RATE          ?= 20
BENCH_DURATION      ?= 20s
BENCH_API_ADDR      ?= 127.0.0.1:18080
BENCH_EMULATOR_PORT ?= 14566

.PHONY: load bench bench-go bench-load

load: ## offer RATE orders/s (20) for DURATION (30s) to the platform `make run` started; report in build/bench/
	$(GO) run ./cmd/conveyor load -rate $(RATE) -duration $(DURATION) -api http://$(API_ADDR) \
		-endpoint http://127.0.0.1:$(EMULATOR_PORT) -out $(BENCH_DIR) $(LOAD_FLAGS)

bench: bench-go bench-load ## the Go benchmarks, then a short load against a local cloud it starts and stops; report in build/bench/

# Only the packages that hold benchmarks are run: the others would start
# their test fixtures (a whole local cloud, for tests/) for nothing.
bench-go: ## the Go micro-benchmarks, into build/bench/go.txt
	@mkdir -p $(BENCH_DIR)
	pkgs=$$(grep -rlE --include='*_test.go' --exclude-dir=third_party --exclude-dir=_cdk --exclude-dir=build \
		'^func Benchmark[A-Za-z0-9_]*\(' . | xargs -r -n1 dirname | sort -u); \
	if [ -z "$$pkgs" ]; then echo "no benchmarks" | tee $(BENCH_DIR)/go.txt; exit 0; fi; \
	$(GO) test -run '^$$' -bench . -benchmem $$pkgs | tee $(BENCH_DIR)/go.txt

# The local cloud runs on ports and with a state directory of its own, so
# a `make run` may stay up.
bench-load: ## BENCH_RATE orders/s for BENCH_DURATION against a local cloud of its own, on BENCH_API_ADDR
	@mkdir -p $(BENCH_DIR)
	$(GO) build -o $(BUILD_DIR)/conveyor ./cmd/conveyor
	@for addr in $(BENCH_API_ADDR) 127.0.0.1:$(BENCH_EMULATOR_PORT); do \
		if (exec 3<>/dev/tcp/$${addr%:*}/$${addr##*:}) 2>/dev/null; then \
			echo "bench-load: $$addr is taken; set BENCH_API_ADDR / BENCH_EMULATOR_PORT"; exit 1; fi; \
	done
	@echo "bench-load: starting a local cloud on $(BENCH_API_ADDR) (log in $(BENCH_DIR)/local.log)"; \
	$(BUILD_DIR)/conveyor local up -api-addr $(BENCH_API_ADDR) -emulator-port $(BENCH_EMULATOR_PORT) -no-seed -state-dir $(BENCH_DIR)/state \
		> $(BENCH_DIR)/local.log 2>&1 & pid=$$!; \
	trap 'kill -INT $$pid 2>/dev/null; wait $$pid 2>/dev/null || true' EXIT; \
	host=$(BENCH_API_ADDR); host=$${host%:*}; port=$(BENCH_API_ADDR); port=$${port##*:}; \
	for i in $$(seq 600); do \
		if (exec 3<>/dev/tcp/$$host/$$port) 2>/dev/null; then break; fi; \
		if ! kill -0 $$pid 2>/dev/null; then echo "bench-load: the local cloud stopped:"; tail -20 $(BENCH_DIR)/local.log; exit 1; fi; \
		sleep 1; \
	done; \
	status=0; \
	$(BUILD_DIR)/conveyor load -rate $(BENCH_RATE) -duration $(BENCH_DURATION) -wait 60s \
		-api http://$(BENCH_API_ADDR) -endpoint http://127.0.0.1:$(BENCH_EMULATOR_PORT) -state-dir $(BENCH_DIR)/state -out $(BENCH_DIR) $(LOAD_FLAGS) || status=$$?; \
	rss=$$(ps -o rss= -p $$pid | tr -d ' '); \
	all=$$(( rss + $$(ps -o rss= --ppid $$pid | awk '{s+=$$1} END {print s+0}') )); \
	echo "local cloud RSS after the run: $$(( rss / 1024 )) MiB, with its function processes $$(( all / 1024 )) MiB" \
		| tee -a $(BENCH_DIR)/load.txt; \
	exit $$status
