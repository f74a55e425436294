"""Der Unterschied zweier Fassungen eines Leitfadens, Schritt für Schritt und lesbar."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .katalog import Fassung, Katalog
from .modell import Frage
from .wortlaut import frage_text

KOPF_FELDER = ("stand", "gueltig_ab", "gueltig_bis", "geltungsbereich", "weisung", "start")


@dataclass
class SchrittAenderung:
    art: str                                  # neu | entfallen | geaendert
    schritt_id: str
    schritt_art: str
    felder: list[tuple[str, Any, Any]] = field(default_factory=list)   # (Feld, alt, neu)


@dataclass
class Diff:
    alt: Fassung
    neu: Fassung
    kopf: list[tuple[str, Any, Any]]
    schritte: list[SchrittAenderung]

    @property
    def leer(self) -> bool:
        return not self.schritte


def _flach(wert: Any, praefix: str = "") -> dict[str, Any]:
    if isinstance(wert, dict):
        ergebnis: dict[str, Any] = {}
        for k, v in wert.items():
            ergebnis.update(_flach(v, f"{praefix}.{k}" if praefix else str(k)))
        return ergebnis
    if isinstance(wert, list) and wert and all(isinstance(x, dict) for x in wert):
        ergebnis = {}
        for i, v in enumerate(wert):
            ergebnis.update(_flach(v, f"{praefix}[{i + 1}]"))
        return ergebnis
    return {praefix: wert}


def diff(alt: Fassung, neu: Fassung) -> Diff:
    kopf = [(f, getattr(alt.daten, f), getattr(neu.daten, f)) for f in KOPF_FELDER
            if getattr(alt.daten, f) != getattr(neu.daten, f)]
    a, n = alt.schritte, neu.schritte
    aenderungen: list[SchrittAenderung] = []
    for sid, schritt in n.items():
        if sid not in a:
            aenderungen.append(SchrittAenderung("neu", sid, schritt.art,
                                                [(k, None, v) for k, v in _flach(schritt.model_dump(exclude_defaults=True)).items()
                                                 if k not in ("id", "art")]))
            continue
        fa = _flach(a[sid].model_dump(exclude_defaults=True))
        fn = _flach(schritt.model_dump(exclude_defaults=True))
        felder = [(k, fa.get(k), fn.get(k)) for k in sorted(set(fa) | set(fn)) if fa.get(k) != fn.get(k)]
        if felder:
            aenderungen.append(SchrittAenderung("geaendert", sid, schritt.art, felder))
    for sid, schritt in a.items():
        if sid not in n:
            aenderungen.append(SchrittAenderung("entfallen", sid, schritt.art))
    return Diff(alt, neu, kopf, aenderungen)


def _wert(v: Any) -> str:
    if v is None:
        return "—"
    text = str(v).replace("\n", " ")
    return text if len(text) <= 90 else text[:87] + "…"


def _frage(katalog: Katalog, fassung: Fassung, schritt_id: str, roh: Any) -> Any:
    schritt = fassung.schritte.get(schritt_id)
    return frage_text(katalog.vokabular, schritt) if isinstance(schritt, Frage) else roh


def diff_text(katalog: Katalog, alt: Fassung, neu: Fassung) -> str:
    d = diff(alt, neu)
    zeilen = [f"{neu.leitfaden_id}: Stand {alt.stand:%d.%m.%Y} → Stand {neu.stand:%d.%m.%Y} "
              f"(Weisung {alt.weisung} → {neu.weisung})"]
    for feld, a, n in d.kopf:
        zeilen.append(f"  {feld}: {_wert(a)} → {_wert(n)}")
    if d.leer:
        zeilen.append("  Keine Änderung an den Schritten (nur Kopfdaten).")
    zeichen = {"neu": "+", "entfallen": "-", "geaendert": "~"}
    woerter = {"neu": "neu", "entfallen": "entfällt", "geaendert": "geändert"}
    for ae in d.schritte:
        zeilen.append(f"{zeichen[ae.art]} Schritt {ae.schritt_id} ({ae.schritt_art}) {woerter[ae.art]}")
        for feld, a, n in ae.felder:
            if feld == "frage" and ae.art == "geaendert":   # wie die Frage dasteht: ohne Wortlaut die Beschriftung
                a, n = _frage(katalog, alt, ae.schritt_id, a), _frage(katalog, neu, ae.schritt_id, n)
            if ae.art == "neu":
                zeilen.append(f"    {feld}: {_wert(n)}")
            else:
                zeilen.append(f"    {feld}: {_wert(a)}  →  {_wert(n)}")
    return "\n".join(zeilen)
