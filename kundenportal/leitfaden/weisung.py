"""Was eine Weisung geändert hat: Änderungsübersicht und Regelspur (Regel → Leitfaden → Schritte →
Szenarien). Der Kopf der Weisung ist Metadatum und blendet nichts aus (domain.md A11)."""

from __future__ import annotations

import re
from typing import Any

from .diff import diff
from .katalog import Fassung, Katalog


def vorgaenger(katalog: Katalog, fassung: Fassung) -> Fassung | None:
    frueher = [f for f in katalog.leitfaeden[fassung.leitfaden_id].fassungen if f.gueltig_ab < fassung.gueltig_ab]
    return max(frueher, key=lambda f: f.gueltig_ab) if frueher else None


def geaenderte_fassungen(katalog: Katalog, nummer: str) -> list[tuple[Fassung, Fassung | None]]:
    return [(f, vorgaenger(katalog, f)) for f in sorted(katalog.fassungen(), key=lambda f: f.leitfaden_id)
            if f.weisung == nummer]


def aenderungsuebersicht(katalog: Katalog, nummer: str) -> str:
    w = katalog.weisungen[nummer]
    kopf = ", ".join(f"{k}: {v}" for k, v in w.kopf.items())
    zeilen = [f"Weisung {w.nummer} vom {w.datum:%d.%m.%Y} – {w.titel}",
              f"Gültig ab {w.gueltig_ab:%d.%m.%Y}" + (f"; Geschäftszeichen {w.geschaeftszeichen}" if w.geschaeftszeichen else ""),
              *([f"Kopf (Metadatum, blendet nichts aus): {kopf}"] if kopf else []), "",
              f"{'Leitfaden':<22} {'alter Stand':<12} {'neuer Stand':<12} {'gültig ab':<11} Änderung"]
    for neu, alt in geaenderte_fassungen(katalog, nummer):
        if alt is None:
            was = "neu aufgenommen"
        else:
            d = diff(alt, neu)
            zaehler = {a: sum(1 for x in d.schritte if x.art == a) for a in ("neu", "geaendert", "entfallen")}
            was = (f"{zaehler['neu']} neu, {zaehler['geaendert']} geändert, {zaehler['entfallen']} entfallen"
                   if not d.leer else "nur Kopfdaten")
        alt_stand = f"{alt.stand:%d.%m.%Y}" if alt else "—"
        zeilen.append(f"{neu.leitfaden_id:<22} {alt_stand:<12} {neu.stand:%d.%m.%Y}   {neu.gueltig_ab:%d.%m.%Y}  {was}")
    return "\n".join(zeilen)


_PUNKT = re.compile(r"(\d\.\d)(?:\s*([ab])\)\s*(\d))?|(?<![\w.])([ab])\)\s*(\d)")


def punkte(regel: str) -> set[str]:
    """Die Weisungspunkte, die ein Szenario-`regel:`-Text nennt ("2.2 a) 3 und a) 4" → 2.2 a) 3, 2.2 a) 4)."""
    gefunden: set[str] = set()
    abschnitt = ""
    for m in _PUNKT.finditer(regel):
        if m.group(1):
            abschnitt = m.group(1)
            gefunden.add(f"{abschnitt} {m.group(2)}) {m.group(3)}" if m.group(2) else abschnitt)
        elif abschnitt:
            gefunden.add(f"{abschnitt} {m.group(4)}) {m.group(5)}")
    return gefunden


def regelspur(katalog: Katalog, nummer: str, szenarien: list[Any]) -> str:
    w = katalog.weisungen[nummer]
    zeilen = [f"Weisung {w.nummer}: Regel → Leitfaden → Schritte → Szenarien"]
    for r in w.regeln:
        zeilen.append(f"\n{r.punkt}  {r.titel}")
        if not r.umsetzung:
            zeilen.append(f"    Kein Schritt nötig: {r.ohne_schritt}" if r.ohne_schritt else "    (noch keinem Schritt zugeordnet)")
        for u in r.umsetzung:
            basis = katalog.leitfaeden[u.leitfaden].basis_id if u.leitfaden in katalog.leitfaeden else u.leitfaden
            # Ein Baustein wird über die Leitfäden belegt, die ihn einbinden.
            traeger = {u.leitfaden, basis} | {katalog.leitfaeden[f.leitfaden_id].basis_id for f in katalog.fassungen()
                                              if any(e.leitfaden == u.leitfaden for e in f.einbindungen())}
            zeilen.append(f"    {u.leitfaden}: {', '.join(u.schritte)}")
            belege = sorted(s.id for s in szenarien
                            if s.leitfaden in traeger and nummer in s.regel and r.punkt in punkte(s.regel))
            zeilen.append(f"        Szenarien: {', '.join(belege) if belege else '—'}")
    return "\n".join(zeilen)
