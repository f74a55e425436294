"""Anlage 7: Protokoll des Umsetzungsdialogs einer Weisung (domain.md A12) — je Regel die Umsetzung,
gemessen an den aufgezeichneten Wegen der Kontakte (Anteil der Gespräche auf den Leitfäden der Regel, deren
Weg einen ihrer Schritte ausgeführt hat — vor und ab dem Weisungstag, Pilot- und andere Standorte), die
QS-Quote der Kriterien, die die Regel prüfen, und die vereinbarten Maßnahmen. Welche Leitfäden, Schritte und Kriterien zu einer Regel gehören, sagt die Anlage selbst
(content/arbeitsmittel/fuehrungsprozess-anlage/anlage-7)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Case, Count, Q, Sum, Value, When

from kundenportal.arbeitsmittel.modell import Arbeitsmittel
from kundenportal.gespraech.models import Kontakt
from kundenportal.leitfaden.modell import Aktion, Ende, Frage, Pruefung
from kundenportal.qs import queries as qs_queries
from kundenportal.verdrahtung import katalog
from kundenportal.verdrahtung.arbeitsmittel import arbeitsmittel

from .kennzahlen import Zeitraum, pilotstandorte, tageszahlen
from .kennzahlen_zeit import BERLIN, WEISUNG_TAG
from .models import Massnahme


@dataclass(frozen=True)
class Regelzeile:
    regel: str
    titel: str
    leitfaeden: tuple[str, ...]
    kontakte: tuple[int, int, int, int]           # Pilot vor, Pilot ab, andere vor, andere ab
    umgesetzt: tuple[float | None, ...]           # Anteil der Wege über die Schritte der Regel, wie `kontakte`
    auf_weisung: tuple[float | None, float | None]   # ab dem Tag: Anteil auf Fassungen der Weisung (Pilot, andere)
    qs: list[tuple[str, str, Any]]                 # (Anlage:Kriterium, Text, Quote)
    vorschlag: str
    massnahmen: list[Massnahme]


def anlage7_fassung(z: Zeitraum) -> Arbeitsmittel | None:
    return arbeitsmittel().gueltig("fuehrungsprozess_anlage", "Anlage 7", z.bis)


def _traeger(leitfaden: str) -> set[str]:
    """Die Leitfäden, deren Kontakte eine Regel in `leitfaden` messen: er selbst (außer als Baustein) und
    alle, die ihn einbinden (FK 4.001 etwa steckt in jedem Leitfaden der Familienkasse)."""
    k = katalog()
    lf = k.leitfaeden.get(leitfaden)
    selbst = set() if lf is not None and lf.kopf.baustein else {leitfaden}
    return selbst | {f.leitfaden_id for f in k.fassungen() if any(e.leitfaden == leitfaden for e in f.einbindungen())}


@dataclass
class Spuren:
    """Woran ein aufgezeichneter Lauf zeigt, dass er einen Schritt genommen hat: ein erledigter Auftrag
    (Aktion, Abgabe, Prüfung ohne Parameter; im eingebundenen Leitfaden mit dem Namen des Einbinden-Schritts
    davor: „absage/absagen“), eine Antwort (Frage) oder das Ergebnis (Ende). Ein Hinweis hinterlässt keine
    Spur: eine Regel nur aus Hinweisen ist nicht messbar."""

    auftraege: set[str]
    antworten: set[str]
    ergebnisse: set[str]

    def q(self) -> Q | None:
        teile = ([Q(lauf__auftraege__has_any_keys=sorted(self.auftraege))] if self.auftraege else []) + \
            ([Q(lauf__antworten__has_any_keys=sorted(self.antworten))] if self.antworten else []) + \
            ([Q(ergebnis__in=sorted(self.ergebnisse))] if self.ergebnisse else [])
        if not teile:
            return None
        bedingung = teile[0]
        for t in teile[1:]:
            bedingung |= t
        return bedingung


def _spuren(leitfaden: str, schritte: list[str]) -> Spuren:
    k = katalog()
    spuren = Spuren(set(), set(), set())
    lf = k.leitfaeden.get(leitfaden)
    if lf is None:
        return spuren
    praefixe = ([] if lf.kopf.baustein else [""]) + sorted(
        {f"{e.id}/" for f in k.fassungen() for e in f.einbindungen() if e.leitfaden == leitfaden})
    for f in lf.fassungen:
        for s in f.daten.schritte:
            if s.id not in schritte:
                continue
            if isinstance(s, Frage):
                spuren.antworten.add(s.fakt)
            elif isinstance(s, Ende):
                spuren.ergebnisse.add(s.ergebnis)
            elif isinstance(s, Aktion) or (isinstance(s, Pruefung) and not s.parameter):
                spuren.auftraege |= {p + s.id for p in praefixe}
    return spuren


def _wege(z: Zeitraum, leitfaeden: set[str], bedingung: Q) -> dict[tuple[bool, bool], tuple[int, int]]:
    """Je (Pilot, ab dem Tag): aufgezeichnete Gespräche auf den Leitfäden und davon die mit einer Spur der
    Regel — gezählt in der Datenbank (JSON-Schlüssel des Laufs, Ergebnis), nicht durch Laden der Läufe."""
    anfang, ende = z.grenzen()
    kontakte = Kontakt.objects.filter(status=Kontakt.ABGESCHLOSSEN, abgeschlossen__gte=anfang, abgeschlossen__lt=ende,
                                      leitfaden__in=sorted(leitfaeden), lauf__has_key="fassung")
    piloten = pilotstandorte()
    if z.standort:
        kontakte = kontakte.filter(standort=z.standort)
    if z.gruppe:
        kontakte = kontakte.filter(standort__in=piloten) if z.gruppe == "pilot" else kontakte.exclude(standort__in=piloten)
    tag = dt.datetime.combine(WEISUNG_TAG, dt.time(0), BERLIN)
    if z.phase:
        kontakte = kontakte.filter(abgeschlossen__gte=tag) if z.phase == "ab" else kontakte.filter(abgeschlossen__lt=tag)
    zahlen = kontakte.annotate(
        pilot=Case(When(standort__in=piloten, then=Value(True)), default=Value(False), output_field=BooleanField()),
        nach=Case(When(abgeschlossen__gte=tag, then=Value(True)), default=Value(False), output_field=BooleanField()),
    ).values("pilot", "nach").annotate(
        n=Count("id"), regel=Count("id", filter=bedingung)).order_by()
    return {(bool(r["pilot"]), bool(r["nach"])): (r["n"], r["regel"]) for r in zahlen}


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
        spuren = [_spuren(str(m["leitfaden"]), [str(s) for s in m.get("schritte") or []]) for m in u.get("messung") or []]
        bedingung = Spuren(set().union(*(s.auftraege for s in spuren)), set().union(*(s.antworten for s in spuren)),
                           set().union(*(s.ergebnisse for s in spuren))).q() if spuren else None
        wege = _wege(z, leitfaeden, bedingung) if leitfaeden and bedingung is not None else {}

        def summe(pilot: bool, nach: bool, neu: bool | None = None, lfs: set[str] = leitfaeden) -> int:
            return sum(n for (lf, p, a, w), n in zaehler.items()
                       if lf in lfs and p == pilot and a == nach and (neu is None or w == neu))

        zahlen = (summe(True, False), summe(True, True), summe(False, False), summe(False, True))
        auf_weisung = tuple(round(100 * summe(p, True, True) / ab, 1) if (ab := summe(p, True)) else None
                            for p in (True, False))
        umgesetzt = tuple(round(100 * w[1] / w[0], 1) if (w := wege.get(g)) and w[0] else None
                          for g in ((True, False), (True, True), (False, False), (False, True)))
        qs = []
        for ref in u.get("qs_kriterien") or []:
            q = quoten.get(str(ref))
            nummer, _, kid = str(ref).partition(":")
            bogen = arbeitsmittel().gueltig("qs_anlage", nummer, z.bis)
            kriterium = bogen.kriterium(kid) if bogen else None
            qs.append((str(ref), kriterium.text if kriterium else str(ref), q.quote if q else None))
        regel = str(u["regel"])
        ergebnis.append(Regelzeile(regel, titel.get(regel, ""), tuple(sorted(leitfaeden)), zahlen, umgesetzt,
                                   (auf_weisung[0], auf_weisung[1]), qs, str(u.get("massnahme_vorschlag", "")),
                                   massnahmen.get(regel, [])))
    return ergebnis
