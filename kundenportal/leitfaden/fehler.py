"""Fehlerarten des Kerns. Jede Meldung nennt Datei, Zeile und Feld, damit Redaktion und Entwicklung
sie ohne Traceback finden."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Befund:
    """Ein Fehler in einer Datei: wo (Datei:Zeile, Feld) und was (Meldung mit Abhilfe)."""

    datei: str
    zeile: int
    feld: str
    meldung: str

    def __str__(self) -> str:
        ort = f"{self.datei}:{self.zeile}" if self.zeile else self.datei
        return f"{ort}: {self.feld}: {self.meldung}" if self.feld else f"{ort}: {self.meldung}"


class KatalogFehler(Exception):
    """Der Katalog (Leitfäden, Weisungen, Vokabular) ist fehlerhaft."""

    def __init__(self, befunde: list[Befund]) -> None:
        self.befunde = befunde
        super().__init__("\n".join(str(b) for b in befunde))


class LaufFehler(Exception):
    """Ein Gespräch kann nicht weiterlaufen (z. B. Bedingung ohne Wert, Schleife ohne Frage)."""


class AntwortAbgelehnt(Exception):
    """Eine Antwort liegt außerhalb der Optionen oder verletzt eine Regel der Frage."""

    def __init__(self, fakt: str, grund: str) -> None:
        self.fakt = fakt
        self.grund = grund
        super().__init__(f"{fakt}: {grund}")


class SystemFehler(Exception):
    """Ein Fachverfahren hat einen Auftrag abgelehnt (fehlendes Recht, Termin nicht frei, ...)."""

    def __init__(self, code: str, meldung: str) -> None:
        self.code = code
        self.meldung = meldung
        super().__init__(meldung)
