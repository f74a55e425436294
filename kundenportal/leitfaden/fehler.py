"""Fehlerarten des Kerns. Jede Meldung nennt Datei, Zeile und Feld, damit Redaktion und Entwicklung
sie ohne Traceback finden."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Literal


@dataclass(frozen=True)
class Befunddaten:
    """Was ein Befund meldet, maschinenlesbar (Oberklasse; je Art eine Unterklasse, z. B.
    pruefungen/zeitachse.py: Ueberlappung, Luecke, Verdeckt). Wer einen Befund in eigene Worte fasst (die
    Redaktion), liest diese Daten, nie den Text der Meldung: die Meldung darf sich ändern, die Daten bleiben."""

    art: ClassVar[str] = ""


@dataclass(frozen=True)
class Befund:
    """Ein Fehler in einer Datei: wo (Datei:Zeile, Feld) und was (Meldung mit Abhilfe). `daten` sagt dasselbe
    maschinenlesbar (nur manche Prüfungen setzen es); es zählt nicht zum Vergleich — ein Befund ist, wo er steht und
    was er meldet."""

    datei: str
    zeile: int
    feld: str
    meldung: str
    daten: Befunddaten | None = field(default=None, compare=False)

    @property
    def art(self) -> str:
        """Die Art des Befunds aus seinen Daten (z. B. „ueberlappung“), "" ohne Daten."""
        return self.daten.art if self.daten is not None else ""

    def __str__(self) -> str:
        ort = f"{self.datei}:{self.zeile}" if self.zeile else self.datei
        return f"{ort}: {self.feld}: {self.meldung}" if self.feld else f"{ort}: {self.meldung}"


class KatalogFehler(Exception):
    """Der Katalog (Leitfäden, Weisungen, Vokabular) ist fehlerhaft."""

    def __init__(self, befunde: list[Befund]) -> None:
        self.befunde = befunde
        super().__init__("\n".join(str(b) for b in befunde))


class SitzungFehler(Exception):
    """Oberklasse aller Fehler, die eine `Sitzung` (ein laufendes Gespräch) werfen kann. Die Schalen
    (Seiten, API, E-Mail, eService) unterscheiden nach Klasse, nie nach dem Text der Meldung."""


class LaufFehler(SitzungFehler):
    """Ein Gespräch kann nicht weiterlaufen (z. B. Bedingung ohne Wert, Schleife ohne Frage)."""


class NichtBeantwortet(LaufFehler):
    """Zurückgehen zu einer Frage, die in diesem Gespräch (noch) nicht beantwortet wurde."""


class ZurueckGesperrt(LaufFehler):
    """Zurückgehen über eine ausgeführte Aktion hinweg: eine Absage im ATV ist nicht ungeschehen zu
    machen (docs/adr/0002-engine-geht-den-weg-neu.md)."""


class NichtZuBestaetigen(LaufFehler):
    """Bestätigt wurde, was nicht (mehr) ansteht: keine Aktion wartet auf Bestätigung, oder ihre Werte
    haben sich seit der Anzeige geändert (zweiter Tab, geänderte Antwort)."""


class NichtGueltig(SitzungFehler, LookupError):
    """Für Leitfaden, Datum und Standort gilt keine Fassung."""


class AntwortAbgelehnt(SitzungFehler):
    """Eine Antwort liegt außerhalb der Optionen oder verletzt eine Regel der Frage."""

    def __init__(self, fakt: str, grund: str) -> None:
        self.fakt = fakt
        self.grund = grund
        super().__init__(f"{fakt}: {grund}")


class FrageStehtNichtAn(AntwortAbgelehnt):
    """Die beantwortete Frage steht nicht an (schon beantwortet, etwa in einem zweiten Tab)."""


SystemFehlerArt = Literal["nicht_erreichbar", "termin_nicht_frei", "recht_fehlt", "nicht_gefunden", "abgelehnt",
                          "kunde_fehlt"]


class SystemFehler(SitzungFehler):
    """Ein Fachverfahren hat einen Auftrag abgelehnt (fehlendes Recht, Termin nicht frei, ...).
    `code` sagt, welche Art (SystemFehlerArt); bis dahin Ausgeführtes bleibt ausgeführt."""

    def __init__(self, code: SystemFehlerArt, meldung: str) -> None:
        self.code: SystemFehlerArt = code
        self.meldung = meldung
        super().__init__(meldung)
