"""Werkzeug der Betriebstests: Prozesse mit der Umgebung eines echten Betriebs (ohne Entwicklungsflag),
eine eigene PostgreSQL-Datenbank je Test."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

from tests.betrieb.hilfen import pg_server, wegwerf_datenbank

__all__ = ["HOST", "WURZEL", "betrieb_umgebung", "manage", "pg_server", "wegwerf_datenbank"]

WURZEL = Path(__file__).resolve().parents[2]
HOST = "portal.example"


# Pflicht im Betrieb (docs/betrieb.md): ohne sie meldet check --deploy kundenportal.E001 (tests/betrieb/test_deploy_pruefung)
BETRIEB_DB = "postgresql://kundenportal@db.agentur.example:5432/kundenportal"


# Pflicht im Betrieb (docs/betrieb.md): die Kontaktangaben der Kundenseiten, sonst meldet check --deploy W003.
KUNDENSEITEN = {"KUNDENPORTAL_ESERVICE_DATENSCHUTZ_KONTAKT": "Datenschutzbeauftragte, datenschutz@agentur.example",
                "KUNDENPORTAL_ESERVICE_BARRIEREN_KONTAKT": "barrierefreiheit@agentur.example",
                "KUNDENPORTAL_ESERVICE_IMPRESSUM": "Bundesagentur für Arbeit"}


def betrieb_umgebung(**zusatz: str) -> dict[str, str]:
    """Die Umgebung eines Betriebsknotens: nur die Pflichtvariablen, kein Entwicklungsflag."""
    umgebung = {k: v for k, v in os.environ.items()
                if not k.startswith(("DJANGO_", "KUNDENPORTAL_", "DATABASE_URL", "PYTEST_", "EMB_"))}
    umgebung.update({
        "DJANGO_SETTINGS_MODULE": "kundenportal.conf.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
        **KUNDENSEITEN,
    })
    umgebung.update(zusatz)
    return umgebung


def manage(*args: str, umgebung: dict[str, str], eingabe: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=WURZEL, env=umgebung, input=eingabe,
                          capture_output=True, text=True, timeout=300)
