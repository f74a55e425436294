# kundenportal — zwei Befehle für neue Nutzer: `make run` und `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PG_URL ?= postgresql://postgres@127.0.0.1:5432/kundenportal
export DJANGO_SETTINGS_MODULE := kundenportal.conf.settings

.PHONY: install systempakete run test test-fast test-sqlite test-postgres lint bench szenarien

# Debian-Pakete, die die Tests brauchen: Chromium (Browser-Tests, nie `playwright install`) mit deutschen
# Sprachdateien (chromium-l10n: Datumsfelder und Meldungen des Browsers auf Deutsch), Dovecot (echter
# IMAP-Server der E-Mail-Tests), Redis und die PostgreSQL-Werkzeuge (tests/betrieb/test_handbuch.py führt das
# Betriebshandbuch aus: eigener redis-server, pg_dump/pg_restore), valgrind (tests/bench: Instruktionen je Anfrage
# unter callgrind, bench/instruktionen.py). Je Eintrag Datei:Paket — fehlt die Datei,
# installiert `make test` das Paket mit apt-get (als root, sonst über sudo); geht das nicht, bricht es mit klarer
# Meldung ab, statt Tests zu überspringen.
SYSTEMPAKETE := /usr/bin/chromium:chromium /usr/lib/chromium/locales/de.pak:chromium-l10n \
	/usr/sbin/dovecot:dovecot-imapd /usr/bin/redis-server:redis-server /usr/bin/pg_dump:postgresql-client \
	/usr/bin/valgrind:valgrind
systempakete:
	@fehlend=""; for p in $(SYSTEMPAKETE); do test -e "$${p%%:*}" || fehlend="$$fehlend $${p##*:}"; done; \
	if [ -n "$$fehlend" ]; then \
	  echo "Installiere Debian-Pakete für die Tests:$$fehlend"; \
	  if [ "$$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo -n"; else sudo=none; fi; \
	  if [ "$$sudo" = none ] || ! { DEBIAN_FRONTEND=noninteractive $$sudo apt-get update -qq && \
	       DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$fehlend >/dev/null; }; then \
	    echo "Konnte$$fehlend nicht installieren. Bitte als root ausführen: apt-get install$$fehlend"; exit 1; fi; \
	fi

$(BIN)/.installiert: pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

install: $(BIN)/.installiert

# make run liest den Katalog aus der Datenbank (einrichten importiert content/ als veröffentlichte Fassungen),
# damit die Redaktion im Browser veröffentlichen kann und jeder Prozess neue Fassungen ohne Neustart sieht.
run: export KUNDENPORTAL_KATALOG_QUELLE ?= kundenportal.redaktion.quelle.DatenbankKatalog
# Ohne Broker, Worker und SMTP-Relay: `memory://` lässt die Celery-Aufgaben im Prozess laufen — eine freigegebene
# Antwort geht in der Anfrage hinaus (emb/ausgang.py) und landet als .eml-Datei in var/postausgang/
# (emb/postausgang.py). Mit Redis und Worker: CELERY_BROKER_URL=redis://…; mit einem SMTP-Server:
# EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend EMAIL_PORT=….
run: export CELERY_BROKER_URL ?= memory://
run: export EMAIL_BACKEND ?= kundenportal.emb.postausgang.DateiPostausgang
run: install
	mkdir -p var
	KUNDENPORTAL_ENTWICKLUNG=1 $(BIN)/python manage.py einrichten --demo
	KUNDENPORTAL_ENTWICKLUNG=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(BIN)/ruff check kundenportal tests
	$(BIN)/mypy kundenportal

# Katalog prüfen, alle Tests auf SQLite, dann die Datenbanktests auf PostgreSQL (mit den Browser-Rundgängen der
# Redaktion und der Teamleitung, Marke auch_postgres); am Ende die Gesamtzeit.
test: install systempakete
	@start=$$(date +%s); \
	$(MAKE) --no-print-directory lint && $(BIN)/kundenportal katalog pruefen && \
	$(MAKE) --no-print-directory test-sqlite test-postgres && \
	echo "make test: alles grün in $$(( $$(date +%s) - start )) s"

# Die innere Schleife (≤ 60 s): Kern, Szenarien und Verträge gegen die Zwillinge im Speicher — ohne
# Datenbank und ohne Browser.
test-fast: install
	@start=$$(date +%s); \
	$(BIN)/pytest -q -p no:cacheprovider -m "not django_db and not browser" \
	  -n 2 tests/leitfaden tests/szenarien tests/fachverfahren tests/architektur && \
	echo "make test-fast: grün in $$(( $$(date +%s) - start )) s"

# Das Betriebshandbuch (tests/betrieb/test_handbuch.py) beschreibt den Betrieb mit PostgreSQL: es läuft in
# test-postgres (mit Sicherung und Wiederherstellung), nicht noch einmal hier.
test-sqlite: install systempakete
	$(BIN)/pytest -q -p no:cacheprovider -n 2 --dist worksteal --deselect tests/betrieb/test_handbuch.py

test-postgres: install systempakete
	@$(BIN)/python -c "import psycopg,sys; psycopg.connect('$(PG_URL)'.rsplit('/',1)[0]+'/postgres', connect_timeout=5).close()" \
	  || { echo "PostgreSQL unter $(PG_URL) nicht erreichbar: Datenbanktests auf PostgreSQL brauchen ihn (Dienst starten)."; exit 1; }
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -q -p no:cacheprovider -n 2 --dist worksteal -m "not browser or auch_postgres" tests/postgresql \
	  tests/fachverfahren tests/szenarien tests/redaktion tests/qs tests/fuehrung tests/gespraech tests/api \
	  tests/betrieb/test_handbuch.py tests/browser/test_teamleitung_rundgang.py tests/browser/test_steckbrief_gespraech.py

szenarien: install
	$(BIN)/kundenportal szenario pruefen content/szenarien

# Messungen gegen Vergleichssysteme (bench/, Extra [bench]: SpiffWorkflow, gunicorn), dazu Redaktion und Führung;
# PostgreSQL unter PG_URL (die Messung legt daneben <name>_bench, <name>_email und <name>_fuehrung an). Höchstens
# 5 Minuten; am Ende die Dauer jedes Teils. BENCH_KURZ=1: Rauchlauf mit kleinen Größen.
bench: install
	@$(BIN)/python -c "import SpiffWorkflow, gunicorn" 2>/dev/null || $(BIN)/python -m pip install -q -e '.[dev,bench]'
	@start=$$(date +%s); \
	PYTHONPATH=. $(BIN)/python -m bench --pg-url $(PG_URL) && \
	echo "make bench: fertig in $$(( $$(date +%s) - start )) s (Ziel ≤ 300 s)"

# KERN UX (@kern-ux/native, EUPL-1.2) neu holen und gegen kundenportal/static/kern/SHA256SUMS prüfen.
.PHONY: kern
kern:
	sh werkzeuge/kern.sh
