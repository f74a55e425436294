"""Ziele festhalten (die Tabellen druckt kundenportal.messtabelle): jede Messung, die ein Ziel hat, sagt "Ziel erfüllt" oder
"nicht erfüllt"; am Ende steht eine Übersicht aller Ziele des Laufs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kundenportal.messtabelle import last, median_zeit, perzentile, tabelle

__all__ = ["ERFUELLT", "NICHT_ERFUELLT", "ZIELE", "Ziel", "last", "median_zeit", "ms", "perzentile", "rate", "tabelle",
           "uebersicht", "ziel"]

ERFUELLT = "Ziel erfüllt"
NICHT_ERFUELLT = "nicht erfüllt"


@dataclass(frozen=True)
class Ziel:
    bereich: str
    was: str
    soll: str
    ist: str
    erfuellt: bool


ZIELE: list[Ziel] = []


def ziel(bereich: str, was: str, soll: str, ist: str, erfuellt: bool) -> str:
    """Merkt das Ziel für die Übersicht und gibt den Text für die Zielspalte zurück."""
    ZIELE.append(Ziel(bereich, was, soll, ist, erfuellt))
    return ERFUELLT if erfuellt else NICHT_ERFUELLT


def uebersicht(ausgabe: Callable[[str], None] = print) -> None:
    tabelle("Ziele (Issue 15), alle Verhältnisse aus diesem Lauf", ["Bereich", "Ziel", "Soll", "Ist", "Ziel"],
            [[z.bereich, z.was, z.soll, z.ist, ERFUELLT if z.erfuellt else NICHT_ERFUELLT] for z in ZIELE], ausgabe)
    erfuellt = sum(z.erfuellt for z in ZIELE)
    ausgabe(f"{erfuellt} von {len(ZIELE)} Zielen erfüllt.")


def ms(sekunden: float) -> str:
    return f"{sekunden * 1000:.2f}"


def rate(anzahl: float, sekunden: float) -> str:
    return f"{anzahl / sekunden:,.0f}" if sekunden else "–"
