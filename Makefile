# imbridge: `make run` builds everything and starts the server on the embedded
# defaults with the demo tenant; `make test` runs the whole test suite. Both
# install what a fresh machine lacks (npm packages, Debian's Chromium).

GO        ?= go
NPM       ?= npm
BIN       := bin/imbridge
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: run build frontend deps-frontend deps-browser test test-go test-e2e bench generate check-generated lint clean

run: build
	./$(BIN)

build: frontend
	$(GO) build -o $(BIN) .

# The console is built into frontend/dist and embedded in the binary. It is
# rebuilt only when one of its sources is newer than the last build, so
# `make run` with an unchanged console goes straight to `go build`.
FRONTEND_SRC := $(shell find frontend/src frontend/public -type f 2>/dev/null) \
	$(wildcard frontend/index.html frontend/vite.config.ts frontend/tsconfig*.json frontend/package.json frontend/package-lock.json frontend/scripts/*)
frontend: frontend/dist/index.html

# The build is stamped with the time it started, not ended: a source saved
# while it ran (and perhaps not read by it) is newer, so the next make
# builds again instead of embedding a console without that change.
frontend/dist/index.html: $(FRONTEND_SRC) | deps-frontend
	@touch frontend/node_modules/.build-start
	cd frontend && $(NPM) run build
	@touch -r frontend/node_modules/.build-start $@

deps-frontend:
	@if [ ! -d frontend/node_modules ] || [ frontend/package-lock.json -nt frontend/node_modules/.package-lock.json ]; then \
		cd frontend && $(NPM) ci --no-audit --no-fund; fi

deps-browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: lint test-go test-e2e

# Also fails when a locked npm package does not accept the oldest supported
# Node (package.json "engines"): `npm ci` would warn EBADENGINE there.
lint: deps-frontend
	cd frontend && node scripts/check-engines.mjs
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

# The Go suite runs with the race detector. IMBRIDGE_TEST_DATABASE_URL and
# IMBRIDGE_TEST_REDIS_URL point it at PostgreSQL and Redis (see .ci/run);
# without them it uses temporary SQLite files and in-process Redis.
test-go: frontend
	$(GO) test -race -timeout 30m ./...

test-e2e: build deps-browser
	cd frontend && $(NPM) run test:e2e

# Benchmarks print their figures (see BENCHMARKS.md): on SQLite, then on
# PostgreSQL when IMBRIDGE_TEST_DATABASE_URL names a server.
BENCH_PKGS := ./worker/binder/ ./worker/oaimport/ ./worker/mirror/ ./worker/orgsync/ ./worker/orgsync/plan/ ./worker/webhook/ ./graph/ ./platform/sim/feishu/ ./platform/feishu/ ./worker/push/
bench:
	@echo "== SQLite (embedded)"
	IMBRIDGE_TEST_DATABASE_URL= $(GO) test -run '^$$' -bench . -benchtime 1x -timeout 60m $(BENCH_PKGS)
	@if [ -n "$$IMBRIDGE_TEST_DATABASE_URL" ]; then \
		echo "== PostgreSQL"; \
		$(GO) test -run '^$$' -bench 'Import|Pull100k|DirectoryUsers100k' -benchtime 1x -timeout 60m $(BENCH_PKGS); \
	else echo "(set IMBRIDGE_TEST_DATABASE_URL=postgres://… to measure on PostgreSQL too)"; fi

generate: deps-frontend
	$(GO) generate ./...

# Fails when generated code is not what the generators produce.
check-generated: generate
	@git diff --exit-code --stat -- . ':(exclude)frontend/dist' || { echo "generated code is out of date: run make generate and commit"; exit 1; }
	@test -z "$$(git status --porcelain --untracked-files=all -- ent graph frontend/src/gql)" || { git status --porcelain -- ent graph frontend/src/gql; echo "untracked generated files"; exit 1; }

clean:
	rm -rf bin frontend/dist/assets frontend/dist/index.html
