"""Die Auswahl nach dem Stichprobenplan (Anlage 2.2.6; domain.md A12), ohne zu schreiben.

Je Beschäftigten und Kanal im Monat `je_kanal[kanal]` (sonst `je_beschaeftigten_und_monat`) Kontakte;
hat die Person in dem Monat nach einer Leitfaden-Fassung gearbeitet, die höchstens `wochen` Wochen alt
war (`nach_neuer_fassung`), gilt die höhere Zahl, und diese Kontakte werden zuerst gezogen. Filter: Kanäle
(immer nur die der Rechtskreise der Teamleitung, konten.zugriff.qs_kanaele), Leitfaden, Fassung (Stand);
Standort ist der der Teamleitung. Gelesen werden nur Kennungen (Index
Standort + Abschluss, fuehrung-Migration), keine Läufe; „neu“ entscheidet die Datenbank."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import BooleanField, Case, Q, Value, When

from kundenportal.gespraech.models import Kontakt
from kundenportal.verdrahtung import katalog

BERLIN = ZoneInfo("Europe/Berlin")


@dataclass(frozen=True)
class Monat:
    erster: dt.date
    letzter: dt.date

    @classmethod
    def von(cls, tag: dt.date) -> Monat:
        erster = tag.replace(day=1)
        naechster = (erster + dt.timedelta(days=32)).replace(day=1)
        return cls(erster, naechster - dt.timedelta(days=1))

    def grenzen(self) -> tuple[dt.datetime, dt.datetime]:
        return (dt.datetime.combine(self.erster, dt.time(0), BERLIN),
                dt.datetime.combine(self.letzter + dt.timedelta(days=1), dt.time(0), BERLIN))


def _frisch(monat: Monat, wochen: int) -> Q | None:
    """Kontakte auf einer Fassung, die beim Abschluss höchstens `wochen` Wochen galt — als Bedingung in SQL
    (je Fassung, deren „neue“ Zeit in den Monat fällt; die anderen sind nie frisch)."""
    if not wochen:
        return None
    anfang, ende = monat.grenzen()
    bedingung: Q | None = None
    for f in katalog().fassungen():
        ab = dt.datetime.combine(f.gueltig_ab, dt.time(0), BERLIN)
        bis = ab + dt.timedelta(weeks=wochen)
        if bis > anfang and ab < ende:
            q = Q(leitfaden=f.leitfaden_id, stand=f.stand, abgeschlossen__lt=bis)
            bedingung = q if bedingung is None else bedingung | q
    return bedingung


def auswahl(plan: dict[str, Any], *, standort: str, monat: Monat, kanaele: Collection[str], leitfaden: str = "",
            stand: dt.date | None = None, seed: int | None = None) -> list[Any]:
    """Die Kontakt-ids der Stichprobe (noch nicht gezogene, abgeschlossene Kontakte des Monats in einem der
    `kanaele`; leer: keiner)."""
    anfang, ende = monat.grenzen()
    kandidaten = Kontakt.objects.filter(standort=standort, abgeschlossen__gte=anfang, abgeschlossen__lt=ende,
                                        status=Kontakt.ABGESCHLOSSEN, qs_bewertungen__isnull=True,
                                        kanal__in=list(kanaele))
    if leitfaden:
        kandidaten = kandidaten.filter(leitfaden=leitfaden)
    if stand:
        kandidaten = kandidaten.filter(stand=stand)
    neu_plan = plan.get("nach_neuer_fassung") or {}
    wochen = int(neu_plan.get("wochen", 0))
    frisch = _frisch(monat, wochen)
    kandidaten = kandidaten.annotate(frisch=Case(When(frisch, then=Value(True)), default=Value(False),
                                                 output_field=BooleanField())) if frisch else kandidaten.annotate(
        frisch=Value(False, output_field=BooleanField()))
    gruppen: dict[tuple[Any, str], tuple[list[Any], list[Any]]] = defaultdict(lambda: ([], []))
    for pk, user_id, k, ist_frisch in kandidaten.order_by().values_list("pk", "user_id", "kanal", "frisch"):
        gruppen[(user_id, k)][0 if ist_frisch else 1].append(pk)
    zufall = random.Random(seed)
    gezogen: list[Any] = []
    for (_, k), (neue, sonst) in sorted(gruppen.items(), key=lambda g: (str(g[0][0]), g[0][1])):
        quote = int((plan.get("je_kanal") or {}).get(k) or plan["je_beschaeftigten_und_monat"])
        if neue and neu_plan:
            quote = max(quote, int(neu_plan["je_beschaeftigten_und_monat"]))
        for topf in (sorted(neue, key=str), sorted(sonst, key=str)):
            anzahl = min(quote, len(topf))
            gezogen.extend(zufall.sample(topf, anzahl))
            quote -= anzahl
            if quote <= 0:
                break
    return gezogen
