"""Telefonie: Weiterleiten in ein Wartefeld (mit IVR) oder direkt verbinden."""

from __future__ import annotations

from typing import Protocol

ZIELE = {
    "bns_wartefeld": "Wartefeld Betriebsnummern-Service (IVR mit Hinweis auf BNO)",
    "bns": "Betriebsnummern-Service (Mitarbeiter direkt)",
}


class Telefonie(Protocol):
    def weiterleiten(self, ziel: str, kontakt: str, durch: str) -> None: ...
    def verbinden(self, ziel: str, kontakt: str, durch: str) -> None: ...
