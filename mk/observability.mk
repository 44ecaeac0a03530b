# Observability: what tracing costs each function.

.PHONY: tracing-cost

tracing-cost: ## measure each function's bootstrap size and init time with and without tracing (RUNS=20)
	$(GO) run ./cmd/tracing-cost -runs $(or $(RUNS),20)
