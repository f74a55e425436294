"""`make bench`: Antwortzeit der Suche (Issue 4: p99 unter 20 ms über den Katalog), mit einem naiven
Vergleich aus demselben Lauf: Teilstring-Suche über dieselben Texte, ohne Index und ohne Stamm."""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from kundenportal.leitfaden.suche import Suchindex, falten, woerter

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
    messungen = []
    for eingabe in eingaben:
        start = time.perf_counter()
        f(eingabe)
        messungen.append((time.perf_counter() - start) * 1000)
    stufen = statistics.quantiles(messungen, n=100, method="inclusive")
    return stufen[49], stufen[98]


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


def main() -> None:
    zeilen = suche_messen()
    breite = max(len(name) for name, _, _ in zeilen)
    print(f"\nSuche (Ziel: p99 unter 20 ms), Datum {DATUM:%d.%m.%Y}")
    print(f"{'Messung'.ljust(breite)}  {'p50 ms':>8}  {'p99 ms':>8}")
    print(f"{'-' * breite}  {'-' * 8}  {'-' * 8}")
    for name, p50, p99 in zeilen:
        print(f"{name.ljust(breite)}  {p50:8.3f}  {p99:8.3f}")


if __name__ == "__main__":
    main()
