# kundenportal — zwei Befehle für neue Nutzer: `make run` und `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PG_URL ?= postgresql://postgres@127.0.0.1:5432/kundenportal
export DJANGO_SETTINGS_MODULE := kundenportal.conf.settings

.PHONY: install run test test-sqlite test-postgres lint bench szenarien

$(BIN)/.installiert: pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

install: $(BIN)/.installiert

run: install
	mkdir -p var
	$(BIN)/python manage.py einrichten
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(BIN)/ruff check kundenportal tests
	$(BIN)/mypy kundenportal

# Katalog prüfen, alle Tests auf SQLite, dann die Datenbanktests auf PostgreSQL.
test: install lint
	$(BIN)/kundenportal katalog pruefen
	$(MAKE) --no-print-directory test-sqlite test-postgres

test-sqlite: install
	$(BIN)/pytest -q -p no:cacheprovider -n 2

test-postgres: install
	@$(BIN)/python -c "import psycopg,sys; psycopg.connect('$(PG_URL)'.rsplit('/',1)[0]+'/postgres', connect_timeout=5).close()" \
	  || { echo "PostgreSQL unter $(PG_URL) nicht erreichbar: Datenbanktests auf PostgreSQL brauchen ihn (Dienst starten)."; exit 1; }
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -q -p no:cacheprovider -m "not browser" tests/fachverfahren tests/szenarien

szenarien: install
	$(BIN)/kundenportal szenario pruefen content/szenarien $(wildcard ../shared/scenarios)

bench: install
	$(BIN)/python -m kundenportal.bench
