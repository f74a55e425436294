"""Der geladene Katalog für die Web-Oberfläche (einmal je Prozess, aus settings.CONTENT_DIR) und die
Lesefragen an ihn: Leitfäden filtern, Suchindex je Datum und Standort, Szenarien für die Regelspur."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings

from kundenportal.leitfaden.gueltigkeit import aufloesen
from kundenportal.leitfaden.katalog import Fassung, Katalog, Leitfaden
from kundenportal.leitfaden.laden import katalog_laden
from kundenportal.leitfaden.suche import Suchindex, Treffer


def katalog() -> Katalog:
    if settings.KATALOG_QUELLE == "datenbank":    # veröffentlichte Fassungen in der Datenbank (redaktion)
        from kundenportal.redaktion.queries import katalog_aus_datenbank

        return katalog_aus_datenbank()
    return _katalog_aus_dateien()


@cache
def _katalog_aus_dateien() -> Katalog:
    return katalog_laden(settings.CONTENT_DIR)


@lru_cache(maxsize=64)
def suchindex(datum: dt.date, standort: str | None) -> Suchindex:
    """Der Index über die am `datum` in `standort` geltenden Fassungen (gebaut beim ersten Bedarf)."""
    return Suchindex.aufbauen(katalog(), datum, standort)


def suchen(anfrage: str, datum: dt.date, standort: str | None, kanaele: Iterable[str],
           grenze: int = 20) -> list[Treffer]:
    return suchindex(datum, standort).suchen(anfrage, kanaele, grenze)


@dataclass(frozen=True)
class Zeile:
    """Ein Leitfaden in der Liste, mit der Fassung, die am gewählten Datum gilt (falls gewählt)."""

    leitfaden: Leitfaden
    gueltig: Fassung | None


def leitfaeden(*, kanal: str = "", weisung: str = "", datum: dt.date | None = None,
               standort: str | None = None, bausteine: bool = True) -> list[Zeile]:
    """Leitfäden, gefiltert nach Kanal, Weisung (eine ihrer Fassungen setzt sie um) und Gültigkeit
    am Datum in Standort (Pilotvarianten nur, wo ihre Standortregel greift)."""
    k = katalog()
    zeilen = []
    for lf in sorted(k.leitfaeden.values(), key=lambda lf: lf.id):
        if (kanal and kanal not in lf.kopf.kanaele) or (lf.kopf.baustein and not bausteine):
            continue
        if weisung and not any(f.weisung == weisung for f in lf.fassungen):
            continue
        gueltig = None
        if datum is not None:
            gueltig = aufloesen(k, lf.id, datum, standort)
            if gueltig is None or gueltig.leitfaden_id != lf.id:
                continue
        zeilen.append(Zeile(lf, gueltig))
    return zeilen


def leitfaden(leitfaden_id: str) -> Leitfaden | None:
    return katalog().leitfaeden.get(leitfaden_id)


def fassung(leitfaden_id: str, stand: str) -> Fassung | None:
    lf = leitfaden(leitfaden_id)
    try:
        datum = dt.date.fromisoformat(stand)
    except ValueError:
        return None
    return lf.fassung(datum) if lf else None


@cache
def szenarien() -> list[Any]:
    """Die Szenarien des Projekts (und der geteilten Spezifikation) als Belege der Regelspur."""
    from kundenportal.leitfaden.szenario import SzenarioFehler, dateien, szenario_lesen

    wurzel = Path(settings.CONTENT_DIR)
    pfade = [p for p in (wurzel / "szenarien", wurzel.parent.parent / "shared" / "scenarios") if p.is_dir()]
    ergebnis = []
    for datei in dateien(pfade):
        try:
            ergebnis.append(szenario_lesen(datei))
        except SzenarioFehler:
            continue
    return ergebnis


@dataclass(frozen=True)
class Spur:
    """Eine Regel der Weisung, wo sie umgesetzt ist, und welche Szenarien sie belegen."""

    punkt: str
    titel: str
    umsetzung: list[tuple[str, tuple[str, ...], list[str]]]     # (Leitfaden, Schritte, Szenario-ids)


def regelspur(nummer: str) -> list[Spur]:
    """Regel → Leitfaden → Schritte → Szenarien, wie `kundenportal katalog weisung --regeln`."""
    from kundenportal.leitfaden.weisung import punkte

    k = katalog()
    ergebnis = []
    for r in k.weisungen[nummer].regeln:
        umsetzung = []
        for u in r.umsetzung:
            basis = k.leitfaeden[u.leitfaden].basis_id if u.leitfaden in k.leitfaeden else u.leitfaden
            belege = sorted(s.id for s in szenarien() if s.leitfaden in (u.leitfaden, basis)
                            and nummer in s.regel and r.punkt in punkte(s.regel))
            umsetzung.append((u.leitfaden, u.schritte, belege))
        ergebnis.append(Spur(r.punkt, r.titel, umsetzung))
    return ergebnis
