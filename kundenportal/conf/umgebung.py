"""Einstellungen aus der Umgebung (12-Faktor, django-environ): jede Variable ist in docs/betrieb.md
beschrieben. `FileAwareEnv` liest zu jeder Variable auch `<NAME>_FILE` (Geheimnisse als Datei, etwa
systemd-Credentials oder Container-Secrets)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import environ
from django.core.exceptions import ImproperlyConfigured

env = environ.FileAwareEnv()

def entwicklung() -> bool:
    """Entwicklung, Demo und Tests: DJANGO_DEBUG=1 oder KUNDENPORTAL_ENTWICKLUNG=1. Sonst Betrieb."""
    debug: bool = env.bool("DJANGO_DEBUG", default=False)
    return bool(env.bool("KUNDENPORTAL_ENTWICKLUNG", default=debug))


# Nur für Entwicklung, Tests und Demo (KUNDENPORTAL_ENTWICKLUNG=1 oder DJANGO_DEBUG=1); im Betrieb Pflicht.
ENTWICKLUNGSSCHLUESSEL = "nur-fuer-entwicklung-und-demo-nicht-produktiv"


def geheimer_schluessel(entwicklung: bool) -> str:
    """DJANGO_SECRET_KEY; ohne ihn startet der Betrieb nicht (statt still den öffentlichen Schlüssel zu nehmen)."""
    schluessel: str = env.str("DJANGO_SECRET_KEY", default="")
    if schluessel:
        return schluessel
    if entwicklung:
        return ENTWICKLUNGSSCHLUESSEL
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY fehlt: im Betrieb (DJANGO_DEBUG aus, KUNDENPORTAL_ENTWICKLUNG aus) startet das "
        "Kundenportal nicht ohne eigenen geheimen Schlüssel. Erzeugen mit: "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))' (siehe docs/betrieb.md).")


def datenbank(url: str, var_dir: Path) -> dict[str, Any]:
    """DATABASE_URL → Djangos DATABASES-Eintrag; alle Parameter der URL bleiben erhalten (sslmode,
    connect_timeout, host=/pfad/zum/socket als Abfrage oder %2F-kodiert als Rechnername).
    Ohne URL: SQLite unter var/ (eingebetteter Betrieb, ein Knoten)."""
    if not url:
        name = os.environ.get("KUNDENPORTAL_SQLITE") or var_dir / "kundenportal.sqlite3"
        # WAL + BEGIN IMMEDIATE: gleichzeitige Schreiber warten (timeout) statt "database is locked" — angestellt
        # an einer Dateisperre statt in SQLites gestaffeltem Schlaf (kundenportal/sqlite/base.py).
        # Tests laufen auf einer Datei (je Prozess), nicht im Speicher: Threads brauchen echte Sperren.
        return {"ENGINE": "kundenportal.sqlite", "NAME": name,
                "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE",
                            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL"},
                "TEST": {"NAME": str(Path(tempfile.gettempdir()) / f"kundenportal-test-{os.getpid()}.sqlite3")}}
    schema = url.split(":", 1)[0]
    if schema not in ("postgres", "postgresql", "pgsql"):
        raise ImproperlyConfigured(f"DATABASE_URL: nur postgresql:// wird unterstützt, nicht {schema}://")
    konfig: dict[str, Any] = environ.Env.db_url_config(url)
    konfig["ENGINE"] = "kundenportal.postgresql"     # Djangos Backend, Pool-Prüfung ohne Rundlauf (postgresql/base.py)
    konfig["HOST"] = unquote(str(konfig.get("HOST") or ""))    # %2Fvar%2Frun%2Fpostgresql → Socket-Verzeichnis
    if not konfig["HOST"] and "host" not in konfig.get("OPTIONS", {}):
        konfig["HOST"] = "127.0.0.1"
    konfig["USER"] = konfig.get("USER") or "postgres"
    konfig["NAME"] = konfig.get("NAME") or "kundenportal"
    konfig["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
    konfig["CONN_HEALTH_CHECKS"] = True
    return konfig
