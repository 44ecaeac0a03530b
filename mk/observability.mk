# Observability: what tracing costs each function.

.PHONY: tracing-cost

tracing-cost: ## every tracing backend's bootstrap size and init time per function, and the traced-invocation benchmark (RUNS=20, FUNCTIONS=a,b)
	env -u AWS_CA_BUNDLE $(GO) run ./cmd/tracing-cost -runs $(or $(RUNS),20) $(if $(FUNCTIONS),-functions $(FUNCTIONS))
