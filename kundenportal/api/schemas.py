"""Die Antwortformen der API (OpenAPI-Schema): Fassungen, Diff, Suchtreffer, Weisung."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema

from kundenportal.leitfaden.diff import Diff
from kundenportal.leitfaden.katalog import Fassung
from kundenportal.leitfaden.suche import Treffer


class FassungKurz(Schema):
    leitfaden_id: str
    stand: dt.date
    gueltig_ab: dt.date
    gueltig_bis: dt.date | None
    weisung: str
    inhalt_hash: str

    @classmethod
    def aus(cls, f: Fassung) -> FassungKurz:
        return cls(leitfaden_id=f.leitfaden_id, stand=f.stand, gueltig_ab=f.gueltig_ab, gueltig_bis=f.gueltig_bis,
                   weisung=f.weisung, inhalt_hash=f.inhalt_hash)


class FassungVoll(FassungKurz):
    titel: str
    start: str
    schritte: list[dict[str, Any]]

    @classmethod
    def voll(cls, f: Fassung, titel: str) -> FassungVoll:
        return cls(**FassungKurz.aus(f).model_dump(), titel=titel, start=f.daten.start,
                   schritte=[s.model_dump(mode="json", exclude_defaults=True) for s in f.daten.schritte])


class Feldaenderung(Schema):
    feld: str
    alt: Any
    neu: Any


class Schrittaenderung(Schema):
    art: str                 # neu | entfallen | geaendert
    schritt_id: str
    schritt_art: str
    felder: list[Feldaenderung]


class DiffAntwort(Schema):
    alt: FassungKurz
    neu: FassungKurz
    kopf: list[Feldaenderung]
    schritte: list[Schrittaenderung]
    text: str

    @classmethod
    def aus(cls, d: Diff, text: str) -> DiffAntwort:
        def felder(liste: list[tuple[str, Any, Any]]) -> list[Feldaenderung]:
            return [Feldaenderung(feld=f, alt=_json(a), neu=_json(n)) for f, a, n in liste]

        return cls(alt=FassungKurz.aus(d.alt), neu=FassungKurz.aus(d.neu), kopf=felder(d.kopf), text=text,
                   schritte=[Schrittaenderung(art=s.art, schritt_id=s.schritt_id, schritt_art=s.schritt_art,
                                              felder=felder(s.felder)) for s in d.schritte])


def _json(wert: Any) -> Any:
    return wert.isoformat() if isinstance(wert, dt.date) else wert


class TrefferAntwort(Schema):
    leitfaden_id: str
    variante: str            # die geltende Variante (z. B. "SC 3.003-Pilot")
    stand: dt.date
    titel: str
    punkte: float
    fundstellen: list[str]
    schritt_id: str | None
    auszug: str

    @classmethod
    def aus(cls, t: Treffer) -> TrefferAntwort:
        return cls(leitfaden_id=t.leitfaden_id, variante=t.fassung.leitfaden_id, stand=t.fassung.stand,
                   titel=t.titel, punkte=t.punkte, fundstellen=list(t.fundstellen), schritt_id=t.schritt_id,
                   auszug=t.auszug)


class WeisungsAenderung(Schema):
    leitfaden_id: str
    alter_stand: dt.date | None
    neuer_stand: dt.date
    gueltig_ab: dt.date
    neu: int
    geaendert: int
    entfallen: int


class WeisungAntwort(Schema):
    nummer: str
    titel: str
    datum: dt.date
    gueltig_ab: dt.date
    kopf: dict[str, Any]
    aenderungen: list[WeisungsAenderung]
    text: str
