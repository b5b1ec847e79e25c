# Two commands do everything on a fresh machine: `make serve` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The engine that builds and serves the site: mkdocs, or properdocs (the maintained MkDocs 1.x
# fork): `make serve ENGINE=properdocs`. Zensical builds `policywatch export --pages` (README).
ENGINE ?= mkdocs
ZENSICAL := .venv-zensical
# MkDocs 1.6 and Material print an end-of-life banner on every run; the README explains it.
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test site check lint typecheck unit engines browser-deps bench accuracy clean

serve: $(STAMP)  ## set up, then serve the demo site with live reload on 127.0.0.1:8000
	$(BIN)/$(ENGINE) serve --livereload -a 127.0.0.1:8000 -f mkdocs.yml

site: $(STAMP)  ## build the static site into site/
	$(BIN)/$(ENGINE) build --strict -f mkdocs.yml

check: $(STAMP)  ## validate content/
	$(BIN)/policywatch check content

test: $(STAMP) browser-deps $(ZENSICAL)/.installed lint typecheck unit  ## set up, then lint, type-check and test

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy generator

unit: $(STAMP)  ## the tests, a test file per worker on every core (up to 4)
	$(BIN)/pytest -q -n auto --maxprocesses=4 --dist loadfile

engines: $(STAMP) $(ZENSICAL)/.installed  ## the demo built by MkDocs, ProperDocs and Zensical, compared
	$(BIN)/pytest -q tests/test_properdocs.py tests/test_zensical.py tests/contrib/test_export_pages.py

browser-deps:  ## Debian's chromium for the browser tests (no downloaded browsers)
	@./scripts/ensure-chromium

$(ZENSICAL)/.installed: pyproject.toml  ## Zensical in its own environment (optional: see the script)
	@PYTHON=$(PYTHON) ./scripts/ensure-zensical $(ZENSICAL)

bench: $(STAMP)  ## run the benchmarks (on demand; see README)
	$(BIN)/python benchmarks/run.py

accuracy: $(STAMP)  ## label precision/recall and noise figures on the shared corpora (see README)
	$(BIN)/python benchmarks/accuracy.py

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

clean:
	rm -rf site .cache .pytest_cache .mypy_cache .ruff_cache
