"""Anlage 7: Protokoll des Umsetzungsdialogs einer Weisung (domain.md A12) — je Regel die Umsetzung,
gemessen an den Kontakten seit dem Weisungstag (Anteil der Kontakte auf einer Fassung der Weisung,
Pilot- und andere Standorte), die QS-Quote der Kriterien, die die Regel prüfen, und die vereinbarten
Maßnahmen. Welche Leitfäden, Schritte und Kriterien zu einer Regel gehören, sagt die Anlage selbst
(content/arbeitsmittel/fuehrungsprozess-anlage/anlage-7)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Sum

from kundenportal.arbeitsmittel.modell import Arbeitsmittel
from kundenportal.qs import queries as qs_queries
from kundenportal.verdrahtung import katalog
from kundenportal.verdrahtung.arbeitsmittel import arbeitsmittel

from .kennzahlen import Zeitraum, tageszahlen
from .models import Massnahme


@dataclass(frozen=True)
class Regelzeile:
    regel: str
    titel: str
    leitfaeden: tuple[str, ...]
    kontakte: tuple[int, int, int, int]           # Pilot vor, Pilot ab, andere vor, andere ab
    umgesetzt: tuple[float | None, float | None]   # Anteil auf Fassungen der Weisung seit dem Tag: Pilot, andere
    qs: list[tuple[str, str, Any]]                 # (Anlage:Kriterium, Text, Quote)
    vorschlag: str
    massnahmen: list[Massnahme]


def anlage7_fassung(z: Zeitraum) -> Arbeitsmittel | None:
    return arbeitsmittel().gueltig("fuehrungsprozess_anlage", "Anlage 7", z.bis)


def _traeger(leitfaden: str) -> set[str]:
    """Die Leitfäden, deren Kontakte eine Regel in `leitfaden` messen (ein Baustein: die ihn einbinden)."""
    k = katalog()
    lf = k.leitfaeden.get(leitfaden)
    if lf is None or not lf.kopf.baustein:
        return {leitfaden}
    return {f.leitfaden_id for f in k.fassungen() if any(e.leitfaden == leitfaden for e in f.einbindungen())}


def anlage7(z: Zeitraum, weisung: str = "202003006") -> list[Regelzeile]:
    z = z.pruefen()
    anlage = anlage7_fassung(z)
    if anlage is None:
        return []
    zaehler: dict[tuple[str, bool, bool, bool], int] = defaultdict(int)
    for r in tageszahlen(z).values("leitfaden", "pilot", "nach", "weisung").annotate(n=Sum("anzahl")).order_by():
        zaehler[(r["leitfaden"], bool(r["pilot"]), bool(r["nach"]), r["weisung"] == weisung)] += r["n"]
    quoten = {q.schluessel: q for q in qs_queries.quoten(standort=z.standort, von=z.von, bis=z.bis)}
    titel = {r.punkt: r.titel for r in katalog().weisungen[weisung].regeln}
    massnahmen: dict[str, list[Massnahme]] = defaultdict(list)
    qs_m = Massnahme.objects.filter(weisung=weisung).select_related("user")
    if z.standort:
        qs_m = qs_m.filter(standort=z.standort)
    for m in qs_m:
        massnahmen[m.regel].append(m)
    ergebnis = []
    for u in anlage.inhalt.get("umsetzung") or []:
        leitfaeden = set().union(*(_traeger(str(m["leitfaden"])) for m in u.get("messung") or []))

        def summe(pilot: bool, nach: bool, neu: bool | None = None, lfs: set[str] = leitfaeden) -> int:
            return sum(n for (lf, p, a, w), n in zaehler.items()
                       if lf in lfs and p == pilot and a == nach and (neu is None or w == neu))

        zahlen = (summe(True, False), summe(True, True), summe(False, False), summe(False, True))
        umgesetzt = tuple(round(100 * summe(p, True, True) / ab, 1) if (ab := summe(p, True)) else None
                          for p in (True, False))
        qs = []
        for ref in u.get("qs_kriterien") or []:
            q = quoten.get(str(ref))
            nummer, _, kid = str(ref).partition(":")
            bogen = arbeitsmittel().gueltig("qs_anlage", nummer, z.bis)
            kriterium = bogen.kriterium(kid) if bogen else None
            qs.append((str(ref), kriterium.text if kriterium else str(ref), q.quote if q else None))
        regel = str(u["regel"])
        ergebnis.append(Regelzeile(regel, titel.get(regel, ""), tuple(sorted(leitfaeden)), zahlen,
                                   (umgesetzt[0], umgesetzt[1]), qs, str(u.get("massnahme_vorschlag", "")),
                                   massnahmen.get(regel, [])))
    return ergebnis
