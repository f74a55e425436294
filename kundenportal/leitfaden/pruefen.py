"""Statische Prüfung des Katalogs: jeder Befund mit Datei:Zeile, Feld und Abhilfe.

Geprüft werden unbekannte Fakten, Aktionen, Systeme, Abfragen und Ergebnisse; Typfehler in
Bedingungen; unerreichbare Schritte; Wege, die ohne Ergebnis enden; Schleifen; Optionen ohne Ausgang;
Einbindungen, die nicht an denselben Tagen gelten; überlappende Gültigkeit und unbeabsichtigte
Lücken zwischen Fassungen; Colibri-Vorgänge, für die das Kundenportal kein Recht hat.

Die Prüfungen selbst stehen je Gegenstand in `pruefungen/` und tragen sich dort ein; hier läuft jede über
jeden Leitfaden und jede Fassung, dazu die Regeln der Weisungen."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

from .engine import umgebung
from .fehler import Befund
from .katalog import Katalog
from .pruefungen.lauf import _LAUF, _Lauf
from .pruefungen.registrierung import (
    FASSUNGS_PRUEFUNGEN,
    LEITFADEN_PRUEFUNGEN,
    FassungsPruefung,
    LeitfadenPruefung,
    fassungspruefung,
    leitfadenpruefung,
)

__all__ = ["FASSUNGS_PRUEFUNGEN", "LEITFADEN_PRUEFUNGEN", "FassungsPruefung", "LeitfadenPruefung",
           "fassungspruefung", "katalog_pruefen", "leitfadenpruefung"]


def _regeln(katalog: Katalog) -> Iterator[Befund]:
    for w in katalog.weisungen.values():
        for r in w.regeln:
            for u in r.umsetzung:
                lf = katalog.leitfaeden.get(u.leitfaden)
                if lf is None:
                    yield Befund(w.datei, r.zeile, f"regeln.{r.punkt}", f"unbekannter Leitfaden {u.leitfaden}")
                    continue
                schritte = {s.id for f in lf.fassungen if f.weisung == w.nummer for s in f.daten.schritte}
                for sid in u.schritte:
                    if sid not in schritte:
                        yield Befund(w.datei, r.zeile, f"regeln.{r.punkt}",
                                     f"{u.leitfaden} hat in Fassungen der Weisung {w.nummer} keinen Schritt {sid}")


@contextlib.contextmanager
def _ohne_zyklische_bereinigung() -> Iterator[None]:
    """Die zyklische Speicherbereinigung ruht, solange die Prüfung läuft, und läuft danach wie vorher weiter.

    Die Prüfung legt sehr viele langlebige Objekte an (die Schritte jeder Fassung, beim ersten Zugriff aus dem
    Katalog-Cache entpickelt) und kaum Kreise; die Bereinigung durchsuchte dabei immer wieder den ganzen,
    wachsenden Bestand — bei 1.000 Leitfäden nach dem Laden über die Hälfte der Prüfzeit. Was die Prüfung an
    Kreisen hinterlässt, räumt die nächste Bereinigung danach ab. War sie schon aus, bleibt sie aus. Was die
    Prüfung angelegt hat und noch lebt, kommt danach gleich in die älteste Generation (gc.freeze/unfreeze)."""
    war_an = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if war_an:
            if gc.get_freeze_count() == 0:
                # Was die Prüfung angelegt hat und noch lebt (die entpickelten Schritte), gleich in die älteste
                # Generation: sonst durchsucht die erste Bereinigung nach gc.enable() alles auf einmal (bei 1.000
                # Leitfäden 25 ms). Hat der Prozess selbst Objekte eingefroren, bleibt es bei ihm.
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def katalog_pruefen(katalog: Katalog) -> list[Befund]:
    befunde: list[Befund] = []
    lauf = _LAUF.set(_Lauf(katalog, umgebung(katalog)))
    try:
        with _ohne_zyklische_bereinigung():
            for lf in katalog.leitfaeden.values():
                for pruefung in LEITFADEN_PRUEFUNGEN:
                    befunde.extend(pruefung(katalog, lf))
                for f in lf.fassungen:
                    for fpruefung in FASSUNGS_PRUEFUNGEN:
                        befunde.extend(fpruefung(katalog, f))
            befunde.extend(_regeln(katalog))
    finally:
        _LAUF.reset(lauf)
    return sorted(befunde, key=lambda b: (b.datei, b.zeile, b.feld))
