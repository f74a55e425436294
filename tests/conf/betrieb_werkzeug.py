"""Werkzeug der Betriebstests: Prozesse mit der Umgebung eines echten Betriebs (ohne Entwicklungsflag),
eine eigene PostgreSQL-Datenbank je Test."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg

WURZEL = Path(__file__).resolve().parents[2]
PG_SERVER = "postgresql://postgres@127.0.0.1:5432"
HOST = "portal.example"


def betrieb_umgebung(**zusatz: str) -> dict[str, str]:
    """Die Umgebung eines Betriebsknotens: nur die Pflichtvariablen, kein Entwicklungsflag."""
    umgebung = {k: v for k, v in os.environ.items()
                if not k.startswith(("DJANGO_", "KUNDENPORTAL_", "DATABASE_URL", "PYTEST_", "EMB_"))}
    umgebung.update({
        "DJANGO_SETTINGS_MODULE": "kundenportal.conf.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
    })
    umgebung.update(zusatz)
    return umgebung


def manage(*args: str, umgebung: dict[str, str], eingabe: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=WURZEL, env=umgebung, input=eingabe,
                          capture_output=True, text=True, timeout=300)


def pg_server() -> str:
    """Der PostgreSQL-Server der Tests (aus DATABASE_URL, sonst 127.0.0.1:5432)."""
    url = os.environ.get("DATABASE_URL", "")
    return url.rsplit("/", 1)[0] if url.startswith("postgres") else PG_SERVER


@contextmanager
def wegwerf_datenbank() -> Iterator[str]:
    """Eine frische PostgreSQL-Datenbank; gibt ihre DATABASE_URL und löscht sie danach."""
    name = f"kp_knoten_{uuid.uuid4().hex[:10]}"
    server = pg_server()
    with psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=5) as v:
        v.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=5) as v:
            v.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
