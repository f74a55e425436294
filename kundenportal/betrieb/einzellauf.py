"""Einzellauf: ein Dienst, der im Verbund nur einmal laufen darf (celery beat, der IMAP-Beobachter),
läuft auf jedem Knoten mit derselben Unit — nur einer hält die Sperre und arbeitet, die anderen warten
in Bereitschaft und übernehmen, sobald die Sperre frei wird (Knoten weg, Prozess beendet).

Sperre: PostgreSQL-Advisory-Lock auf einer eigenen Verbindung (frei, sobald die Verbindung endet — auch
beim harten Absturz); im eingebetteten Betrieb (SQLite, ein Knoten) eine Dateisperre unter var/."""

from __future__ import annotations

import fcntl
import hashlib
import os
from pathlib import Path
from typing import Any, Protocol

import psycopg
from django.conf import settings
from django.db import connections


class Sperre(Protocol):
    def versuchen(self) -> bool: ...
    def gehalten(self) -> bool: ...
    def freigeben(self) -> None: ...


def schluessel(name: str) -> int:
    """Ein stabiler 63-Bit-Schlüssel für pg_try_advisory_lock aus dem Namen der Sperre."""
    return int.from_bytes(hashlib.sha256(f"kundenportal:{name}".encode()).digest()[:8], "big") >> 1


# Schlüssel in DATABASES[...]["OPTIONS"], die Django selbst auswertet (Pool, Isolation, Rolle) — keine
# libpq-Parameter; die eigene Verbindung der Sperre lässt sie weg.
NUR_DJANGO = frozenset({"pool", "server_side_binding", "isolation_level", "assume_role", "cursor_factory"})


class PostgresSperre:
    def __init__(self, name: str, db: dict[str, Any]) -> None:
        self.name, self.db = name, db
        self.verbindung: psycopg.Connection[Any] | None = None

    def _verbinden(self) -> psycopg.Connection[Any]:
        optionen = {k: v for k, v in self.db.get("OPTIONS", {}).items() if k not in NUR_DJANGO}
        parameter = {"dbname": self.db["NAME"], "user": self.db.get("USER") or None,
                     "password": self.db.get("PASSWORD") or None, "host": self.db.get("HOST") or None,
                     "port": self.db.get("PORT") or None, "connect_timeout": 5, **optionen}
        return psycopg.connect(**{k: v for k, v in parameter.items() if v is not None}, autocommit=True)

    def versuchen(self) -> bool:
        try:
            if self.verbindung is None or self.verbindung.closed:
                self.verbindung = self._verbinden()
            zeile = self.verbindung.execute("SELECT pg_try_advisory_lock(%s)", [schluessel(self.name)]).fetchone()
        except psycopg.Error:
            self.freigeben()
            return False
        return bool(zeile and zeile[0])

    def gehalten(self) -> bool:
        """Lebt die Verbindung noch? (Mit ihr endet die Sperre.)"""
        try:
            return self.verbindung is not None and self.verbindung.execute("SELECT 1").fetchone() is not None
        except psycopg.Error:
            return False

    def freigeben(self) -> None:
        if self.verbindung is not None:
            try:
                self.verbindung.close()
            finally:
                self.verbindung = None


class DateiSperre:
    def __init__(self, name: str, verzeichnis: Path) -> None:
        verzeichnis.mkdir(parents=True, exist_ok=True)
        self.pfad = verzeichnis / f"einzellauf-{name}.lock"
        self.datei: int | None = None

    def versuchen(self) -> bool:
        datei = os.open(self.pfad, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(datei, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(datei)
            return False
        self.datei = datei
        return True

    def gehalten(self) -> bool:
        return self.datei is not None

    def freigeben(self) -> None:
        if self.datei is not None:
            os.close(self.datei)
            self.datei = None


def sperre(name: str) -> Sperre:
    db = settings.DATABASES["default"]
    if connections["default"].vendor == "postgresql":     # gleich welches Backend (Djangos oder kundenportal.postgresql)
        return PostgresSperre(name, db)
    return DateiSperre(name, Path(settings.VAR_DIR))
