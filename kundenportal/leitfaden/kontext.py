"""Der Kontext eines Kontakts: wann, wo, über welchen Kanal, für wen, durch wen."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .standorte import Standorte


@dataclass(frozen=True)
class Kontext:
    datum: dt.date
    jetzt: dt.datetime                 # zeitzonenbewusst; "jetzt" wird übergeben, nie gelesen
    kanal: str
    standort: str | None
    kundennummer: str | None
    benutzer: str
    kontakt: str
    standorte: Standorte

    def werte(self) -> dict[str, object]:
        return {"datum": self.datum, "standort": self.standort or "", "kanal": self.kanal}
