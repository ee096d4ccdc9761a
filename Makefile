# Academy: `make run` sets everything up and serves the demo; `make test` sets up and runs every test;
# `make serve` runs the production stack (gunicorn, Celery worker and beat) against PostgreSQL and Redis.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
export PYTHONPATH := src
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: serve setup run test test-only lint bench bench-themes bench-matching bench-grouping system-deps demo clean

$(VENV)/.installed: requirements.txt requirements-dev.txt requirements-ml.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian packages the tests need: Chromium and its driver for browser tests, fonts for PDFs, wrk and Redis for
# benchmarks.
DEBIAN_PACKAGES := chromium chromium-driver fonts-dejavu-core fonts-liberation2 wrk poppler-utils redis-server
system-deps:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] || [ ! -x /usr/bin/wrk ] || [ ! -x /usr/bin/redis-server ] || [ ! -x /usr/bin/pdftotext ] || ! fc-list 2>/dev/null | grep -qi "dejavu\|liberation"; then \
		if [ "$$(id -u)" = "0" ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEBIAN_PACKAGES) >/dev/null; \
		else echo "Install the test dependencies: sudo apt-get install $(DEBIAN_PACKAGES)"; fi; \
	fi

CSS := src/academy/web/static/web/build/academy.css
$(CSS): src/academy/web/scss/academy.scss node_modules/.installed
	mkdir -p $(dir $@)
	npx sass --no-source-map --style=compressed --quiet-deps --load-path=node_modules $< $@

setup: $(VENV)/.installed node_modules/.installed $(CSS)
	mkdir -p var

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo
	$(PY) manage.py runserver 127.0.0.1:8000

# The production stack on this machine (docs/deploy.md): migrate, collect static files, then gunicorn, a Celery
# worker and beat under scripts/serve.py until Ctrl-C or SIGTERM. Override any of these in the environment.
SERVE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/academy
SERVE_BROKER_URL ?= redis://127.0.0.1:6379/0
serve: setup
	DATABASE_URL="$${DATABASE_URL:-$(SERVE_DATABASE_URL)}" CELERY_BROKER_URL="$${CELERY_BROKER_URL:-$(SERVE_BROKER_URL)}" \
		HTTPS="$${HTTPS:-false}" $(PY) scripts/serve.py

demo: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo

lint: setup
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/mypy src

test-only:
	$(VENV)/bin/pytest -n 2 --dist loadgroup -p no:cacheprovider

test: setup system-deps lint
	$(MAKE) test-only

# BERTopic, for the themes agreement benchmark only, in a venv of its own (never in $(VENV)).
BENCH_VENV := .venv-bench
$(BENCH_VENV)/.installed: requirements.txt requirements-ml.txt bench/requirements-bertopic.txt
	test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install --quiet --upgrade pip
	$(BENCH_VENV)/bin/pip install --quiet -r requirements.txt -r bench/requirements-bertopic.txt
	touch $@

# Academy's themes against hand-labelled answers, BERTopic side by side (bench/README.md).
bench-themes: $(BENCH_VENV)/.installed
	$(BENCH_VENV)/bin/python bench/themes_agreement.py

# The matching engine on issue 12's instance, Academy and greedy side by side (bench/README.md).
bench-matching: setup
	$(PY) bench/matching_bench.py

# The whole national data set (built once into its own PostgreSQL database) behind gunicorn; each page's
# throughput as a share of a bare Django view's in the same run, the HTML pages also as they were before
# issue 17 (b91c1a5), and the booking rush (bench/rush.py).
BENCH_ARGS ?= --factor 1 --server gunicorn --baseline b91c1a5
bench: setup system-deps
	$(PY) bench/run.py $(BENCH_ARGS)
	$(PY) bench/themes_bench.py
	$(MAKE) bench-themes
	$(PY) bench/evaluation_bench.py
	$(MAKE) bench-matching
	$(MAKE) bench-grouping

# Action learning sets for a pool of 2,000, Academy and a greedy former side by side (bench/README.md).
bench-grouping: setup
	$(PY) bench/grouping_bench.py

clean:
	rm -rf $(VENV) $(BENCH_VENV) node_modules var staticfiles
