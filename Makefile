# The two commands: `make start` (the demo) and `make test` (everything CI checks).
# Both set up the toolchain first (Node 22 into .tools, the vendored Yarn 4, the lockfile's packages).
SHELL := /bin/bash
.DEFAULT_GOAL := help

.PHONY: help setup start test
help:
	@echo "make start  - run the demo portal (SQLite, AWS sandbox with 50 tenants) on http://localhost:7007"
	@echo "make test   - type-check, lint, format check, unit and integration tests, builds, smoke and browser tests"

setup:
	@bash scripts/setup.sh

start: setup
	@bash scripts/start.sh

test: setup
	@bash scripts/test.sh
