"""Was die Seiten eines Entwurfs zeigen: Befunde je Schritt, Schrittgraph, Unterschied zur Basis,
die Felder des strukturierten Editors. Nur Lesen; aufgerufen von views und API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kundenportal.katalog.schrittgraph import Zeichnung, zeichnen
from kundenportal.leitfaden.diff import Diff, diff
from kundenportal.leitfaden.katalog import Katalog

from . import queries
from .models import Entwurf
from .pruefung import Pruefung, entwurf_pruefen
from .yamlfeld import felder


@dataclass
class Entwurfsansicht:
    entwurf: Entwurf
    pruefung: Pruefung
    zeichnung: Zeichnung | None
    diff: Diff | None
    schritte: list[tuple[Any, int, list[tuple[str, str]], list[dict[str, Any]]]]  # (Schritt, Zeile, Felder, Befunde)
    allgemein: list[dict[str, Any]]                                               # Befunde ohne Schritt

    @property
    def mit_befund(self) -> set[str]:
        return {s.id for s, _, _, befunde in self.schritte if befunde}


def entwurf_ansehen(entwurf: Entwurf, katalog: Katalog | None = None) -> Entwurfsansicht:
    katalog = katalog or queries.katalog_aus_datenbank()
    p = entwurf_pruefen(katalog, entwurf.leitfaden_id, entwurf.ordner, entwurf.text, entwurf.kopf_text)
    befunde = [{"datei": b.datei, "zeile": b.zeile, "feld": b.feld, "meldung": b.meldung,
                "schritt": p.schritt_von(b), "text": str(b)} for b in p.befunde]
    schritte = []
    d = None
    if p.fassung is not None:
        for s in p.fassung.daten.schritte:
            schritte.append((s, p.fassung.zeile(s.id), felder(s.model_dump(exclude_defaults=True, mode="json")),
                             [b for b in befunde if b["schritt"] == s.id]))
        if entwurf.basis is not None and entwurf.basis.stand is not None:
            lf = katalog.leitfaeden.get(entwurf.leitfaden_id)
            alt = lf.fassung(entwurf.basis.stand) if lf else None
            if alt is not None:
                d = diff(alt, p.fassung)
    ids = {s.id for s, _, _, _ in schritte}
    return Entwurfsansicht(entwurf=entwurf, pruefung=p, zeichnung=zeichnen(p.fassung) if p.fassung else None,
                           diff=d, schritte=schritte, allgemein=[b for b in befunde if b["schritt"] not in ids])
