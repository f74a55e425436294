"""Keine Kundennummern in Server-Protokollen (Sozialdatenschutz, § 35 SGB I): Django protokolliert bei
4xx/5xx und im Entwicklungsserver den Pfad samt Abfrage. Die eigenen URLs tragen keine Kundennummer
(gespraech.auswahl), ein altes Lesezeichen oder eine getippte Adresse aber schon, etwa `/kunden/955T000001/`.
Dieser Filter ersetzt jede Kundennummer vor der Ausgabe — in jeder Form, die das Portal annimmt
(gespraech.kundensuche: Groß- oder Kleinbuchstabe, mit Leerzeichen, Punkt, Bindestrich oder Schrägstrich
zwischen den Teilen, auch URL-kodiert): `955T000001`, `955t000001`, `955 T 000001`, `955T 000 001`,
`955%20T000001`. Eine Kundennummer steht für sich: mitten in einer längeren Buchstaben-Ziffern-Folge (etwa
einer UUID oder Anfragekennung) wird nur die kanonische Form (Großbuchstabe, ohne Trenner) ersetzt.

Eingehängt in LOGGING (conf/protokoll.py) am Handler `konsole` (jede Zeile jedes Prozesses, auch des
Celery-Workers) und an den Loggern, die Pfade schreiben: `django.request`, `django.server`,
`django.security`. Ein Logger-Filter ändert den Eintrag selbst; so sehen alle Handler — auch die der
Eltern-Logger — nur die maskierte Fassung."""

from __future__ import annotations

import logging
import re
import threading
import time

_TRENNER = r"(?:[ .\-/+]|%20|%2[dDfF])?"       # Leerzeichen, Punkt, Bindestrich, Schrägstrich, auch URL-kodiert
KUNDENNUMMER = re.compile(
    r"\d{3}[A-Z]\d{6}"                                   # die kanonische Form: überall (wie bisher)
    r"|(?:(?<![0-9A-Za-z])|(?<=%[0-9A-Fa-f]{2}))"       # jede andere Form: steht für sich
    rf"\d{{3}}{_TRENNER}[A-Za-z]{_TRENNER}\d{{3}}{_TRENNER}\d{{3}}"
    r"(?![0-9A-Za-z])")
ERSATZ = "<Kundennummer>"


def maskieren(text: str) -> str:
    return KUNDENNUMMER.sub(ERSATZ, text)


class KundennummernMaskieren(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = maskieren(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = maskieren(record.exc_text)
        if record.stack_info:
            record.stack_info = maskieren(record.stack_info)
        return True


class AlsWarnung(logging.Filter):
    """Für `django.security.DisallowedHost`: ein falscher Host-Kopf (Scanner, falsch eingetragener Proxy) ist
    kein Fehler der Anwendung — eine Zeile WARNING ohne Traceback statt ERROR mit Traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno > logging.WARNING:
            record.levelno, record.levelname = logging.WARNING, logging.getLevelName(logging.WARNING)
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        return True


class OhneTracebackBei4xx(logging.Filter):
    """Für `django.request`: Bei einer Antwort unter 500 (403 fehlendes Recht, 404) hängt Django die Ausnahme an
    die Zeile („Forbidden (Permission denied)“ mit Traceback). Das ist kein Fehler der Anwendung: eine Zeile ohne
    Traceback. Ab 500 bleibt er — den braucht, wer nachts nach der Ursache sucht."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and status < 500:
            record.exc_info, record.exc_text = None, None
        return True


class Wiederholungen(logging.Filter):
    """Für `psycopg.pool`: fehlt die Datenbank, versucht der Pool alle 1–2 s neu und schreibt jedes Mal „error
    connecting …“ — nachts eine Wand gleicher Zeilen über dem, was zählt. Dieselbe Meldung (Vorlage und Stufe) geht
    einmal je `sekunden` durch; die nächste danach sagt, wie viele gleiche dazwischen wegfielen. Den Zustand der
    Datenbank melden `/readyz` und `/metrics` ohnehin beim Wechsel."""

    def __init__(self, sekunden: float = 60.0) -> None:
        super().__init__()
        self.sekunden = sekunden
        self._zuletzt: dict[tuple[str, int], tuple[float, int]] = {}    # (Vorlage, Stufe) → (durchgelassen, weg)
        self._sperre = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        schluessel, jetzt = (str(record.msg), record.levelno), time.monotonic()
        with self._sperre:
            durch, weg = self._zuletzt.get(schluessel, (float("-inf"), 0))
            if jetzt - durch < self.sekunden:
                self._zuletzt[schluessel] = (durch, weg + 1)
                return False
            self._zuletzt[schluessel] = (jetzt, 0)
        if weg:
            record.msg = f"{record.getMessage()} ({weg} gleiche Meldungen in den {self.sekunden:g} s davor weggelassen)"
            record.args = None
        return True
