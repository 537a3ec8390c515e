# Spilno: `make run` serves the app with demo data; `make test` passes every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 5000
# tests run in parallel processes; each gets its own databases
TEST_WORKERS ?= auto

.PHONY: run test bench install translations messages lint clean serve

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP) translations

translations: $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -d app/translations -D messages >/dev/null 2>&1 || $(BIN)/pybabel compile -d app/translations -D messages

# After changing interface strings: refresh the catalogue, then translate the new entries.
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output -o app/translations/messages.pot app
	$(BIN)/pybabel update -i app/translations/messages.pot -d app/translations --no-fuzzy-matching

run: install
	$(BIN)/spilno db upgrade
	$(BIN)/spilno seed --demo
	@echo "Serving http://$(HOST):$(PORT)  (log in with a demo account above; Ctrl+C stops)"
	$(BIN)/flask --app app run --host $(HOST) --port $(PORT)

serve: install
	$(BIN)/gunicorn --preload --workers 2 --bind $(HOST):$(PORT) 'app.wsgi:app'

test: install
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) $(PYTEST_ARGS)

bench: install
	$(BIN)/python -m benchmarks

lint: install
	$(BIN)/ruff check app tests benchmarks config.py

clean:
	rm -rf $(VENV) instance test-results .pytest_cache
