"""Werkzeug der Betriebstests: Prozesse mit der Umgebung eines Betriebsknotens (ohne Entwicklungsflag), ein
freier Port, eine eigene PostgreSQL-Datenbank je Test (auf dem Server aus DATABASE_URL, sonst 127.0.0.1:5432)."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

WURZEL = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
HOST = "portal.example"


def freier_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def betrieb_umgebung(tmp: Path, **zusatz: str) -> dict[str, str]:
    """Nur die Pflichtvariablen eines Betriebsknotens, beschreibbare Ordner unter `tmp`; SQLite unter `tmp`,
    wenn `zusatz` keine DATABASE_URL nennt."""
    umgebung = {k: v for k, v in os.environ.items()
                if not k.startswith(("DJANGO_", "KUNDENPORTAL_", "DATABASE_", "PYTEST_", "EMB_", "CELERY_"))}
    umgebung.update({
        "DJANGO_SETTINGS_MODULE": "kundenportal.conf.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
        "KUNDENPORTAL_VAR": str(tmp / "var"),
        "DJANGO_STATIC_ROOT": str(tmp / "static"),
        "KUNDENPORTAL_KATALOG_CACHE": "",
        "PYTHONPATH": str(WURZEL),
    })
    if "DATABASE_URL" not in zusatz:
        umgebung["KUNDENPORTAL_SQLITE"] = str(tmp / "kundenportal.sqlite3")
    umgebung.update(zusatz)
    return umgebung


def manage(umgebung: dict[str, str], *args: str, eingabe: str = "", zeit: float = 300
           ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([PYTHON, "manage.py", *args], cwd=WURZEL, env=umgebung, input=eingabe,
                          capture_output=True, text=True, timeout=zeit, check=False)


def pg_server() -> str:
    url = os.environ.get("DATABASE_URL", "")
    return url.split("?", 1)[0].rsplit("/", 1)[0] if url.startswith("postgres") else "postgresql://postgres@127.0.0.1:5432"


def pg_da() -> bool:
    try:
        psycopg.connect(f"{pg_server()}/postgres", connect_timeout=3).close()
    except psycopg.Error:
        return False
    return True


nur_mit_postgresql = pytest.mark.skipif(not pg_da(), reason=f"kein PostgreSQL unter {pg_server()}")


@contextmanager
def wegwerf_datenbank() -> Iterator[str]:
    """Eine frische PostgreSQL-Datenbank kp_ops_…; gibt ihre URL und löscht sie danach."""
    name = f"kp_ops_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"{pg_server()}/postgres", autocommit=True, connect_timeout=5) as v:
        v.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{pg_server()}/{name}"
    finally:
        with psycopg.connect(f"{pg_server()}/postgres", autocommit=True, connect_timeout=5) as v:
            v.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
