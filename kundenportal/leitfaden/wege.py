"""Alle Wege durch eine Fassung, vom Start bis zu einem Ende — eingebundene Leitfäden ausgeklappt.

Grundlage der Pfadabdeckung (abdeckung.py) und der Prüfung, ob eine Bedingung nur Werte benutzt, die
auf jedem Weg zu ihr schon erhoben sind (pruefungen/datenfluss.py). Schlüssel wie in der Engine: eingebundene
Schritte tragen das Präfix des Einbinden-Schritts."""

from __future__ import annotations

from dataclasses import dataclass

from .gueltigkeit import aufloesen
from .katalog import Fassung, Katalog
from .modell import Einbinden, Rueckkehr, Schritt

MAX_WEGE = 5000
MAX_TIEFE = 5
# Höchstzahl der Schritte der Tiefensuche über alle Ebenen eines Aufrufs. MAX_WEGE begrenzt nur die fertigen
# Wege der obersten Ebene: ein Baustein, der sich (über MAX_TIEFE Ebenen) selbst einbindet und dessen Wege nach
# der Rückkehr selten ein Ende erreichen, ließ die Suche sonst exponentiell wachsen (im vollen Testlauf einmal
# über zehn Minuten in einem hypothesis-Beispiel). Die Leitfäden in content/ brauchen weit weniger.
MAX_SCHRITTE = 200_000


@dataclass(frozen=True)
class Wegpunkt:
    schluessel: str
    fassung: Fassung
    schritt: Schritt


class _Budget:
    """Die restlichen Schritte der Tiefensuche, geteilt über alle Ebenen eines Aufrufs von `wege`."""

    __slots__ = ("rest",)

    def __init__(self, rest: int) -> None:
        self.rest = rest


def wege(katalog: Katalog, fassung: Fassung, praefix: str = "", tiefe: int = 0,
         budget: _Budget | None = None) -> list[tuple[tuple[Wegpunkt, ...], bool]]:
    """Alle Wege: (Wegpunkte, endet_mit_rueckkehr). Eingebundene Leitfäden werden mit der Fassung
    ausgeklappt, die am ersten Gültigkeitstag dieser Fassung gilt. Höchstens MAX_WEGE Wege und MAX_SCHRITTE
    Schritte der Suche: darüber hinaus bleibt die Aufzählung unvollständig (wie die Pfadabdeckung, die sie zählt)."""
    ergebnis: list[tuple[tuple[Wegpunkt, ...], bool]] = []
    _gehen(katalog, fassung, fassung.schritte, praefix, tiefe, ergebnis, fassung.daten.start, (), frozenset(),
           budget or _Budget(MAX_SCHRITTE))
    return ergebnis


def _gehen(katalog: Katalog, fassung: Fassung, schritte: dict[str, Schritt], praefix: str, tiefe: int,
           ergebnis: list[tuple[tuple[Wegpunkt, ...], bool]],
           sid: str, bisher: tuple[Wegpunkt, ...], besucht: frozenset[str], budget: _Budget) -> None:
    """Ein Schritt der Tiefensuche von `wege`. Eine Funktion auf Modulebene statt einer verschachtelten: die
    hielte sich über ihre Zelle selbst (ein Kreis), und jeder Weg bliebe bis zur nächsten zyklischen
    Speicherbereinigung liegen — bei 1.000 Leitfäden über 100.000 Objekte je Prüfung."""
    if len(ergebnis) > MAX_WEGE or sid not in schritte or sid in besucht or tiefe > MAX_TIEFE or budget.rest <= 0:
        return
    budget.rest -= 1
    schritt = schritte[sid]
    punkt = Wegpunkt(praefix + sid, fassung, schritt)
    weg = (*bisher, punkt)
    if type(schritt) is Einbinden:
        ziel = aufloesen(katalog, schritt.leitfaden, fassung.gueltig_ab, None)
        if ziel is None:
            return
        for teil, zurueck in wege(katalog, ziel, punkt.schluessel + "/", tiefe + 1, budget):
            if zurueck:
                for n in fassung.ziele[sid]:
                    _gehen(katalog, fassung, schritte, praefix, tiefe, ergebnis, n, (*weg, *teil), besucht | {sid},
                           budget)
            else:
                ergebnis.append(((*weg, *teil), False))
        return
    ziele = fassung.ziele[sid]
    if not ziele:
        ergebnis.append((weg, type(schritt) is Rueckkehr))
        return
    for n in ziele:
        _gehen(katalog, fassung, schritte, praefix, tiefe, ergebnis, n, weg, besucht | {sid}, budget)
