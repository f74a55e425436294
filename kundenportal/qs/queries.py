"""Lesefragen der Qualitätssicherung: Stichproben eines Standorts und die QS-Quote je Leitfaden und
Kriterium (Anteil „erfüllt“ an den erfüllt/nicht erfüllt bewerteten Kontakten)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from .kriterien import ERFUELLT, KRITERIEN, NICHT_ERFUELLT
from .models import Bewertung, Stichprobe


def stichproben(standort: str | None) -> QuerySet[Stichprobe]:
    return Stichprobe.objects.filter(standort=standort or "").annotate(
        anzahl=Count("bewertungen"), bewertet=Count("bewertungen", filter=Q(bewertungen__bewertet__isnull=False)))


def stichprobe(stichprobe_id: Any) -> Stichprobe | None:
    return Stichprobe.objects.filter(pk=stichprobe_id).first()


def bewertungen(stichprobe: Stichprobe) -> QuerySet[Bewertung]:
    return stichprobe.bewertungen.select_related("kontakt").order_by("nummer")


def bewertung(bewertung_id: Any) -> Bewertung | None:
    return Bewertung.objects.filter(pk=bewertung_id).select_related("stichprobe", "kontakt").first()


@dataclass(frozen=True)
class Quote:
    erfuellt: int
    bewertet: int           # erfüllt + nicht erfüllt („nicht anwendbar“ zählt nicht)

    @property
    def anteil(self) -> float | None:
        return self.erfuellt / self.bewertet if self.bewertet else None


@dataclass(frozen=True)
class Quotenzeile:
    leitfaden: str
    kontakte: int
    quoten: list[tuple[str, Quote]]     # (Kriterium-Text, Quote) in der Reihenfolge von KRITERIEN


def quoten(*, standort: str | None, von: dt.date, bis: dt.date) -> list[Quotenzeile]:
    """Je Leitfaden die QS-Quote der bewerteten Kontakte, die von `von` bis `bis` abgeschlossen wurden."""
    zaehler: dict[str, Any] = {"kontakte": Count("id")}
    for k in KRITERIEN:
        zaehler[f"{k}_ja"] = Count("id", filter=Q(**{k: ERFUELLT}))
        zaehler[f"{k}_nein"] = Count("id", filter=Q(**{k: NICHT_ERFUELLT}))
    bewertet = Bewertung.objects.filter(stichprobe__standort=standort or "", bewertet__isnull=False,
                                        kontakt__abgeschlossen__date__gte=von, kontakt__abgeschlossen__date__lte=bis)
    # values() + annotate(**zaehler): die Schlüssel entstehen zur Laufzeit, django-stubs kennt sie nicht.
    gruppen = bewertet.values("kontakt__leitfaden").annotate(**zaehler).order_by("kontakt__leitfaden")
    zeilen: list[dict[str, Any]] = list(gruppen)  # type: ignore[arg-type]
    return [Quotenzeile(z["kontakt__leitfaden"], z["kontakte"],
                        [(text, Quote(z[f"{k}_ja"], z[f"{k}_ja"] + z[f"{k}_nein"])) for k, text in KRITERIEN.items()])
            for z in zeilen]
