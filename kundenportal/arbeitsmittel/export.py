"""Eine Weisung mit ALLEN ihren Arbeitsmitteln als ein JSON-Dokument (für andere Werkzeuge):
Leitfäden (GLF), EMB-Arbeitshilfen, eService, Bausteine, Aufgabensteckbriefe, QS-Anlagen und
Führungsprozess-Anlagen — je Fassung `art`, `nummer`, `titel`, `stand`, `gueltig_ab`, `regeln`."""

from __future__ import annotations

from typing import Any

from kundenportal.leitfaden.katalog import Fassung, Katalog, Leitfaden

from .modell import Arbeitsmittel, Bestand


def _leitfaden_art(lf: Leitfaden) -> str:
    if lf.kopf.baustein:
        return "baustein"
    if "emb" in lf.kopf.kanaele:
        return "emb_arbeitshilfe"
    if "eservice" in lf.kopf.kanaele:
        return "eservice"
    return "leitfaden"


def _leitfaden_regeln(katalog: Katalog, f: Fassung) -> list[str]:
    punkte = {s.regel for s in f.daten.schritte if s.regel}
    w = katalog.weisungen.get(f.weisung)
    if w is not None:
        punkte |= {r.punkt for r in w.regeln if any(u.leitfaden == f.leitfaden_id for u in r.umsetzung)}
    return sorted(punkte)


def _fassung(katalog: Katalog, f: Fassung) -> dict[str, Any]:
    lf = katalog.leitfaeden[f.leitfaden_id]
    vorher = [x for x in lf.fassungen if x.stand < f.stand]
    return {"art": _leitfaden_art(lf), "nummer": f.leitfaden_id, "titel": lf.kopf.titel,
            "stand": f.stand.isoformat(), "gueltig_ab": f.gueltig_ab.isoformat(),
            "gueltig_bis": f.gueltig_bis.isoformat() if f.gueltig_bis else None,
            "regeln": _leitfaden_regeln(katalog, f), "kanaele": list(lf.kopf.kanaele),
            "vorgaenger": max(vorher, key=lambda x: x.stand).stand.isoformat() if vorher else None,
            "datei": f.datei}


def _arbeitsmittel(a: Arbeitsmittel) -> dict[str, Any]:
    return {"art": a.art, "nummer": a.nummer, "titel": a.titel, "stand": a.stand.isoformat(),
            "gueltig_ab": a.gueltig_ab.isoformat(),
            "gueltig_bis": a.gueltig_bis.isoformat() if a.gueltig_bis else None,
            "regeln": list(a.regeln), "vorgaenger": a.vorgaenger.isoformat() if a.vorgaenger else None,
            "leitfaeden": list(a.leitfaeden), "kriterien": [k.id for k in a.kriterien], "datei": a.datei}


def weisung_dokument(katalog: Katalog, bestand: Bestand, nummer: str) -> dict[str, Any]:
    """Die Weisung `nummer` (Kopf als Metadatum, domain.md A11) und jede Fassung, die sie setzt."""
    w = katalog.weisungen[nummer]
    leitfaeden = [_fassung(katalog, f) for f in sorted(katalog.fassungen(), key=lambda f: (f.leitfaden_id, f.stand))
                  if f.weisung == nummer]
    weitere = [_arbeitsmittel(a) for a in sorted(bestand.fassungen, key=lambda a: (a.art, a.nummer, a.stand))
               if a.weisung == nummer]
    return {"nummer": w.nummer, "titel": w.titel, "datum": w.datum.isoformat(),
            "gueltig_ab": w.gueltig_ab.isoformat(), "geschaeftszeichen": w.geschaeftszeichen, "bezug": w.bezug,
            "kopf": dict(w.kopf), "regeln": [{"punkt": r.punkt, "titel": r.titel} for r in w.regeln],
            "arbeitsmittel": leitfaeden + weitere}
