"""Antwortzeit der Suche über content/ (p99 unter 20 ms), mit einem naiven Vergleich aus demselben Lauf:
Teilstring-Suche über dieselben Texte, ohne Index und ohne Stamm. Die Anfragen (`anfragen`) nutzt auch
bench/katalog.py für die Suche über 26 bis 1.000 Leitfäden."""

from __future__ import annotations

import datetime as dt
import os
import random
import time
from collections.abc import Callable
from pathlib import Path

from kundenportal.leitfaden.suche import Suchindex, falten, woerter
from kundenportal.messtabelle import perzentile, tabelle

CONTENT = Path(os.environ.get("KUNDENPORTAL_CONTENT", Path(__file__).resolve().parent.parent / "content"))
DATUM = dt.date(2020, 4, 14)
FESTE_ANFRAGEN = ("Termin absagen", "Absage", "Insolvenz", "Insolvenzgeld online", "Kindergeld", "Aenderung",
                  "Rente Abmeldung", "Betriebsnummer", "Arbeitsunfähigkeit", "Termin versch", "Kinderzuschlag Video",
                  "öffentlicher Dienst", "Identität", "3.003", "Grüße")


def anfragen(index: Suchindex, anzahl: int = 1000, saat: int = 4) -> list[str]:
    """`anzahl` Anfragen: feste Anliegen und Wörter aus den Texten selbst, teils halb getippt."""
    zufall = random.Random(saat)
    vorrat = sorted({w for _, texte in index.texte() for text in texte.values() for w in woerter(text)})
    ergebnis = list(FESTE_ANFRAGEN)
    while len(ergebnis) < anzahl and vorrat:
        teile = [zufall.choice(vorrat) for _ in range(zufall.choice((1, 1, 2, 3)))]
        if zufall.random() < 0.3:       # beim Tippen: letztes Wort halb
            teile[-1] = teile[-1][: max(3, len(teile[-1]) // 2)]
        ergebnis.append(" ".join(teile))
    return ergebnis[:anzahl]


class Teilstringsuche:
    """Der naive Vergleich: jedes Suchwort als Teilstring im kleingeschriebenen Gesamttext."""

    def __init__(self, index: Suchindex) -> None:
        self._texte = [(lid, falten(" ".join(texte.values()))) for lid, texte in index.texte()]

    def suchen(self, anfrage: str) -> list[str]:
        teile = [falten(w) for w in anfrage.split()]
        return [lid for lid, text in self._texte if all(t in text for t in teile)]


def _perzentile(f: Callable[[str], object], eingaben: list[str]) -> tuple[float, float]:
    """(p50, p99) der CPU-Zeit je Eingabe, in ms."""
    messungen = []
    for eingabe in eingaben:
        start = time.process_time()
        f(eingabe)
        messungen.append((time.process_time() - start) * 1000)
    return perzentile(messungen)


def suche_messen(anzahl: int = 1000) -> list[tuple[str, float, float]]:
    """(Messung, p50 ms, p99 ms): Suche über den Index, der naive Vergleich, und der Indexaufbau."""
    from kundenportal.leitfaden.laden import katalog_laden

    katalog = katalog_laden(CONTENT)
    index = Suchindex.aufbauen(katalog, DATUM, None)
    eingaben = anfragen(index, anzahl)
    for eingabe in eingaben[:50]:       # warm (Stamm-Cache), wie im laufenden Server
        index.suchen(eingabe)
    naiv = Teilstringsuche(index)
    aufbau = _perzentile(lambda _: Suchindex.aufbauen(katalog, DATUM, None), [""] * 50)
    return [
        (f"Suchindex: {anzahl} Anfragen über {len(index)} Leitfäden", *_perzentile(index.suchen, eingaben)),
        ("Vergleich: Teilstring-Scan derselben Texte", *_perzentile(naiv.suchen, eingaben)),
        ("Index aufbauen (einmal je Datum und Standort)", *aufbau),
    ]


def main(anzahl: int = 1000) -> None:
    zeilen = suche_messen(anzahl)
    tabelle(f"Suche über content/ (Ziel: p99 unter 20 ms), Datum {DATUM:%d.%m.%Y}, CPU-Zeit",
            ["Messung", "p50 ms", "p99 ms"], [[name, f"{p50:.3f}", f"{p99:.3f}"] for name, p50, p99 in zeilen])


if __name__ == "__main__":
    main()
