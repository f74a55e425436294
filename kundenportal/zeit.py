"""Die eine Uhr des Portals (docs/adr/0004-wurzel-der-verdrahtung.md).

`heute()` / `jetzt()`: die fachliche Zeit — heute, oder der Stichtag aus KUNDENPORTAL_STICHTAG (Schulung
und Demo) mit der aktuellen Uhrzeit. Gültigkeit, Termine, Abschluss, Kennzahlen und QS rechnen damit.
`echt()`: die Wanduhr, nur für Sicherheitsfristen, die auch in der Schulung echt ablaufen müssen
(Anmeldesperre, Ablauf einer Kundenauswahl). Sonst liest niemand `datetime.now()` oder `timezone.now()`."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings

BERLIN = ZoneInfo("Europe/Berlin")
# Welche Tage ein Mensch sinnvoll eingibt (Zeiträume der Führung, Monate der QS): alles andere ist ein Tippfehler
# und gibt eine Feldmeldung statt eines Überlaufs im Datum.
FRUEHESTENS, SPAETESTENS = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


def heute() -> dt.date:
    if settings.KUNDENPORTAL_STICHTAG:
        return dt.date.fromisoformat(settings.KUNDENPORTAL_STICHTAG)
    return dt.datetime.now(BERLIN).date()


def jetzt() -> dt.datetime:
    """Jetzt in Europe/Berlin; mit Stichtag dessen Datum mit der aktuellen Uhrzeit."""
    echt = dt.datetime.now(BERLIN)
    return dt.datetime.combine(heute(), echt.time(), BERLIN)


def echt() -> dt.datetime:
    """Die echte Uhrzeit (UTC), unabhängig vom Stichtag — nur für Sicherheitsfristen."""
    return dt.datetime.now(dt.UTC)
