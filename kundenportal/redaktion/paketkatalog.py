"""Der Katalog eines Freigabepakets: der veröffentlichte Katalog mit allen Entwürfen des Pakets, die
Änderungsübersicht (Diff je Entwurf zu seiner Basis) und die Regelspur (Regel → Schritte)."""

from __future__ import annotations

from dataclasses import dataclass, field

from kundenportal.leitfaden.diff import Diff, diff
from kundenportal.leitfaden.katalog import Fassung, Katalog
from kundenportal.leitfaden.weisung import vorgaenger

from .katalogquelle import mit_entwurf
from .models import Entwurf, Freigabepaket
from .pruefung import Pruefung, entwurf_pruefen


@dataclass
class Paketstand:
    katalog: Katalog
    pruefungen: list[tuple[Entwurf, Pruefung]] = field(default_factory=list)
    aenderungen: list[tuple[Entwurf, Fassung, Fassung | None, Diff | None]] = field(default_factory=list)

    @property
    def befunde(self) -> list[str]:
        return [str(b) for _, p in self.pruefungen for b in p.befunde]

    @property
    def leitfaden_ids(self) -> set[str]:
        ids = {e.leitfaden_id for e, _ in self.pruefungen}
        return ids | {self.katalog.leitfaeden[i].basis_id for i in ids if i in self.katalog.leitfaeden}

    def geaenderte_schritte(self) -> list[tuple[str, str]]:
        """(Fassungs-Schlüssel, Schritt-id) jedes neuen oder geänderten Schritts — das Tor verlangt je
        einen Szenario-Weg darüber."""
        ergebnis: list[tuple[str, str]] = []
        for _, neu, _, d in self.aenderungen:
            if d is None:
                ergebnis.extend((neu.schluessel, s.id) for s in neu.daten.schritte)
            else:
                ergebnis.extend((neu.schluessel, ae.schritt_id) for ae in d.schritte if ae.art != "entfallen")
        return ergebnis


def paket_katalog(veroeffentlicht: Katalog, entwuerfe: list[Entwurf]) -> Paketstand:
    """Prüft jeden Entwurf und stellt alle zusammen in einen Katalog (Entwürfe sehen einander)."""
    katalog = veroeffentlicht
    stand = Paketstand(katalog=katalog)
    for e in entwuerfe:
        p = entwurf_pruefen(veroeffentlicht, e.leitfaden_id, e.ordner, e.text, e.kopf_text)
        stand.pruefungen.append((e, p))
        if p.fassung is not None and p.katalog is not None:
            kopf = p.katalog.leitfaeden[e.leitfaden_id].kopf
            katalog = mit_entwurf(katalog, e.leitfaden_id, p.katalog.leitfaeden[e.leitfaden_id].ordner, kopf,
                                  p.fassung)
    stand.katalog = katalog
    for e, p in stand.pruefungen:
        if p.fassung is None:
            continue
        alt = vorgaenger(katalog, p.fassung) if e.leitfaden_id in katalog.leitfaeden else None
        if alt is None and e.basis is not None and e.basis.stand is not None:
            alt = katalog.leitfaeden[e.leitfaden_id].fassung(e.basis.stand)
        stand.aenderungen.append((e, p.fassung, alt, diff(alt, p.fassung) if alt else None))
    return stand


def regelspur(paket: Freigabepaket, stand: Paketstand) -> list[tuple[str, str, list[str]]]:
    """(Regel, Leitfaden, Schritte): aus der Weisung, sonst aus dem Feld `regel` der Schritte."""
    spur: dict[tuple[str, str], list[str]] = {}
    weisung = stand.katalog.weisungen.get(paket.weisung)
    if weisung is not None:
        for r in weisung.regeln:
            for u in r.umsetzung:
                if u.leitfaden in stand.leitfaden_ids:
                    spur.setdefault((r.punkt, u.leitfaden), []).extend(u.schritte)
    for _, neu, _, _ in stand.aenderungen:
        for s in neu.daten.schritte:
            regel = getattr(s, "regel", "")
            if regel and s.id not in spur.get((regel, neu.leitfaden_id), []):
                spur.setdefault((regel, neu.leitfaden_id), []).append(s.id)
    return [(r, lf, schritte) for (r, lf), schritte in sorted(spur.items())]

