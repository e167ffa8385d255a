# The README names these targets. Everything runs from the lock files in requirements/.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test lint lock bench bench-http clean

$(VENV)/.base: requirements/base.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --require-hashes -r requirements/base.txt
	touch $@

$(VENV)/.test: requirements/test.txt $(VENV)/.base
	$(VENV)/bin/pip install --quiet --require-hashes -r requirements/test.txt
	touch $@

## make run: migrate, load the shipped bank, serve on 127.0.0.1:$(PORT) with a background-job worker beside it
run: $(VENV)/.base
	$(PY) manage.py migrate --noinput
	$(PY) manage.py import_bank bank/
	# The worker runs while the server does and stops with it (Ctrl+C, or the server exiting).
	$(PY) manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

## make test: the whole suite, browser tests included (PostgreSQL when DATABASE_URL names one)
test: $(VENV)/.test $(CHROMIUM)
	# No persistent connections: live-server threads must not hold the test database open.
	DB_CONN_MAX_AGE=0 $(PY) -m pytest $(PYTEST_ARGS)

# The browser tests drive Debian's Chromium; install it when it is missing and we may.
$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) </dev/null; \
	else \
		echo "Chromium is needed for the browser tests: install it (apt-get install chromium) or set CHROMIUM=/path/to/chromium" >&2; exit 1; \
	fi

## make bench: 10 000 users and 1 000 000 review states, then due-queue and dashboard latency
BENCH_DATABASE_URL ?= sqlite:///bench.sqlite3
bench: $(VENV)/.base
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py bench $(BENCH_ARGS)

## make bench-http: requests/s of the pages against a bare Django view, gunicorn and wrk, SQLite and PostgreSQL
BENCH_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/postgres
bench-http: $(VENV)/.base
	BENCH_POSTGRES_URL=$(BENCH_POSTGRES_URL) $(PY) manage.py bench_http $(BENCH_HTTP_ARGS)

## make lint: ruff (style and format) and mypy (django-stubs, drf-stubs), as CI runs them
lint: $(VENV)/.test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

## make lock: re-pin requirements/*.txt from requirements/*.in (needs uv)
lock:
	cd requirements && uv pip compile --generate-hashes --python-version 3.11 base.in -o base.txt
	cd requirements && uv pip compile --generate-hashes --python-version 3.11 test.in -o test.txt

clean:
	rm -rf $(VENV) staticfiles
