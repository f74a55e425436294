"""Postversand: Papieranträge und Schreiben."""

from __future__ import annotations

from typing import Protocol


class Versand(Protocol):
    def papierantrag(self, kundennummer: str, leistung: str, durch: str) -> None: ...
