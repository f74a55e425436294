"""Einzellauf: ein Dienst, der im Verbund nur einmal laufen darf (celery beat, der IMAP-Beobachter),
läuft auf jedem Knoten mit derselben Unit — nur einer hält die Sperre und arbeitet, die anderen warten
in Bereitschaft und übernehmen, sobald die Sperre frei wird (Knoten weg, Prozess beendet).

Sperre: PostgreSQL-Advisory-Lock auf einer eigenen Verbindung (frei, sobald die Verbindung endet — auch
beim harten Absturz); im eingebetteten Betrieb (SQLite, ein Knoten) eine Dateisperre unter var/.

`versuchen()` unterscheidet zwei Fälle: False heißt "ein anderer Knoten hält die Sperre" (Bereitschaft);
`DatenbankNichtErreichbar` heißt "keine Verbindung" (Server weg, falscher Port, Benutzer, Passwort) — mit
der Ursache, damit `einzeln` sie meldet statt still in "Bereitschaft" zu warten.

`exklusiv(name)`: dieselbe Sperre wartend, für einmalige Schritte, die zwei Knoten nicht gleichzeitig tun
dürfen (`einrichten`: Migrationen auf einer frischen Datenbank)."""

from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any, Protocol

import psycopg
from django.conf import settings
from django.db import connections

from .datenbank import DatenbankNichtErreichbar, fehlertext, verbinden

__all__ = ["DateiSperre", "DatenbankNichtErreichbar", "PostgresSperre", "Sperre", "exklusiv", "schluessel", "sperre"]


class Sperre(Protocol):
    def versuchen(self) -> bool: ...
    def gehalten(self) -> bool: ...
    def freigeben(self) -> None: ...


def schluessel(name: str) -> int:
    """Ein stabiler 63-Bit-Schlüssel für pg_try_advisory_lock aus dem Namen der Sperre."""
    return int.from_bytes(hashlib.sha256(f"kundenportal:{name}".encode()).digest()[:8], "big") >> 1


class PostgresSperre:
    def __init__(self, name: str, db: dict[str, Any]) -> None:
        self.name, self.db = name, db
        self.verbindung: psycopg.Connection[Any] | None = None

    def versuchen(self) -> bool:
        """True: Sperre gehalten; False: ein anderer Knoten hält sie. Ohne Verbindung: DatenbankNichtErreichbar."""
        try:
            if self.verbindung is None or self.verbindung.closed:
                self.verbindung = verbinden(self.db)
            zeile = self.verbindung.execute("SELECT pg_try_advisory_lock(%s)", [schluessel(self.name)]).fetchone()
        except psycopg.Error as fehler:
            self.freigeben()
            raise DatenbankNichtErreichbar(fehlertext(fehler, self.db)) from None
        except DatenbankNichtErreichbar:
            self.freigeben()
            raise
        return bool(zeile and zeile[0])

    def warten(self, melden: Callable[[str], None] | None = None) -> None:
        """Die Sperre, notfalls wartend, bis der andere Knoten sie freigibt."""
        if self.versuchen():
            return
        if melden is not None:
            melden(f"Sperre {self.name} hält ein anderer Knoten – warte, bis er fertig ist …")
        assert self.verbindung is not None
        try:
            self.verbindung.execute("SELECT pg_advisory_lock(%s)", [schluessel(self.name)])
        except psycopg.Error as fehler:
            self.freigeben()
            raise DatenbankNichtErreichbar(fehlertext(fehler, self.db)) from None

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
    """Eingebetteter Betrieb (SQLite, ein Knoten): eine Dateisperre unter var/, je Datenbankdatei (`datenbank`)."""

    def __init__(self, name: str, verzeichnis: Path, datenbank: str = "") -> None:
        verzeichnis.mkdir(parents=True, exist_ok=True)
        self.name = name
        kennung = f"-{hashlib.sha256(datenbank.encode()).hexdigest()[:12]}" if datenbank else ""
        self.pfad = verzeichnis / f"einzellauf-{name}{kennung}.lock"
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

    def warten(self, melden: Callable[[str], None] | None = None) -> None:
        if self.versuchen():
            return
        if melden is not None:
            melden(f"Sperre {self.name} hält ein anderer Prozess – warte, bis er fertig ist …")
        datei = os.open(self.pfad, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(datei, fcntl.LOCK_EX)
        self.datei = datei

    def gehalten(self) -> bool:
        return self.datei is not None

    def freigeben(self) -> None:
        if self.datei is not None:
            os.close(self.datei)
            self.datei = None


def sperre(name: str, alias: str = "default") -> PostgresSperre | DateiSperre:
    verbindung = connections[alias]
    if verbindung.vendor == "postgresql":     # gleich welches Backend (Djangos oder kundenportal.postgresql)
        return PostgresSperre(name, verbindung.settings_dict)
    return DateiSperre(name, Path(settings.VAR_DIR), str(verbindung.settings_dict.get("NAME") or ""))


@contextmanager
def exklusiv(name: str, melden: Callable[[str], None] | None = None, alias: str = "default") -> Iterator[None]:
    """Hält die Sperre `name` im ganzen Verbund, solange der Block läuft; ein zweiter Knoten wartet davor."""
    s = sperre(name, alias)
    s.warten(melden)
    try:
        yield
    finally:
        s.freigeben()


@contextmanager
def einmal_im_verbund(name: str, ausgabe: Any, alias: str = "default") -> Iterator[None]:
    """Für einmalige Schritte eines Befehls (`manage.py einrichten`): hält die Sperre `name` im Verbund (ein
    zweiter Knoten wartet und meldet das auf `ausgabe`), und ist die Datenbank nicht erreichbar, endet der
    Befehl sofort mit der Ursache als letzter Zeile (CommandError, ohne Passwort) — statt nach der Wartezeit des
    Pools mit "couldn't get a connection" unter hundert Warnungen."""
    from django.core.management.base import CommandError
    from django.db import OperationalError

    db = connections[alias].settings_dict
    ort = (f"Datenbank {db.get('NAME')} auf {db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432} als "
           f"{db.get('USER') or '-'} nicht erreichbar")

    def melden(text: str) -> None:
        ausgabe.write(f"{name}: {text}")
        ausgabe.flush()

    with ExitStack() as stapel:
        try:        # nur Verbinden und Sperren heißt „nicht erreichbar“; Fehler der Arbeit selbst bleiben, wie sie sind
            stapel.enter_context(exklusiv(name, melden, alias))
        except DatenbankNichtErreichbar as fehler:
            raise CommandError(f"{ort}: {fehler}\nDATABASE_URL prüfen (docs/betrieb.md, Störungen).") from None
        except OperationalError as fehler:
            raise CommandError(f"{ort}: {fehlertext(fehler, db)}") from None
        yield
