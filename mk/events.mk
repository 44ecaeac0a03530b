# Events: the generated event catalog.

.PHONY: docs docs-check

docs: ## regenerate docs/events.md, docs/openapi.json (the API contract) and the Go client generated from it (client/)
	$(GO) run ./cmd/conveyor-docs
	$(GO) generate ./client

docs-check: ## fail when docs/events.md or docs/openapi.json is stale
	$(GO) run ./cmd/conveyor-docs -check
