# Conveyor — every command a developer or CI needs. `make help` lists them.
#
# Tools are pinned and installed into the module (go.mod `tool` lines) or into
# folders Go skips (_cdk/), so a clean clone needs nothing installed by hand.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

GO        ?= go
BUILD_DIR ?= build
FUZZTIME  ?= 10s
export CGO_ENABLED ?= 0

.PHONY: help build test test-go test-fuzz lint fmt vet staticcheck kumo-check no-binaries clean

help: ## list the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | sort | awk -F':.*## ' '{printf "  %-20s %s\n", $$1, $$2}'

# TRACING picks the functions' tracing backend: empty (X-Ray segment
# documents over UDP to the X-Ray daemon), otlp, xraysdk or notracing. It is
# passed per recipe, never exported: the tests run the default.
TRACING ?=

build: ## build every function as build/<function>/bootstrap (linux/arm64); TRACING=otlp|xraysdk|notracing picks another tracing backend
	CONVEYOR_TRACING=$(TRACING) $(GO) run ./cmd/conveyor build -out $(BUILD_DIR)

test: lint test-go test-fuzz ## run every check and test: lint, unit, integration (kumo), end-to-end, infra, fuzz

# The tests run with the race detector, which needs cgo (gcc); the function
# binaries they start are built without it, as Lambda runs them.
test-go: build browser ## run every Go test with -race (unit, integration against kumo, end-to-end, infra)
	CONVEYOR_REQUIRE_BROWSER=$$(command -v apt-get >/dev/null && echo 1) \
	CGO_ENABLED=1 $(GO) test -race -count=1 -timeout 30m ./...

# Every `func FuzzXxx` in a _test.go file runs for FUZZTIME. Minimizing a new
# interesting input is capped, so the time goes to fuzzing.
test-fuzz: ## run every fuzz target for $(FUZZTIME) each
	@grep -rE --include='*_test.go' '^func Fuzz[A-Za-z0-9_]*\(' . | grep -v '^./_' | \
	sed -E 's#^(.*)/[^/]*_test.go:func (Fuzz[A-Za-z0-9_]*)\(.*#\1 \2#' | sort -u | \
	while read -r dir name; do \
		echo "fuzz $$name in $$dir for $(FUZZTIME)"; \
		$(GO) test -run '^$$' -fuzz "^$$name$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 2s "$$dir" || exit 1; \
	done

lint: vet fmt staticcheck kumo-check no-binaries ## go vet, gofmt, staticcheck, the carried kumo patches, no committed executables

vet:
	$(GO) vet ./...

fmt: ## fail when a file is not gofmt-ed
	@out=$$(gofmt -l $$(git ls-files --cached --others --exclude-standard '*.go' ':!third_party')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

staticcheck:
	$(GO) tool staticcheck ./...

no-binaries: ## fail when git tracks a compiled executable (a stray `go build` output)
	@out=$$(git ls-files -z | xargs -0 -r grep -laP '^\x7fELF' || true); \
	if [ -n "$$out" ]; then echo "executables tracked by git (remove them with git rm):"; echo "$$out"; exit 1; fi

kumo-check: ## fail when third_party/kumo is not upstream kumo plus third_party/patches
	bash third_party/check-kumo.sh

clean: ## remove build output
	rm -rf $(BUILD_DIR) cdk.out

# Each area adds its own targets in mk/<area>.mk.
include $(wildcard mk/*.mk)
