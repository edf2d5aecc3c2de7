# Casebook: every command an editor or CI needs. The first run creates .venv.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8000
HOST   ?= 127.0.0.1
PYTEST_ARGS ?=

.PHONY: html serve check stats test publish clean lint

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

html: $(STAMP) ## build the site into output/
	$(BIN)/casebook build

serve: $(STAMP) ## build, serve on http://localhost:8000 and rebuild on change
	$(BIN)/casebook serve --host $(HOST) --port $(PORT)

check: $(STAMP) ## validate all content without building
	$(BIN)/casebook check

stats: $(STAMP) ## coverage report: industries x features, stale stories, UGC per month
	$(BIN)/casebook stats

test: $(STAMP) ## the whole test suite
	$(BIN)/pytest $(PYTEST_ARGS)

publish: $(STAMP) ## production build with publishconf.py
	$(BIN)/casebook --config publishconf.py build

lint: $(STAMP)
	$(BIN)/ruff check plugins tests
	$(BIN)/mypy

clean:
	rm -rf output .output.* .cache
