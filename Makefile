# Two commands on a fresh machine: `make run` (serve with the seed data) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
SEED := events/data/organizations.yaml events/data/paris-talks-2025.yaml events/data/coalition-2025-03.yaml
SDK_DIR := build/sdk

.PHONY: run test test-deep test-postgres test-browser schema sdk lint clean bench bench-slow-clients

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

# A SECRET_KEY generated once and kept out of git; settings.py reads it, and the environment's SECRET_KEY wins.
.secret_key:
	$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

run: $(VENV)/.runtime .secret_key
	@export DEBUG=; \
	$(BIN)/python manage.py migrate --no-input && \
	$(BIN)/python manage.py import_events $(SEED) && \
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0 && \
	echo "" && \
	echo "eventapi is serving on http://$(HOST):$(PORT)/" && \
	echo "  API:        http://$(HOST):$(PORT)/api/v1/" && \
	echo "  API docs:   http://$(HOST):$(PORT)/api/v1/docs/  (ReDoc: /api/v1/redoc/, schema: /api/v1/schema/)" && \
	echo "  Admin:      http://$(HOST):$(PORT)/admin/" && \
	echo "  Admin login: in another terminal, run  $(BIN)/python manage.py createsuperuser" && \
	echo "  API token:   $(BIN)/python manage.py issue_token <username> --create --grant-write" && \
	echo "" && \
	exec $(BIN)/python -m eventapi.serve --host $(HOST) --port $(PORT)

test: $(VENV)/.dev sdk
	$(BIN)/pytest $(PYTEST_ARGS)

# Depth the suite keeps small: random write sequences for the change feed (one seed in `make test`).
RANDOM_WRITE_SEEDS ?= 10
test-deep: $(VENV)/.dev
	RANDOM_WRITE_SEEDS=$(RANDOM_WRITE_SEEDS) $(BIN)/pytest tests/api/test_change_feed.py -k random_writes $(PYTEST_ARGS)

# Tests that need PostgreSQL itself (races, locks, an outage), on a database of their own.
PG_ONLY_URL ?= postgres://postgres@127.0.0.1:5432/eventapi_pgonly
test-postgres: $(VENV)/.dev
	DATABASE_URL=$(PG_ONLY_URL) $(BIN)/pytest -m postgres_only tests/postgres $(PYTEST_ARGS)

# The admin and the API docs in a real browser (tests/browser): Debian's Chromium driven by Playwright, against a
# live server with a database of its own (SQLite); screenshots go to build/screenshots/.
test-browser: $(VENV)/.dev node_modules/.installed
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)
	$(BIN)/pytest -m browser tests/browser $(PYTEST_ARGS)

# Writes the committed OpenAPI document; tests only compare against it.
schema: $(VENV)/.dev
	DEBUG=1 $(BIN)/python manage.py spectacular --validate --fail-on-warn --file schema/openapi.yaml

# The Python client goes to $(SDK_DIR)/python/eventapi_client (its post-hooks run the venv's ruff, hence PATH), the
# TypeScript types to $(SDK_DIR)/typescript/schema.d.ts; any generator warning or type error fails. The copy of the
# schema they came from lets tests tell a stale SDK.
sdk: $(SDK_DIR)/.generated

$(SDK_DIR)/.generated: schema/openapi.yaml sdk/python-config.yaml sdk/python/pages.py sdk/python/example.py \
		sdk/typescript/example.ts sdk/typescript/pages.ts sdk/typescript/tsconfig.json package-lock.json \
		$(VENV)/.dev node_modules/.installed
	rm -rf $(SDK_DIR) && mkdir -p $(SDK_DIR)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/openapi-python-client generate --path schema/openapi.yaml \
		--output-path $(SDK_DIR)/python/eventapi_client --config sdk/python-config.yaml --fail-on-warning --meta none
	cp sdk/python/pages.py $(SDK_DIR)/python/eventapi_client/pages.py
	MYPYPATH=$(SDK_DIR)/python $(BIN)/mypy --strict --no-error-summary sdk/python/example.py
	npx --no-install openapi-typescript schema/openapi.yaml --output $(SDK_DIR)/typescript/schema.d.ts
	npx --no-install tsc -p sdk/typescript
	cp schema/openapi.yaml $(SDK_DIR)/openapi.yaml
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

lint: $(VENV)/.dev
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) node_modules build staticfiles

# Slow clients against `make run`'s server setup (which must be serving on $(HOST):$(PORT)): 4 and 50 connections
# sending headers, then bodies, a byte at a time for 60 s each, beside a normal request's latency.
bench-slow-clients: $(VENV)/.runtime
	$(BIN)/python bench/slow_clients.py --url http://$(HOST):$(PORT) --connections 4 50 --seconds 60

# The API beside its floor (bench/floor.py: hand-written SQL, orjson, the same bytes) at S1 (10,000 meetings) and
# S2 (100,000) on PostgreSQL databases of their own (eventapi_bench_s1/_s2, generated once by generate_synthetic and
# reused), in-process and over HTTP with wrk (installed when missing); writes bench/RESULTS.md.
# BENCH_ARGS=--quick: S1 only, fewer runs, for re-measuring after a change.
bench: $(VENV)/.dev
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# ---------------------------------------------------------------------------------------------------------------------
# Contract stage (contract/, see contract/README.md): Schemathesis against a live server with a database of its own,
# and clients nobody on the project chose (openapi-generator's Python and typescript-fetch clients, datamodel-code-
# generator's models) reading and writing through it. Its tools live in build/contract/venv (requirements-contract.txt),
# everything it makes in build/contract/. `make contract` runs both parts and fails if either does.
CONTRACT_VENV := build/contract/venv
CONTRACT_BIN := $(CONTRACT_VENV)/bin
CONTRACT_EXAMPLES ?= 50
CONTRACT_SEED ?= 20250311
CONTRACT_WORKERS ?= 1

.PHONY: contract contract-schemathesis contract-clients

$(CONTRACT_BIN)/python:
	$(PYTHON) -m venv $(CONTRACT_VENV)
	$(CONTRACT_BIN)/python -m pip install --quiet --upgrade pip

$(CONTRACT_VENV)/.installed: requirements-contract.txt | $(CONTRACT_BIN)/python
	$(CONTRACT_BIN)/pip install --quiet -r requirements-contract.txt
	touch $@

contract: $(CONTRACT_VENV)/.installed $(VENV)/.runtime node_modules/.installed
	@started=$$(date +%s); status=0; \
	$(MAKE) --no-print-directory contract-schemathesis || status=1; \
	$(MAKE) --no-print-directory contract-clients || status=1; \
	echo "make contract: $$( [ $$status = 0 ] && echo passed || echo FAILED ) in $$(( $$(date +%s) - started )) s"; \
	exit $$status

# Two Schemathesis runs (anonymous, then with a write token), CONTRACT_EXAMPLES examples per operation and phase.
contract-schemathesis: $(CONTRACT_VENV)/.installed $(VENV)/.runtime
	@mkdir -p build/contract/schemathesis
	$(CONTRACT_BIN)/python contract/live_server.py --python $(BIN)/python $(foreach file,$(SEED),--seed $(file)) \
		--log build/contract/schemathesis/server.log -- \
		$(CONTRACT_BIN)/python contract/run_schemathesis.py --examples $(CONTRACT_EXAMPLES) --seed $(CONTRACT_SEED) \
		--workers $(CONTRACT_WORKERS)

# Generates the clients (any unlisted generator warning fails), then runs them against a server of their own.
contract-clients: $(CONTRACT_VENV)/.installed $(VENV)/.runtime node_modules/.installed
	@status=0; \
	$(CONTRACT_BIN)/python contract/generate_clients.py || status=1; \
	$(CONTRACT_BIN)/python contract/live_server.py --python $(BIN)/python $(foreach file,$(SEED),--seed $(file)) \
		--log build/contract/clients/server.log -- \
		$(CONTRACT_BIN)/python contract/run_clients.py || status=1; \
	exit $$status
