"""Protokollierung: eine JSON-Zeile je Eintrag (Zeit, Stufe, Logger, Meldung, Anfragekennung) für die
Sammlung im Betrieb, lesbarer Text in der Entwicklung. Keine Sozialdaten: jede Zeile läuft durch
`protokollfilter.maskieren` (Kundennummern), und die Anwendung schreibt nur Kennungen (Benutzer-ID,
Kontakt-UUID), nie Inhalte; die Zugriffszeilen (betrieb.anfrage) tragen Pfad ohne Abfrage. Dieselbe
Konfiguration gilt im Celery-Worker und in beat (kundenportal/celery.py, Signal `setup_logging`) und im
gunicorn-Master (conf/gunicorn.py, `logconfig_dict`): auch „Booting worker“, „Worker exiting“ sind JSON-Zeilen."""

from __future__ import annotations

import datetime as dt
import json
import logging
from contextvars import ContextVar
from typing import Any

from .protokollfilter import maskieren

ANFRAGE_KENNUNG: ContextVar[str] = ContextVar("anfrage_kennung", default="-")
_STANDARDFELDER = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime"}


class JsonFormat(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        eintrag: dict[str, Any] = {
            "zeit": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "stufe": record.levelname,
            "logger": record.name,
            "meldung": maskieren(record.getMessage()),
            "anfrage": ANFRAGE_KENNUNG.get(),
        }
        for schluessel, wert in record.__dict__.items():   # extra={...} der Aufrufer
            if schluessel not in _STANDARDFELDER and not schluessel.startswith("_") and schluessel != "request":
                eintrag[schluessel] = wert if isinstance(wert, int | float | bool) or wert is None else maskieren(str(wert))
        if record.exc_info:
            eintrag["fehler"] = maskieren(self.formatException(record.exc_info))
        return json.dumps(eintrag, ensure_ascii=False)


class TextFormat(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return maskieren(f"[{ANFRAGE_KENNUNG.get()}] {super().format(record)}")


def protokoll_konfiguration(format_: str, stufe: str) -> dict[str, Any]:
    """Das LOGGING-dict; `format_` ist `json` oder `text`, `stufe` die Stufe der eigenen Logger."""
    if format_ not in ("json", "text"):
        raise ValueError(f"KUNDENPORTAL_LOG_FORMAT={format_}: erwartet json oder text")
    formatierer = ({"()": "kundenportal.conf.protokoll.JsonFormat"} if format_ == "json" else
                   {"()": "kundenportal.conf.protokoll.TextFormat", "format": "{levelname} {name}: {message}",
                    "style": "{"})
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"kundennummern": {"()": "kundenportal.conf.protokollfilter.KundennummernMaskieren"},
                    "als_warnung": {"()": "kundenportal.conf.protokollfilter.AlsWarnung"},
                    "ohne_traceback_4xx": {"()": "kundenportal.conf.protokollfilter.OhneTracebackBei4xx"},
                    "wiederholungen": {"()": "kundenportal.conf.protokollfilter.Wiederholungen"}},
        "formatters": {"haupt": formatierer},
        "handlers": {"konsole": {"class": "logging.StreamHandler", "formatter": "haupt",
                                 "filters": ["kundennummern"]}},
        "root": {"handlers": ["konsole"], "level": "WARNING"},
        "loggers": {
            "kundenportal": {"level": stufe.upper()},
            "axes": {"level": "WARNING"},
            # 403/404 sind erwartete Antworten (ein Recht fehlt, eine Adresse gibt es nicht): eine Zeile, kein Traceback
            "django.request": {"filters": ["ohne_traceback_4xx", "kundennummern"]},
            "django.security": {"filters": ["kundennummern"]},
            # falscher Host-Kopf: eine Zeile WARNING (Django schreibt ERROR mit Traceback)
            "django.security.DisallowedHost": {"filters": ["kundennummern", "als_warnung"]},
            # Celery-Worker und beat: ihre Zeilen (Aufgabe angenommen, erledigt, gescheitert) gehen durch denselben
            # Handler — JSON und maskiert (kundenportal/celery.py übernimmt diese Konfiguration)
            "celery": {"level": "INFO"},
            # ohne Datenbank versucht der Pool alle 1–2 s neu: dieselbe Zeile einmal je Minute (mit Zahl der weggelassenen)
            "psycopg.pool": {"filters": ["wiederholungen"]},
            "django.server": {"handlers": ["konsole"], "level": "INFO", "propagate": False,
                              "filters": ["kundennummern"]},
            # gunicorn (Master und Arbeiter): seine Zeilen über denselben Handler. gunicorn hängt an diesen Logger einen
            # eigenen Text-Handler und schaltet propagate ab; LOGGING nimmt den Handler weg (ohne "handlers"), darum
            # muss propagate hier ausdrücklich an sein — sonst gingen die Zeilen verloren.
            "gunicorn.error": {"level": "INFO", "propagate": True},
            # Zugriffszeilen schreibt die App selbst (betrieb/anfrage.py: mit Anfragekennung und Benutzer-ID)
            "gunicorn.access": {"level": "WARNING", "propagate": False},
        },
    }


def protokoll_aus_umgebung(entwicklung: bool) -> dict[str, Any]:
    """LOGGING aus KUNDENPORTAL_LOG_FORMAT (Standard: json im Betrieb, text in der Entwicklung) und
    KUNDENPORTAL_LOG_LEVEL — für settings.py und den gunicorn-Master (conf/gunicorn.py), der Django nicht lädt."""
    from .umgebung import env

    return protokoll_konfiguration(env.str("KUNDENPORTAL_LOG_FORMAT", default="text" if entwicklung else "json"),
                                   env.str("KUNDENPORTAL_LOG_LEVEL", default="INFO"))
