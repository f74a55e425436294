"""Keine Kundennummern in Server-Protokollen (Sozialdatenschutz, § 35 SGB I): Django protokolliert bei
4xx/5xx und im Entwicklungsserver den Pfad samt Abfrage. Die eigenen URLs tragen keine Kundennummer
(gespraech.auswahl), ein altes Lesezeichen oder eine getippte Adresse aber schon, etwa `/kunden/955T000001/`.
Dieser Filter ersetzt jede Kundennummer (drei Ziffern, ein Großbuchstabe, sechs Ziffern) vor der Ausgabe.

Eingehängt in LOGGING (settings.py) an den Loggern, die Pfade schreiben: `django.request`,
`django.server`, `django.security`. Ein Logger-Filter ändert den Eintrag selbst; so sehen alle
Handler — auch die der Eltern-Logger — nur die maskierte Fassung."""

from __future__ import annotations

import logging
import re

KUNDENNUMMER = re.compile(r"\d{3}[A-Z]\d{6}")
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
