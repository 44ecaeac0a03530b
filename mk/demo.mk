# The demo: a scripted scenario against the platform `make run` started.

.PHONY: demo

demo: ## run a happy, an out-of-stock, a declined and an outage order against `make run` and print their timelines
	$(GO) run ./cmd/conveyor-demo -api http://$(API_ADDR) -emulator http://127.0.0.1:$(EMULATOR_PORT)
