"""Welche Fassung gilt an Standort X am Datum D? (Weisung 202003006, 2.1; domain.md A2)

Ein Pilotstandort der Weiterbildungsberatung nutzt bis zum Vortag seines BBiE-Starts die Variante mit
`standortregel: pilot_weiterbildungsberatung`; sonst gilt die reguläre Variante. Eine Fassung mit
`geltungsbereich` (Verbünde, Agenturen) gilt nur dort; anderswo gilt die neueste Fassung ohne ihn."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .katalog import Fassung, Katalog, Leitfaden


def gueltige(katalog: Katalog, leitfaden: Leitfaden, datum: dt.date, standort: str | None) -> Fassung | None:
    """Die neueste Fassung (`stand`), die am `datum` in `standort` gilt; bei gleichem Stand die erste. Ohne
    `standort`: die Fassung, die überall gilt, wo keine Standortvariante gilt."""
    beste: Fassung | None = None
    for f in leitfaden.fassungen:
        if f.gilt_am(datum) and (beste is None or f.stand > beste.stand) and f.gilt_in(standort, katalog.standorte):
            beste = f
    return beste


def variante_gilt(katalog: Katalog, leitfaden: Leitfaden, datum: dt.date, standort: str | None) -> bool:
    if leitfaden.kopf.standortregel == "pilot_weiterbildungsberatung":
        return katalog.standorte.pilot_gilt(standort, datum)
    return True


def aufloesen(katalog: Katalog, leitfaden_id: str, datum: dt.date, standort: str | None) -> Fassung | None:
    """Die Fassung, die für `leitfaden_id` (Basis-id oder genaue Varianten-id) gilt, oder None."""
    if leitfaden_id in katalog.leitfaeden and katalog.leitfaeden[leitfaden_id].kopf.variante_von:
        genau = katalog.leitfaeden[leitfaden_id]
        return gueltige(katalog, genau, datum, standort) if variante_gilt(katalog, genau, datum, standort) else None
    varianten = katalog.varianten(leitfaden_id)
    if len(varianten) > 1:
        # Standort-Varianten vor der regulären Fassung, wenn ihre Regel am Standort greift.
        varianten.sort(key=lambda lf: lf.kopf.variante_von is None)
    for leitfaden in varianten:
        if not variante_gilt(katalog, leitfaden, datum, standort):
            continue
        fassung = gueltige(katalog, leitfaden, datum, standort)
        if fassung is not None:
            return fassung
    return None


def einbindungen_aufloesen(katalog: Katalog, fassung: Fassung, datum: dt.date,
                           standort: str | None) -> dict[str, str]:
    """Pinnt zu Beginn des Gesprächs jede eingebundene Fassung (rekursiv): Leitfaden-id → Schlüssel."""
    ergebnis: dict[str, str] = {}
    offen = [fassung]
    while offen:
        aktuell = offen.pop()
        for schritt in aktuell.einbindungen():
            if schritt.leitfaden in ergebnis:
                continue
            gefunden = aufloesen(katalog, schritt.leitfaden, datum, standort)
            if gefunden is None:
                continue
            ergebnis[schritt.leitfaden] = gefunden.schluessel
            offen.append(gefunden)
    return ergebnis


@dataclass(frozen=True)
class Zeile:
    """Ein Leitfaden in einer Liste, mit der Fassung, die am gewählten Datum gilt (falls gewählt)."""

    leitfaden: Leitfaden
    gueltig: Fassung | None


def leitfaeden_filtern(katalog: Katalog, *, kanal: str = "", weisung: str = "", datum: dt.date | None = None,
                       standort: str | None = None, bausteine: bool = True) -> list[Zeile]:
    """Leitfäden, gefiltert nach Kanal, Weisung (eine ihrer Fassungen setzt sie um) und Gültigkeit
    am Datum in Standort (Pilotvarianten nur, wo ihre Standortregel greift). Gemerkt je Katalog und Filter
    (die Anliegenliste jeder Seite kostet so bei 1.000 Leitfäden nur das Kopieren ihrer Zeilen); neu
    berechnet, sobald sich `leitfaeden` ändert (anderes Objekt, andere Schlüssel oder ein ersetzter Eintrag);
    die Fassungen eines geladenen Leitfadens ändern sich nicht (eine neue Generation ist ein neuer Katalog)."""
    leitfaeden = katalog.leitfaeden     # Schlüssel und Objekte (in C gezählt): jede Änderung ergibt einen neuen Stand
    stand = (id(leitfaeden), hash((tuple(leitfaeden), tuple(map(id, leitfaeden.values())))))
    gemerkt: tuple[tuple[int, int], dict[tuple[Any, ...], tuple[Zeile, ...]]] | None = \
        katalog.__dict__.get("_gefiltert")
    if gemerkt is None or gemerkt[0] != stand or len(gemerkt[1]) > 512:
        gemerkt = katalog.__dict__["_gefiltert"] = (stand, {})
    schluessel = (kanal, weisung, datum, standort, bausteine)
    vorher = gemerkt[1].get(schluessel)
    if vorher is not None:
        return list(vorher)
    zeilen = _filtern(katalog, kanal=kanal, weisung=weisung, datum=datum, standort=standort, bausteine=bausteine)
    gemerkt[1][schluessel] = tuple(zeilen)
    return zeilen


def _filtern(katalog: Katalog, *, kanal: str, weisung: str, datum: dt.date | None, standort: str | None,
             bausteine: bool) -> list[Zeile]:
    zeilen = []
    for lf in sorted(katalog.leitfaeden.values(), key=lambda lf: lf.id):
        if (kanal and kanal not in lf.kopf.kanaele) or (lf.kopf.baustein and not bausteine):
            continue
        if weisung and not any(f.weisung == weisung for f in lf.fassungen):
            continue
        gueltig = None
        if datum is not None:
            gueltig = aufloesen(katalog, lf.id, datum, standort)
            if gueltig is None or gueltig.leitfaden_id != lf.id:
                continue
        zeilen.append(Zeile(lf, gueltig))
    return zeilen
