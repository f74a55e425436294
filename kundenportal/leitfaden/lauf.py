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

    def als_json(self) -> dict[str, Any]:
        return _kodieren({k: getattr(self, k) for k in self.__dataclass_fields__})  # type: ignore[no-any-return]

    @classmethod
    def aus_json(cls, daten: dict[str, Any]) -> Lauf:
        return cls(**_dekodieren(daten))


def _kodieren(wert: Any) -> Any:
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
    if isinstance(wert, dict):
        if set(wert) == {"$zeitpunkt"}:
            return dt.datetime.fromisoformat(wert["$zeitpunkt"])
        if set(wert) == {"$datum"}:
            return dt.date.fromisoformat(wert["$datum"])
        if set(wert) == {"$option"}:
            return Option(_dekodieren(wert["$option"][0]), wert["$option"][1])
        return {k: _dekodieren(v) for k, v in wert.items()}
    if isinstance(wert, list):
        return [_dekodieren(x) for x in wert]
    return wert
