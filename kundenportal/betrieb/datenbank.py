"""Eine eigene Verbindung zu PostgreSQL am Pool vorbei — für die Sperren des Betriebs (einzellauf) und um vor
der Arbeit zu prüfen, ob die Datenbank erreichbar ist: ihr Fehler nennt die Ursache sofort ("database … does
not exist", "password authentication failed", "Connection refused"), statt nach der Wartezeit des Pools als
"couldn't get a connection after 10.00 sec" unter den Warnungen des Pools zu verschwinden.

`fehlertext` macht aus einem Verbindungsfehler eine Zeile ohne Geheimnisse (das Passwort wird ersetzt)."""

from __future__ import annotations

import re
from typing import Any

import psycopg

# Schlüssel in DATABASES[...]["OPTIONS"], die Django selbst auswertet (Pool, Isolation, Rolle) — keine
# libpq-Parameter; die eigene Verbindung lässt sie weg.
NUR_DJANGO = frozenset({"pool", "server_side_binding", "isolation_level", "assume_role", "cursor_factory"})


class DatenbankNichtErreichbar(Exception):
    """Keine Verbindung (Server weg, falscher Port, Name, Benutzer oder Passwort); die Meldung ohne Geheimnisse."""


def parameter(db: dict[str, Any], connect_timeout: float | None = None) -> dict[str, Any]:
    """Die libpq-Parameter eines DATABASES-Eintrags (wie Django sie bildet, ohne Pool)."""
    optionen = {k: v for k, v in (db.get("OPTIONS") or {}).items() if k not in NUR_DJANGO}
    werte = {"dbname": db.get("NAME"), "user": db.get("USER") or None, "password": db.get("PASSWORD") or None,
             "host": db.get("HOST") or None, "port": db.get("PORT") or None, "connect_timeout": 5, **optionen}
    if connect_timeout is not None:
        werte["connect_timeout"] = max(1, round(connect_timeout))     # libpq: ganze Sekunden, mindestens 1
    return {k: v for k, v in werte.items() if v is not None and v != ""}


def fehlertext(fehler: BaseException, db: dict[str, Any]) -> str:
    """Die Meldung eines Verbindungsfehlers in einer Zeile, ohne Passwort."""
    text = " ".join(str(fehler).split()) or type(fehler).__name__
    passwort = str(db.get("PASSWORD") or "")
    if passwort:
        text = text.replace(passwort, "***")
    text = re.sub(r"(password=)\S+", r"\1***", text)
    return text[:500]


def verbinden(db: dict[str, Any], connect_timeout: float | None = None) -> psycopg.Connection[Any]:
    """Eine eigene Verbindung im Autocommit; wirft DatenbankNichtErreichbar mit der Ursache."""
    try:
        return psycopg.connect(**parameter(db, connect_timeout), autocommit=True)
    except psycopg.Error as fehler:
        raise DatenbankNichtErreichbar(fehlertext(fehler, db)) from None
