"""Der Zustand eines Gesprächs, als Daten: gepinnte Fassung, Antworten, erledigte Aufträge.

Das Gespräch bleibt auf der Fassung, mit der es begann, auch wenn während des Anrufs eine neuere
gültig wird (docs/hausstil.md, Gewohnheit 6; docs/adr/0002-engine-geht-den-weg-neu.md). Der Zustand ist JSON-fähig (`als_json` / `aus_json`), damit die
Oberfläche ihn nach jedem Schritt speichern und nach einem Neustart fortsetzen kann."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .auftraege import Option


@dataclass
class Lauf:
    fassung: str                                   # Schlüssel "SC 3.003@2020-03-20"
    eingebunden: dict[str, str]                    # eingebundener Leitfaden → gepinnte Fassung
    datum: dt.date
    jetzt: dt.datetime
    kanal: str
    standort: str | None
    kundennummer: str | None
    antworten: dict[str, Any] = field(default_factory=dict)
    auftraege: dict[str, Any] = field(default_factory=dict)   # Schlüssel → Ergebnis (Abfrage, Aktion)
    protokoll: list[str] = field(default_factory=list)       # "antwort:<fakt>" | "auftrag:<schlüssel>"
    ergebnis: str | None = None
    # Die letzte Ablehnung eines Auftrags durch ein Fachverfahren ({"code", "meldung"}, SystemFehler), bis ein
    # Schritt gelingt: die Seite sagt nach dem Neuladen noch, warum der Auftrag wartet — „nicht gefunden“ ist keine
    # Störung, die ein erneuter Versuch behebt.
    stoerung: dict[str, str] | None = None

    def als_json(self) -> dict[str, Any]:
        daten = {}
        for k in _FELDER:                # wie _kodieren ein dict: schlichte Werte ohne Aufruf
            wert = getattr(self, k)
            daten[k] = wert if type(wert) in _SCHLICHT else _kodieren(wert)
        return daten

    @classmethod
    def aus_json(cls, daten: dict[str, Any]) -> Lauf:
        return cls(**_dekodieren(daten))


_FELDER = tuple(Lauf.__dataclass_fields__)
# Was JSON unverändert trägt. Diese Werte (fast alle im Lauf) gehen ohne Aufruf und ohne isinstance-Kette
# durch — nach dem genauen Typ, Unterklassen (etwa ein StrEnum) nehmen den allgemeinen Weg wie bisher.
# dicts als Schleife statt Comprehension: in Python 3.11 ist jede Comprehension ein eigener Funktionsaufruf.
_SCHLICHT = frozenset({str, int, float, bool, type(None)})


def _kodieren(wert: Any) -> Any:
    typ = type(wert)
    if typ in _SCHLICHT:
        return wert
    if typ is dict:
        neu = {}
        for k, v in wert.items():
            neu[k if type(k) is str else str(k)] = v if type(v) in _SCHLICHT else _kodieren(v)
        return neu
    if typ is list:
        return [x if type(x) in _SCHLICHT else _kodieren(x) for x in wert]
    if isinstance(wert, dt.datetime):
        return {"$zeitpunkt": wert.isoformat()}
    if isinstance(wert, dt.date):
        return {"$datum": wert.isoformat()}
    if isinstance(wert, Option):
        return {"$option": [_kodieren(wert.wert), wert.label]}
    if isinstance(wert, dict):
        return {str(k): _kodieren(v) for k, v in wert.items()}
    if isinstance(wert, list | tuple):
        return [_kodieren(x) for x in wert]
    return wert


def _dekodieren(wert: Any) -> Any:
    if type(wert) in _SCHLICHT:
        return wert
    if isinstance(wert, dict):
        if len(wert) == 1:               # eine Marke ist der einzige Schlüssel ihres Objekts
            if "$zeitpunkt" in wert:
                return dt.datetime.fromisoformat(wert["$zeitpunkt"])
            if "$datum" in wert:
                return dt.date.fromisoformat(wert["$datum"])
            if "$option" in wert:
                return Option(_dekodieren(wert["$option"][0]), wert["$option"][1])
        neu = {}
        for k, v in wert.items():
            neu[k] = v if type(v) in _SCHLICHT else _dekodieren(v)
        return neu
    if isinstance(wert, list):
        return [x if type(x) in _SCHLICHT else _dekodieren(x) for x in wert]
    return wert
