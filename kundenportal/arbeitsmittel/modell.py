"""Die Arbeitsmittel als Werte: eine Datei `content/arbeitsmittel/<art>/<ordner>/<stand>.yaml` je Fassung
(domain.md A12). Was eine Art zusätzlich trägt, steht in `inhalt` (siehe laden.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

# Art → (Ordner unter content/arbeitsmittel, deutscher Name, Mehrzahl)
ARTEN: dict[str, tuple[str, str, str]] = {
    "aufgabensteckbrief": ("aufgabensteckbrief", "Aufgabensteckbrief", "Aufgabensteckbriefe"),
    "qs_anlage": ("qs-anlage", "QS-Anlage", "QS-Anlagen"),
    "fuehrungsprozess_anlage": ("fuehrungsprozess-anlage", "Führungsprozess-Anlage", "Führungsprozess-Anlagen"),
}
ORDNER_ART = {ordner: art for art, (ordner, _, _) in ARTEN.items()}

# Wie der aufgezeichnete Weg ein QS-Kriterium vorbewertet (qs/vorschlag.py setzt jede Art um).
VORBEWERTUNGEN = ("identitaet", "ergebnis", "vermerk", "schritt")


@dataclass(frozen=True)
class Bezug:
    """Ein Leitfaden und die Schritte, die eine Regel umsetzen (geprüft gegen den Katalog)."""

    leitfaden: str
    schritte: tuple[str, ...]


@dataclass(frozen=True)
class Kriterium:
    """Ein Kriterium eines Bewertungsbogens: zitiert seine Regel; `vorbewertung` (oder leer) sagt, ob
    und wie der aufgezeichnete Weg es entscheidet; `nur_mit_fakt`: nur für Leitfäden mit dieser Frage."""

    id: str
    text: str
    regel: str
    vorbewertung: str = ""
    bezug: tuple[Bezug, ...] = ()
    nur_mit_fakt: str = ""


@dataclass(frozen=True)
class Arbeitsmittel:
    """Eine veröffentlichte Fassung eines Arbeitsmittels (eine Datei)."""

    art: str
    nummer: str
    titel: str
    stand: dt.date
    gueltig_ab: dt.date
    gueltig_bis: dt.date | None
    weisung: str
    regeln: tuple[str, ...]
    datei: str
    ordner: str
    vorgaenger: dt.date | None = None
    aenderungen: tuple[str, ...] = ()
    rollen: tuple[str, ...] = ()
    leitfaeden: tuple[str, ...] = ()
    kriterien: tuple[Kriterium, ...] = ()
    inhalt: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def schluessel(self) -> str:
        return f"{self.art}/{self.ordner}@{self.stand.isoformat()}"

    @property
    def art_name(self) -> str:
        return ARTEN[self.art][1]

    def gilt_am(self, datum: dt.date) -> bool:
        return self.gueltig_ab <= datum and (self.gueltig_bis is None or datum <= self.gueltig_bis)

    def kriterium(self, kriterium_id: str) -> Kriterium | None:
        return next((k for k in self.kriterien if k.id == kriterium_id), None)


@dataclass
class Bestand:
    """Alle Arbeitsmittel-Fassungen, nach (Art, Nummer) gruppiert und nach Stand sortiert."""

    fassungen: list[Arbeitsmittel] = field(default_factory=list)

    def von(self, art: str, nummer: str) -> list[Arbeitsmittel]:
        return sorted((a for a in self.fassungen if a.art == art and a.nummer == nummer), key=lambda a: a.stand)

    def fassung(self, art: str, nummer: str, stand: dt.date) -> Arbeitsmittel | None:
        return next((a for a in self.von(art, nummer) if a.stand == stand), None)

    def gueltig(self, art: str, nummer: str, datum: dt.date) -> Arbeitsmittel | None:
        treffer = [a for a in self.von(art, nummer) if a.gilt_am(datum)]
        return max(treffer, key=lambda a: a.stand) if treffer else None

    def nummern(self, art: str) -> list[str]:
        return sorted({a.nummer for a in self.fassungen if a.art == art})

    def vorgaenger(self, a: Arbeitsmittel) -> Arbeitsmittel | None:
        return self.fassung(a.art, a.nummer, a.vorgaenger) if a.vorgaenger else None

    def zu_leitfaden(self, art: str, leitfaden_id: str, datum: dt.date | None = None) -> list[Arbeitsmittel]:
        """Die Arbeitsmittel einer Art, die `leitfaden_id` nennen (am `datum` gültig, sonst die neueste)."""
        ergebnis = []
        for nummer in self.nummern(art):
            fassungen = self.von(art, nummer)
            a = self.gueltig(art, nummer, datum) if datum else fassungen[-1]
            if a is not None and leitfaden_id in a.leitfaeden:
                ergebnis.append(a)
        return ergebnis


# Kennzahlen der Anlage 5, die kundenportal/fuehrung berechnet (eine unbekannte id meldet der Loader).
KENNZAHLEN = ("kontakte_je_anliegen", "erstkontaktloesung", "abgabequote", "identitaet_abbrueche",
              "email_bearbeitung", "terminabsagen", "insolvenzgeld_wege")
