"""KIWI: Kindergeld-/Kinderzuschlagsfall, Zugehörigkeit zum öffentlichen Dienst, Haushalt."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class Kind:
    id: str
    vorname: str
    geburtsdatum: dt.date | None
    haushalt: str


@dataclass(frozen=True)
class KiwiFall:
    kundennummer: str
    kindergeldnummer: str
    familienkasse: str
    oeffentlicher_dienst: str = ""
    kinder: list[Kind] = field(default_factory=list)


class Kiwi(Protocol):
    def fall(self, kundennummer: str) -> KiwiFall | None: ...
    def oeffentlicher_dienst_erfassen(self, kundennummer: str, wert: str, durch: str) -> None: ...
    def haushaltszugehoerigkeit_hinterlegen(self, kundennummer: str, kind_id: str, haushalt: str,
                                            durch: str) -> None: ...
