"""Das Szenario-Tor eines Freigabepakets: jedes Szenario der betroffenen Leitfäden (des Projekts und
der Redaktion) läuft gegen den Katalog mit den Entwürfen; freigeben geht nur, wenn alle bestehen, kein
Entwurf einen Befund hat und jeder neue oder geänderte Schritt auf dem Weg eines Szenarios liegt."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import replace
from typing import Any

from kundenportal.katalog.queries import szenarien as projekt_szenarien
from kundenportal.leitfaden.szenario import Szenario, SzenarioFehler, ausfuehren, szenario_aus_text

from . import queries
from .models import Entwurf
from .paketkatalog import Paketstand

REDAKTION_DATEI = "redaktion/szenario/"   # so heißt ein Szenario der Redaktion in den Ergebnissen des Tors


def fingerabdruck(entwuerfe: list[Entwurf]) -> str:
    """Welche Entwurfsstände das Tor geprüft hat (nach einer Speicherung ist das Ergebnis veraltet)."""
    return hashlib.sha256("|".join(f"{e.pk}:{e.version}" for e in sorted(entwuerfe, key=lambda e: e.pk))
                          .encode()).hexdigest()[:16]


def szenarien_fuer(leitfaden_ids: set[str], ab: dict[str, dt.date] | None = None) -> tuple[list[Szenario], list[str]]:
    """Die Szenarien der Leitfäden: aus content/szenarien (und der geteilten Spezifikation) und der
    Redaktion; ein durch einen Entwurf aufgezeichnetes läuft frühestens am Tag `ab[leitfaden]`."""
    gefunden = [s for s in projekt_szenarien() if s.leitfaden in leitfaden_ids]
    fehler = []
    for zeile in queries.szenarien(leitfaden_ids):
        try:
            sz = szenario_aus_text(zeile.text, f"{REDAKTION_DATEI}{zeile.szenario_id}.yaml")
        except SzenarioFehler as f:
            fehler.append(str(f))
            continue
        tag = (ab or {}).get(sz.leitfaden)
        if zeile.folgt_gueltigkeit and tag is not None and sz.datum < tag:
            sz = replace(sz, datum=tag)
        gefunden.append(sz)
    return gefunden, fehler


def tor_pruefen(stand: Paketstand, entwuerfe: list[Entwurf]) -> dict[str, Any]:
    from kundenportal.fachverfahren.referenz.testsysteme import ReferenzTestsysteme

    test = ReferenzTestsysteme()
    ab = {neu.leitfaden_id: neu.gueltig_ab for _, neu, _, _ in stand.aenderungen}
    szenarien, ungueltig = szenarien_fuer(stand.leitfaden_ids, ab)
    ergebnisse = []
    gedeckt: set[tuple[str, str]] = set()
    for sz in szenarien:
        erg = ausfuehren(stand.katalog, sz, test)
        ergebnisse.append({"id": sz.id, "ok": erg.ok, "fassung": erg.fassung, "fehler": erg.fehler,
                           "datei": sz.datei})
        if erg.ok:
            gedeckt.update((erg.fassung, schritt.rsplit("/", 1)[-1]) for schritt in erg.weg)
            gedeckt.update((f, schritt.rsplit("/", 1)[-1]) for f in erg.eingebunden.values() for schritt in erg.weg)
    ungedeckt = [f"{schluessel}: Schritt {sid}" for schluessel, sid in stand.geaenderte_schritte()
                 if (schluessel, sid) not in gedeckt]
    befunde = stand.befunde
    ok = bool(entwuerfe) and not befunde and not ungueltig and not ungedeckt and all(e["ok"] for e in ergebnisse)
    return {"ok": ok, "fingerabdruck": fingerabdruck(entwuerfe), "szenarien": ergebnisse, "ungueltig": ungueltig,
            "ungedeckt": ungedeckt, "befunde": befunde, "entwuerfe": len(entwuerfe)}
