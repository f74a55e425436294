"""Zeitpunkte der Fachverfahren: die Ortszeit Europe/Berlin und das Lesen eines Zeitpunkts — ohne Django.

Termine, Ausgangslagen der Szenarien und das Vokabular (Grundtyp `zeitpunkt`, leitfaden.vokabular) lesen und
zeigen Zeitpunkte gleich: ohne Zeitzone gemeint ist die Ortszeit, gerechnet wird zeitzonenbewusst
(docs/hausstil.md, Gewohnheit 6)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")


def zeitpunkt_lesen(wert: Any) -> dt.datetime:
    """`2020-04-02T09:00` (Ortszeit Europe/Berlin) oder ein datetime → zeitzonenbewusst."""
    if isinstance(wert, dt.datetime):
        zeitpunkt = wert
    elif isinstance(wert, dt.date):
        raise ValueError(f"erwartet einen Zeitpunkt (JJJJ-MM-TTTHH:MM), nicht das Datum {wert}")
    else:
        try:
            zeitpunkt = dt.datetime.fromisoformat(str(wert).strip())
        except ValueError:
            raise ValueError(f"erwartet einen Zeitpunkt (JJJJ-MM-TTTHH:MM), nicht {wert!r}") from None
    if zeitpunkt.tzinfo is None:
        zeitpunkt = zeitpunkt.replace(tzinfo=BERLIN)
    return zeitpunkt.astimezone(BERLIN)
