"""Verdichtung der abgeschlossenen Kontakte zu Tageszahlen (je Tag, Standort, Kanal, Leitfaden-Fassung,
Weisung, Ergebnis): die Anlagen 5 und 7 lesen wenige zehntausend Zeilen statt einer Million Kontakte.

Vor jeder Auswertung holt `verdichten()` nach, was sich seit der letzten Verdichtung geändert hat
(Kontakt.geaendert > Stand): die betroffenen Tage werden gelöscht und aus den Kontakten neu gezählt —
genau, idempotent, in der Datenbank (GROUP BY über den Index auf abgeschlossen). Ohne Änderung kostet
das eine Indexabfrage."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Count, DurationField, ExpressionWrapper, F, Max, Sum
from django.db.models.functions import TruncDate

from kundenportal.gespraech.models import Kontakt

from .kennzahlen_zeit import BERLIN
from .models import Tageszahl, Verdichtungsstand


def _grenzen(tage: list[dt.date]) -> tuple[dt.datetime, dt.datetime]:
    return (dt.datetime.combine(min(tage), dt.time(0), BERLIN),
            dt.datetime.combine(max(tage) + dt.timedelta(days=1), dt.time(0), BERLIN))


@transaction.atomic
def verdichten() -> int:
    """Bringt die Tageszahlen auf den Stand der Kontakte; gibt die Zahl der neu gezählten Tage zurück."""
    stand, _ = Verdichtungsstand.objects.select_for_update().get_or_create(pk=1)
    geaendert = Kontakt.objects.filter(status=Kontakt.ABGESCHLOSSEN, abgeschlossen__isnull=False)
    if stand.bis is not None:
        geaendert = geaendert.filter(geaendert__gt=stand.bis)
    geaendert = geaendert.order_by()
    neuester = geaendert.aggregate(m=Max("geaendert"))["m"]
    if neuester is None:
        return 0
    tage = sorted(set(geaendert.annotate(tag=TruncDate("abgeschlossen", tzinfo=BERLIN))
                      .values_list("tag", flat=True).distinct()))
    anfang, ende = _grenzen(tage)
    dauer = ExpressionWrapper(F("abgeschlossen") - F("begonnen"), output_field=DurationField())
    zeilen = (Kontakt.objects.filter(status=Kontakt.ABGESCHLOSSEN, abgeschlossen__gte=anfang, abgeschlossen__lt=ende)
              .annotate(tag=TruncDate("abgeschlossen", tzinfo=BERLIN))
              .values("tag", "standort", "kanal", "leitfaden", "stand", "weisung", "ergebnis")
              .annotate(anzahl=Count("id"), dauer=Sum(dauer)).order_by())
    betroffen = set(tage)
    Tageszahl.objects.filter(tag__in=tage).delete()
    Tageszahl.objects.bulk_create(
        (Tageszahl(tag=z["tag"], standort=z["standort"], kanal=z["kanal"], leitfaden=z["leitfaden"], stand=z["stand"],
                   weisung=z["weisung"], ergebnis=z["ergebnis"], anzahl=z["anzahl"],
                   dauer_sekunden=int(z["dauer"].total_seconds()) if z["dauer"] else 0)
         for z in zeilen.iterator(chunk_size=5000) if z["tag"] in betroffen), batch_size=5000)
    stand.bis = neuester
    stand.save(update_fields=["bis"])
    return len(tage)
