"""Einstellungen aus der Umgebung (12-Faktor, django-environ): jede Variable ist in docs/betrieb.md
beschrieben. `Umgebung` liest zu jeder Variable auch `<NAME>_FILE` (Geheimnisse als Datei, etwa
systemd-Credentials oder Container-Secrets) — ohne den Zeilenumbruch am Dateiende; fehlt die Datei, nennt
der Fehler die Variable. Schalter (`env.bool`) sind streng: an/aus, ja/nein, true/false, 1/0, on/off; alles
andere ist ein Startfehler mit dem Namen der Variable."""

from __future__ import annotations

import datetime as dt
import os
import re
import socket
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import environ
from django.core.exceptions import ImproperlyConfigured
from environ.fileaware_mapping import FileAwareMapping

WAHR = frozenset({"an", "ja", "true", "1", "on"})
FALSCH = frozenset({"aus", "nein", "false", "0", "off"})
ERLAUBT = "an/aus, ja/nein, true/false, 1/0, on/off"


class _DateiMapping(FileAwareMapping):  # type: ignore[misc]
    """`<NAME>_FILE`: Inhalt der Datei ohne abschließenden Zeilenumbruch (den jeder Editor und `echo`
    anhängen); eine fehlende oder unlesbare Datei ist ein Startfehler, der die Variable nennt."""

    def __getitem__(self, key: str) -> str:
        if self.cache and key in self.files_cache:
            return str(self.files_cache[key])
        datei = self.env.get(key + "_FILE")
        if not datei:
            return str(self.env[key])
        try:
            with open(datei, encoding="utf-8") as f:
                wert = f.read().rstrip("\r\n")
        except OSError as fehler:
            raise ImproperlyConfigured(
                f"{key}_FILE={datei}: Datei nicht lesbar ({fehler.strerror or type(fehler).__name__}). "
                f"Pfad und Rechte prüfen (der Dienst-Benutzer muss sie lesen dürfen) oder {key} direkt setzen."
            ) from None
        if self.cache:
            self.files_cache[key] = wert
        return wert


class Umgebung(environ.FileAwareEnv):  # type: ignore[misc]
    ENVIRON = _DateiMapping()

    def bool(self, var: str, default: Any = environ.Env.NOTSET) -> bool:
        """Ein Schalter, streng: an/aus, ja/nein, true/false, 1/0, on/off (Groß-/Kleinschreibung egal);
        leer oder nicht gesetzt = `default`; alles andere ist ein Startfehler."""
        roh = self.get_value(var, cast=str, default="" if default is not self.NOTSET else self.NOTSET)
        return schalter(var, roh, default)


def schalter(name: str, roh: Any, default: Any = environ.Env.NOTSET) -> bool:
    """`roh` (Text der Variable `name`) als Wahrheitswert; leer: `default`."""
    if isinstance(roh, bool):
        return roh
    text = str(roh).strip().lower()
    if not text:
        if default is environ.Env.NOTSET:
            raise ImproperlyConfigured(f"{name} fehlt: erlaubt sind {ERLAUBT}")
        return bool(default)
    if text in WAHR:
        return True
    if text in FALSCH:
        return False
    raise ImproperlyConfigured(f"{name}={roh!r} ist kein Schalter: erlaubt sind {ERLAUBT}")


env = Umgebung()


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


def alte_schluessel() -> list[str]:
    """DJANGO_SECRET_KEY_FALLBACKS (oder `_FILE`): frühere Schlüssel beim Wechsel — Sitzungen und Signaturen
    damit gelten weiter, neu signiert wird mit DJANGO_SECRET_KEY. Getrennt durch Komma oder Zeilenumbruch."""
    roh: str = env.str("DJANGO_SECRET_KEY_FALLBACKS", default="")
    return [s for s in re.split(r"[,\s]+", roh) if s]


def stichtag(roh: str) -> str:
    """KUNDENPORTAL_STICHTAG: leer oder ein Datum JJJJ-MM-TT (sonst Startfehler statt 500 in jeder Seite)."""
    text = roh.strip()
    if not text:
        return ""
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise ImproperlyConfigured(
            f"KUNDENPORTAL_STICHTAG={roh!r} ist kein Datum: erwartet JJJJ-MM-TT (etwa 2026-03-02) oder leer "
            "(= heute)") from None


METRIKEN_TOKEN_MINDESTLAENGE = 32


def metriken_token(roh: str) -> str:
    """KUNDENPORTAL_METRIKEN_TOKEN: leer (/metrics aus) oder mindestens 32 Zeichen ohne Leerraum — ein kurzes oder
    zerschnittenes Token wäre ein Startfehler, kein still schwacher Zugang. Der Wert steht in keiner Meldung."""
    text = roh.strip()
    if text and (len(text) < METRIKEN_TOKEN_MINDESTLAENGE or any(z.isspace() for z in text)):
        raise ImproperlyConfigured(
            f"KUNDENPORTAL_METRIKEN_TOKEN ist zu kurz oder enthält Leerraum: mindestens {METRIKEN_TOKEN_MINDESTLAENGE} "
            "Zeichen, etwa `python -c 'import secrets; print(secrets.token_urlsafe(32))'` (leer = /metrics aus)")
    return text


def stoerung(systeme: Iterable[str], bekannt: Iterable[str]) -> list[str]:
    """KUNDENPORTAL_STOERUNG: nur bekannte Systeme (Tippfehler wären sonst still wirkungslos)."""
    namen = [s.strip().lower() for s in systeme if s.strip()]
    bekannte = sorted(bekannt)
    unbekannt = [s for s in namen if s not in bekannte]
    if unbekannt:
        raise ImproperlyConfigured(f"KUNDENPORTAL_STOERUNG: unbekannte(s) System(e) {', '.join(unbekannt)}; "
                                   f"bekannt sind {', '.join(bekannte)}")
    return namen


def anwendungsname(argv: list[str] | None = None) -> str:
    """`application_name` der Datenbankverbindungen (pg_stat_activity): Prozessart und Knoten, etwa
    `kundenportal web@knoten-a`, `kundenportal celery-worker@knoten-b`, `kundenportal einzeln@knoten-a`."""
    argv = sys.argv if argv is None else argv
    programm = Path(argv[0]).name if argv else ""
    if programm in ("manage.py", "django-admin") and len(argv) > 1:
        art = argv[1]
    elif programm == "gunicorn":
        art = "web"
    elif programm == "celery":
        art = "celery-" + next((a for a in argv[1:] if a in ("worker", "beat")), "celery")
    else:
        art = programm.removesuffix(".py") or "python"
    return f"kundenportal {art}@{socket.gethostname()}"[:63]      # NAMEDATALEN - 1


def datenbank_fuer_dienst(entwicklung: bool, umgebung: Any = None, engine: str = "") -> None:
    """Dienste im Betrieb (gunicorn, Celery-Worker) ohne DATABASE_URL: Startfehler mit dem Namen der Variable
    — statt still eine leere SQLite-Datenbank unter var/ zu öffnen ("no such table" in jeder Seite). Der
    eingebettete Betrieb mit SQLite (ein Knoten) nennt seine Datei ausdrücklich: KUNDENPORTAL_SQLITE."""
    umgebung = os.environ if umgebung is None else umgebung
    if engine and not engine.endswith("sqlite"):       # eine andere Datenbank als SQLite ist eingestellt
        return
    if entwicklung or umgebung.get("DATABASE_URL") or umgebung.get("DATABASE_URL_FILE"):
        return
    if umgebung.get("KUNDENPORTAL_SQLITE"):
        return
    raise ImproperlyConfigured(
        "DATABASE_URL fehlt: im Betrieb braucht der Dienst die PostgreSQL-Datenbank "
        "(DATABASE_URL=postgresql://BENUTZER@RECHNER:5432/kundenportal, siehe docs/betrieb.md). Eingebetteter "
        "Betrieb mit SQLite auf einem Knoten nur ausdrücklich: KUNDENPORTAL_SQLITE=/var/lib/kundenportal/"
        "kundenportal.sqlite3.")


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
