# Events: the generated event catalog.

.PHONY: docs docs-check

docs: ## regenerate docs/events.md, the event catalog, from the declarations and package events
	$(GO) run ./cmd/conveyor-docs

docs-check: ## fail when docs/events.md is stale
	$(GO) run ./cmd/conveyor-docs -check
