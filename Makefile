# Ancrage — the two commands of the README are `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install browser reports-deps demo serve test lint format bench fuzz load db-stop messages clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) introuvable / not found"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the dependency list changes.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

demo: install reports-deps
	$(BIN)/python manage.py migrate_regions --verbosity 0
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python deploy/serve_demo.py

# Pages are tested in Debian's Chromium, driven by Playwright (no browser download).
browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

# Report PDFs: WeasyPrint needs pango; the tests read PDFs back with poppler's pdftotext/pdftoppm.
reports-deps:
	@{ ldconfig -p | grep -q libpango-1.0 && command -v pdftotext >/dev/null; } 2>/dev/null || { apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core poppler-utils >/dev/null; }

test: install browser reports-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/pytest -q $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(BIN)/python -m bench.run

# schemathesis against a live server, as every role of a demo region and the platform admin;
# fails on any finding (a few minutes; FUZZ_SECONDS per role).
fuzz: install
	$(BIN)/python -m tools.fuzz

# Load test of gunicorn with the three demo regions: a mixed phase, then a burst on one region.
load: install
	$(BIN)/python -m tools.load

# Stop the embedded PostgreSQL (it is left running so the next command reuses it at once).
db-stop:
	$(BIN)/python -c "import pgserver; pgserver.get_server('.data/postgres', cleanup_mode='stop')" || true

messages: install
	$(BIN)/python manage.py makemessages -l fr_CA -l en --ignore=.venv --ignore=staticfiles
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf staticfiles
