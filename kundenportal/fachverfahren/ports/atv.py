"""ATV: Terminverwaltung. Absagen setzt den Status `abgesagt` und löscht nie (Weisung 2.2 a) 2)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Termin:
    id: str
    kundennummer: str
    bereich: str
    beginn: dt.datetime
    agentur: str
    kalender: str
    status: str = "geplant"
    absagegrund: str = ""
    abgesagt_von: str = ""
    abgesagt_am: dt.datetime | None = None
    nachfolger: str = ""       # verschoben: der neue Termin
    vorgaenger: str = ""       # der verschobene Termin, den dieser ersetzt


BEREICHE = ("av", "reha_beratung", "reha_vermittlung", "bb_vor_erwerbsleben", "bb_im_erwerbsleben",
            "weiterbildungsberatung")   # nur an Pilotstandorten bis zum BBiE-Start (Weisung 2.1)
"""Die Teams mit eigenem Agenturkalender (Weisung 2.2 a) 2: einheitliche Absage für alle fünf)."""


class TerminNichtFrei(Exception):
    """Der gewünschte Termin ist (nicht mehr) frei."""


class TerminNichtGeplant(ValueError):
    """Absagen, Verschieben oder Nichterscheinen geht nur bei einem geplanten Termin."""


class Atv(Protocol):
    def termine(self, kundennummer: str) -> list[Termin]: ...
    def termin(self, termin_id: str) -> Termin | None: ...
    def freie_termine(self, kalender: str, ab: dt.datetime, anzahl: int = 10) -> list[dt.datetime]: ...
    def ist_frei(self, kalender: str, beginn: dt.datetime) -> bool: ...
    def termin_buchen(self, kundennummer: str, bereich: str, agentur: str, beginn: dt.datetime,
                      kalender: str, durch: str) -> Termin: ...
    def termin_absagen(self, termin_id: str, grund: str, durch: str) -> Termin: ...
    def termin_verschieben(self, termin_id: str, beginn: dt.datetime, durch: str) -> Termin: ...
    def termin_nicht_erschienen(self, termin_id: str, durch: str) -> Termin: ...


def kalender_fuer(agentur: str, bereich: str) -> str:
    """Name des Agenturkalenders eines Teams (z. B. `Fürth/bb_im_erwerbsleben`)."""
    return f"{agentur}/{bereich}"
