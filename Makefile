# Two commands: `make run` (set up and serve on http://127.0.0.1:5000) and `make test`.
# SQLite under instance/ by default; `make test-postgres` runs the suite on PostgreSQL.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app app
PORT ?= 5000
PYTEST_ARGS ?=
BENCH_ARGS ?= overzicht
export PORT

.PHONY: run test test-fast test-postgres lint venv .venv static translations messages instance bench clean

# --- Python: .venv, reinstalled when pyproject.toml changes ---------------------------
venv .venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

# --- Front-end files: npm ci (when needed) and copies into static/vendor/ -------------
static:
	scripts/build-static.sh

# --- Compiled message catalogues (.mo files are not committed) ------------------------
translations: venv
	@if [ -d translations ]; then \
		$(VENV)/bin/pybabel -q compile -d translations; \
	fi

# After changing UI text: collect the strings and merge them into translations/en (then fill
# the new msgstr lines; tests/test_vertalingen.py fails while one is empty or fuzzy).
messages: venv
	$(VENV)/bin/pybabel -q extract -F babel.cfg -k N_ -k _l --no-location --sort-output \
		-o translations/messages.pot .
	$(VENV)/bin/pybabel -q update -i translations/messages.pot -d translations

# --- Local database with reference and demo data --------------------------------------
instance: venv
	mkdir -p instance
	$(FLASK) db upgrade
	$(FLASK) reference load
	$(FLASK) demo load
	$(FLASK) demo meldingen
	$(FLASK) pki maak

# The mail worker, a job consumer (sent files) and the M2M listener (mTLS on
# https://127.0.0.1:8443, test PKI from instance/pki) run beside the web app; by default
# mails land in instance/mail/*.eml and jobs queue in instance/huey.db.
run: venv static translations instance
	$(FLASK) mail worker & worker=$$!; \
	$(FLASK) jobs worker & jobs=$$!; \
	$(VENV)/bin/gunicorn -c deploy/gunicorn-m2m.conf.py 'app:create_app()' & m2m=$$!; \
	trap 'kill $$worker $$jobs $$m2m 2>/dev/null' EXIT INT TERM; \
	$(VENV)/bin/gunicorn -c deploy/gunicorn.conf.py 'app:create_app()'

# --- Lint: ruff (pyflakes, pycodestyle, isort, bugbear, pyupgrade) and mypy ------------
lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy domain certificates

# --- Tests ----------------------------------------------------------------------------
test: venv static translations
	scripts/ensure-system.sh
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# The same without the slow tests (live servers, load, the CLI in subprocesses) and the
# browser tests: for the edit-and-test loop, under 30 s. Needs no nginx, redis or Chromium.
test-fast: venv static translations
	$(VENV)/bin/pytest -m "not slow and not browser" $(PYTEST_ARGS)

test-postgres: venv static translations
	scripts/ensure-system.sh
	scripts/with-postgres.sh $(VENV)/bin/pytest $(PYTEST_ARGS)

bench: venv
	$(PY) -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules static/vendor instance
