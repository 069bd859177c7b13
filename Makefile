# The two set-up commands: `make demo` and `make test` (README.md).
SWIFT ?= swift
DATA_DIR ?= .tapdata
PORT ?= 8080

.PHONY: demo test deps test-deps build release clean

deps:
	@sh scripts/install-deps.sh

test-deps:
	@sh scripts/install-deps.sh --test

release: deps
	$(SWIFT) build -c release --product tapd --explicit-target-dependency-import-check error

build: deps
	$(SWIFT) build --build-tests --explicit-target-dependency-import-check error

# Loads the demo archive on first run (a second run finds it and starts at once), then serves until Ctrl-C.
demo: release
	.build/release/tapd demo load --data-dir $(DATA_DIR)
	exec .build/release/tapd serve --data-dir $(DATA_DIR) --port $(PORT)

test: test-deps
	@sh scripts/run-tests.sh

clean:
	rm -rf .build .build-* .tapdata-test .tapdata-test-logs
