"""Fehler der Gesprächsdienste: eine klare deutsche Meldung und ein stabiler Code (für Seite und API)."""

from __future__ import annotations


class GespraechFehler(Exception):
    """`code` ist stabil (API), `meldung` ist für Beschäftigte geschrieben."""

    def __init__(self, code: str, meldung: str) -> None:
        self.code = code
        self.meldung = meldung
        super().__init__(meldung)


class KeinZugriff(GespraechFehler):
    def __init__(self, meldung: str) -> None:
        super().__init__("kein_zugriff", meldung)
