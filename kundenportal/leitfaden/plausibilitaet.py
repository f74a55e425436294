"""Plausible Daten: ein Datum (oder Zeitpunkt) als Antwort wird gegen das Kontaktdatum geprüft, wenn
sein Fakt es verlangt (content/fakten.yaml, Abschnitt `plausibilitaet`: `vor_monaten` / `nach_monaten`).

Ein Rentenbeginn im Jahr 2020 in einem Kontakt von 2026 ist ein Tippfehler, keine Auskunft; vor einer
Abmeldung in VerBIS soll ihn das Gespräch ablehnen, mit einer Meldung, die den erlaubten Zeitraum nennt."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from .vokabular import BERLIN, Fakt


def monate_verschieben(tag: dt.date, monate: int) -> dt.date:
    """`tag` um `monate` Kalendermonate verschoben (am Monatsende auf den letzten Tag gekürzt)."""
    index = tag.year * 12 + tag.month - 1 + monate
    jahr, monat = divmod(index, 12)
    return tag.replace(year=jahr, month=monat + 1, day=min(tag.day, calendar.monthrange(jahr, monat + 1)[1]))


def unplausibel(fakt: Fakt, wert: Any, kontaktdatum: dt.date) -> str | None:
    """Der Grund, warum `wert` für `fakt` am `kontaktdatum` nicht plausibel ist, sonst None."""
    zeitraum = fakt.plausibel
    if zeitraum is None or not isinstance(wert, dt.date):
        return None
    tag = wert.astimezone(BERLIN).date() if isinstance(wert, dt.datetime) else wert
    von = monate_verschieben(kontaktdatum, -zeitraum.vor_monaten)
    bis = monate_verschieben(kontaktdatum, zeitraum.nach_monaten)
    if von <= tag <= bis:
        return None
    richtung = "vor" if tag < von else "nach"
    return (f"{tag:%d.%m.%Y} liegt zu weit {richtung} dem Kontaktdatum {kontaktdatum:%d.%m.%Y}. "
            f"Plausibel ist ein Datum vom {von:%d.%m.%Y} bis {bis:%d.%m.%Y} "
            f"({_monate(zeitraum.vor_monaten)} davor bis {_monate(zeitraum.nach_monaten)} danach). "
            "Bitte das Datum mit der Kundin oder dem Kunden prüfen.")


def _monate(n: int) -> str:
    return f"{n} Monat" if n == 1 else f"{n} Monate"
