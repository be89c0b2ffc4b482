# Two commands: `make run` (set up and serve on http://127.0.0.1:5000) and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app app
PORT ?= 5000
PYTEST_ARGS ?=
export PORT

.PHONY: run test test-postgres venv static translations instance bench clean

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

static: static/vendor/.built

static/vendor/.built: package.json package-lock.json scripts/build-static.sh
	scripts/build-static.sh
	touch $@

translations: venv
	$(VENV)/bin/pybabel compile -d translations -f

instance: venv
	mkdir -p instance
	$(FLASK) db upgrade
	$(FLASK) reference load
	$(FLASK) demo load

run: venv static translations instance
	exec $(VENV)/bin/gunicorn -c deploy/gunicorn.conf.py 'app:create_app()'

test: venv static translations
	scripts/ensure-chromium.sh
	$(VENV)/bin/pytest $(PYTEST_ARGS)

test-postgres: venv static translations
	scripts/ensure-chromium.sh
	scripts/with-postgres.sh $(VENV)/bin/pytest $(PYTEST_ARGS)

bench: venv
	$(PY) -m bench overzicht

clean:
	rm -rf $(VENV) node_modules static/vendor instance
