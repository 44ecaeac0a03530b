# The demo: a scripted scenario against the platform `make run` started.
#
# It reaches that local cloud on API_ADDR and EMULATOR_PORT (mk/local.mk),
# and signs its tokens with the key in the local cloud's state directory:
# build/local unless `make run` was given -data-dir DIR or -state-dir DIR
# (LOCAL_FLAGS), and then STATE_DIR=DIR.

STATE_DIR ?=

.PHONY: demo

demo: ## run a happy, an out-of-stock, a declined and an outage order against `make run` and print their timelines (STATE_DIR= its -data-dir or -state-dir, if any)
	$(GO) run ./cmd/conveyor-demo -api http://$(API_ADDR) -emulator http://127.0.0.1:$(EMULATOR_PORT) $(if $(STATE_DIR),-state-dir "$(STATE_DIR)")
