"""STEP: Online-Konto und Sicherheitsstufe (basis < ausweissicht ≤ eid; domain.md A4)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

STUFEN = ("basis", "ausweissicht", "eid")


@dataclass(frozen=True)
class StepKonto:
    kundennummer: str
    sicherheitsstufe: str


class Step(Protocol):
    def konto(self, kundennummer: str) -> StepKonto | None: ...
