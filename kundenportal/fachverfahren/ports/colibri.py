"""Colibri: Arbeitslosengeld-Fall. Jeder Vorgang nennt das Recht, das er braucht (domain.md A6); das
Kundenportal hat nur `kleines_anordnen`, alles andere wird als Aufgabe an OS AlgPlus abgegeben."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

RECHTE: dict[str, str] = {
    "au_erfassen": "kleines_anordnen",
    "leistung_aufheben": "grosses_anordnen",
}


class RechtFehlt(Exception):
    """Der Vorgang braucht ein Colibri-Recht, das das Kundenportal nicht hat."""


class Colibri(Protocol):
    def alg_bezug(self, kundennummer: str) -> bool: ...
    def au_erfassen(self, kundennummer: str, au_beginn: dt.date, au_ende: dt.date, durch: str) -> None: ...
    def leistung_aufheben(self, kundennummer: str, grund: str, ab: dt.date, durch: str) -> None: ...

# Die Rechte des Kundenportals in Colibri (domain.md A6). Die Referenz liest settings.COLIBRI_RECHTE.
KUNDENPORTAL_RECHTE: tuple[str, ...] = ("kleines_anordnen",)
