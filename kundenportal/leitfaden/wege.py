"""Alle Wege durch eine Fassung, vom Start bis zu einem Ende — eingebundene Leitfäden ausgeklappt.

Grundlage der Pfadabdeckung (abdeckung.py) und der Prüfung, ob eine Bedingung nur Werte benutzt, die
auf jedem Weg zu ihr schon erhoben sind (pruefen.py). Schlüssel wie in der Engine: eingebundene
Schritte tragen das Präfix des Einbinden-Schritts."""

from __future__ import annotations

from dataclasses import dataclass

from .gueltigkeit import aufloesen
from .katalog import Fassung, Katalog
from .modell import Einbinden, Rueckkehr, Schritt

MAX_WEGE = 5000
MAX_TIEFE = 5


@dataclass(frozen=True)
class Wegpunkt:
    schluessel: str
    fassung: Fassung
    schritt: Schritt


def wege(katalog: Katalog, fassung: Fassung, praefix: str = "",
         tiefe: int = 0) -> list[tuple[tuple[Wegpunkt, ...], bool]]:
    """Alle Wege: (Wegpunkte, endet_mit_rueckkehr). Eingebundene Leitfäden werden mit der Fassung
    ausgeklappt, die am ersten Gültigkeitstag dieser Fassung gilt."""
    schritte = fassung.schritte
    ziele_je_schritt = fassung.ziele
    ergebnis: list[tuple[tuple[Wegpunkt, ...], bool]] = []

    def gehen(sid: str, bisher: tuple[Wegpunkt, ...], besucht: frozenset[str]) -> None:
        if len(ergebnis) > MAX_WEGE or sid not in schritte or sid in besucht or tiefe > MAX_TIEFE:
            return
        schritt = schritte[sid]
        punkt = Wegpunkt(praefix + sid, fassung, schritt)
        weg = (*bisher, punkt)
        if type(schritt) is Einbinden:
            ziel = aufloesen(katalog, schritt.leitfaden, fassung.gueltig_ab, None)
            if ziel is None:
                return
            for teil, zurueck in wege(katalog, ziel, punkt.schluessel + "/", tiefe + 1):
                if zurueck:
                    for n in ziele_je_schritt[sid]:
                        gehen(n, (*weg, *teil), besucht | {sid})
                else:
                    ergebnis.append(((*weg, *teil), False))
            return
        ziele = ziele_je_schritt[sid]
        if not ziele:
            ergebnis.append((weg, type(schritt) is Rueckkehr))
            return
        for n in ziele:
            gehen(n, weg, besucht | {sid})

    gehen(fassung.daten.start, (), frozenset())
    return ergebnis
