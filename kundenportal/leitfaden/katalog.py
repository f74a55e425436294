"""Der geladene Katalog: Leitfäden mit ihren Fassungen, Weisungen, Vokabular und Standorte."""

from __future__ import annotations

import datetime as dt
import functools
import pickle
from dataclasses import dataclass, field
from typing import Any

from .modell import Einbinden, FassungsDatei, Geltungsbereich, KopfDatei, Schritt, nachfolger
from .standorte import Standorte
from .vokabular import Vokabular


@dataclass(frozen=True)
class Fassung:
    """Eine veröffentlichte Fassung eines Leitfadens (eine Datei, unveränderlich)."""

    leitfaden_id: str
    daten: FassungsDatei
    datei: str
    inhalt_hash: str
    zeilen: dict[str, int]          # Schritt-id → Zeile in der Datei

    def __eq__(self, other: object) -> bool:
        # Derselbe Inhalts-Hash heißt dieselben Daten: gleich, ob gerade geprüft oder aus dem Cache (GemerkteFassung).
        if not isinstance(other, Fassung):
            return NotImplemented
        return (self.leitfaden_id, self.datei, self.inhalt_hash, self.zeilen) == \
            (other.leitfaden_id, other.datei, other.inhalt_hash, other.zeilen)

    def __hash__(self) -> int:
        return hash((self.leitfaden_id, self.datei, self.inhalt_hash))

    @property
    def stand(self) -> dt.date:
        return self.daten.stand

    @property
    def gueltig_ab(self) -> dt.date:
        return self.daten.gueltig_ab

    @property
    def gueltig_bis(self) -> dt.date | None:
        return self.daten.gueltig_bis

    @property
    def weisung(self) -> str:
        return self.daten.weisung

    @functools.cached_property
    def schluessel(self) -> str:
        return f"{self.leitfaden_id}@{self.stand.isoformat()}"

    @property
    def schritte(self) -> dict[str, Schritt]:
        return {s.id: s for s in self.daten.schritte}

    def schritt(self, schritt_id: str) -> Schritt:
        gefunden = self._schritt_index.get(schritt_id)
        if gefunden is None:
            raise KeyError(schritt_id)
        return gefunden

    @functools.cached_property
    def ziele(self) -> dict[str, tuple[str, ...]]:
        """Schritt-id → die Ziele ihrer Ausgänge, ohne Doppel (einmal je Fassung; Wege und Prüfung)."""
        return {sid: tuple(dict.fromkeys(nachfolger(s))) for sid, s in self.schritte.items()}

    @functools.cached_property
    def _schritt_index(self) -> dict[str, Schritt]:
        # Der erste Schritt je id (wie die frühere Suche von vorn); die Prüfung meldet doppelte ids.
        index: dict[str, Schritt] = {}
        for s in self.daten.schritte:
            index.setdefault(s.id, s)
        return index

    def gilt_am(self, datum: dt.date) -> bool:
        return self.gueltig_ab <= datum and (self.gueltig_bis is None or datum <= self.gueltig_bis)

    @property
    def geltungsbereich(self) -> Geltungsbereich | None:
        return self.daten.geltungsbereich

    def gilt_in(self, agentur: str | None, standorte: Standorte) -> bool:
        """Gilt die Fassung an `agentur`? Ohne Geltungsbereich überall; mit nur an seinen Standorten."""
        bereich = self.geltungsbereich
        if bereich is None:
            return True
        return bereich.umfasst(agentur, {n: a.verbund for n, a in standorte.agenturen.items()})

    def einbindungen(self) -> list[Einbinden]:
        return list(self._einbindungen)

    @functools.cached_property
    def _einbindungen(self) -> tuple[Einbinden, ...]:
        # einmal je Fassung (Kontaktbeginn löst sie auf; nicht je Kontakt alle Schritte durchsehen)
        return tuple(s for s in self.daten.schritte if isinstance(s, Einbinden))

    def zeile(self, schritt_id: str) -> int:
        return self.zeilen.get(schritt_id, 1)


# Was eine Fassung ohne ihre Schritte sagt (Gültigkeit, Weisung, Geltungsbereich): genug für Listen und Auswahl.
Eckdaten = tuple[dt.date, dt.date, dt.date | None, str, Geltungsbereich | None]


def eckdaten(daten: FassungsDatei) -> Eckdaten:
    return daten.stand, daten.gueltig_ab, daten.gueltig_bis, daten.weisung, daten.geltungsbereich


class GemerkteFassung(Fassung):
    """Eine Fassung aus dem Cache geprüfter Modelle (gleicher Inhalts-Hash wie beim Prüfen): die Eckdaten
    sofort, die Schritte (`daten`) erst beim ersten Zugriff aus dem Pickle. Sonst wie `Fassung`."""

    def __init__(self, *, leitfaden_id: str, roh: bytes, eck: Eckdaten, datei: str, inhalt_hash: str,
                 zeilen: dict[str, int]) -> None:
        for name, wert in (("leitfaden_id", leitfaden_id), ("datei", datei), ("inhalt_hash", inhalt_hash),
                           ("zeilen", zeilen), ("_roh", roh), ("_eck", eck)):
            object.__setattr__(self, name, wert)

    @property
    def daten(self) -> FassungsDatei:
        geladen: FassungsDatei | None = self.__dict__.get("_daten")
        if geladen is None:
            geladen = pickle.loads(self.__dict__["_roh"])
            self.__dict__["_daten"] = geladen
        return geladen

    @property
    def stand(self) -> dt.date:
        return self.__dict__["_eck"][0]  # type: ignore[no-any-return]

    @property
    def gueltig_ab(self) -> dt.date:
        return self.__dict__["_eck"][1]  # type: ignore[no-any-return]

    @property
    def gueltig_bis(self) -> dt.date | None:
        return self.__dict__["_eck"][2]  # type: ignore[no-any-return]

    @property
    def weisung(self) -> str:
        return self.__dict__["_eck"][3]  # type: ignore[no-any-return]

    @property
    def geltungsbereich(self) -> Geltungsbereich | None:
        return self.__dict__["_eck"][4]  # type: ignore[no-any-return]


@dataclass
class Leitfaden:
    kopf: KopfDatei
    ordner: str
    fassungen: list[Fassung] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.kopf.id

    @property
    def basis_id(self) -> str:
        return self.kopf.variante_von or self.kopf.id

    def fassung(self, stand: dt.date) -> Fassung | None:
        for f in self.fassungen:
            if f.stand == stand:
                return f
        return None


@dataclass(frozen=True)
class Umsetzung:
    leitfaden: str
    schritte: tuple[str, ...]


@dataclass(frozen=True)
class Regel:
    punkt: str
    titel: str
    umsetzung: tuple[Umsetzung, ...]
    zeile: int = 0
    # Warum der Punkt keinen Schritt braucht (etwa eine Meldepflicht); "" = er soll von Schritten umgesetzt werden.
    ohne_schritt: str = ""


@dataclass
class Weisung:
    nummer: str
    titel: str
    datum: dt.date
    gueltig_ab: dt.date
    datei: str
    kopf: dict[str, Any] = field(default_factory=dict)
    regeln: list[Regel] = field(default_factory=list)
    beabsichtigte_luecken: list[str] = field(default_factory=list)   # Leitfaden-ids
    bezug: str = ""
    geschaeftszeichen: str = ""


@dataclass
class Katalog:
    vokabular: Vokabular
    standorte: Standorte
    leitfaeden: dict[str, Leitfaden] = field(default_factory=dict)
    weisungen: dict[str, Weisung] = field(default_factory=dict)
    wurzel: str = ""
    veroeffentlicht: dict[str, str] = field(default_factory=dict)   # Fassungs-Schlüssel → SHA-256

    def varianten(self, basis_id: str) -> list[Leitfaden]:
        """Der Leitfaden `basis_id` und seine Standort-Varianten (Pilot), in Katalogreihenfolge.

        Über einen Index je Basis-id statt eines Durchlaufs durch alle Leitfäden (Kontaktbeginn und
        Anliegenliste bleiben bei 1.000 Leitfäden so schnell wie bei 26). Der Index wird neu gebaut,
        sobald sich `leitfaeden` ändert (anderes Objekt, andere Länge oder ein ersetzter Eintrag)."""
        index = self._varianten_index()
        treffer = index.get(basis_id, [])
        leitfaeden = self.leitfaeden
        for lf in treffer:
            if leitfaeden.get(lf.id) is not lf:
                self.__dict__.pop("_varianten", None)
                treffer = self._varianten_index().get(basis_id, [])
                break
        return list(treffer)

    def _varianten_index(self) -> dict[str, list[Leitfaden]]:
        stand = (id(self.leitfaeden), len(self.leitfaeden))
        gemerkt = self.__dict__.get("_varianten")
        if gemerkt is not None and gemerkt[0] == stand:
            return gemerkt[1]  # type: ignore[no-any-return]
        index: dict[str, list[Leitfaden]] = {}
        for lf in self.leitfaeden.values():
            index.setdefault(lf.basis_id, []).append(lf)
        self.__dict__["_varianten"] = (stand, index)
        return index

    def merkzettel(self, name: str) -> dict[Any, Any]:
        """Ein Zwischenspeicher, der mit diesem Katalog lebt: eine neue Generation bringt einen leeren mit,
        ändert sich `leitfaeden` (anderes Objekt, andere Länge), beginnt er leer. Nur für Ergebnisse, die
        allein vom Katalog und ihrem Schlüssel abhängen (etwa der Fortschritt, gespraech/fortschritt.py).
        Ein ersetzter Leitfaden gleicher id oder eine nachträglich angehängte Fassung bemerkt er nicht: ein
        geladener Katalog ändert sich nicht (neue Generation, Entwurf: `mit_entwurf` — je ein neuer Katalog)."""
        stand = (id(self.leitfaeden), len(self.leitfaeden))
        eintrag = self.__dict__.get(f"_merkzettel_{name}")
        if eintrag is None or eintrag[0] != stand:
            eintrag = self.__dict__[f"_merkzettel_{name}"] = (stand, {})
        return eintrag[1]

    def fassungen(self) -> list[Fassung]:
        return [f for lf in self.leitfaeden.values() for f in lf.fassungen]

    def fassung(self, schluessel: str) -> Fassung:
        leitfaden_id, _, stand = schluessel.rpartition("@")
        gefunden = self.leitfaeden[leitfaden_id].fassung(dt.date.fromisoformat(stand))
        if gefunden is None:
            raise KeyError(schluessel)
        return gefunden
