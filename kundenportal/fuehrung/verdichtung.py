"""Verdichtung der abgeschlossenen Kontakte zu Tageszahlen (je Tag, Standort, Kanal, Leitfaden-Fassung,
Weisung, Ergebnis, Abgabe an ein Backoffice): die Anlagen 5 und 7 lesen wenige zehntausend Zeilen statt einer
Million Kontakte. Die Abgabe erkennt die Datenbank am Lauf (abgaben.py), nicht am Ergebnis allein.

Vor jeder Auswertung holt `verdichten()` nach, was sich seit der letzten Verdichtung geändert hat
(Kontakt.geaendert nach dem Wasserzeichen): die betroffenen Tage werden gelöscht und neu gezählt —
genau, idempotent, in der Datenbank (GROUP BY über den Index auf abgeschlossen). Ohne Änderung kostet
das eine Indexabfrage.

Zwei Fallen, die hier geschlossen sind:

- **Späte Commits.** `geaendert` setzt Django beim Speichern, sichtbar wird die Zeile erst beim Commit.
  Ein Wasserzeichen auf dem größten gesehenen `geaendert` überspränge eine Zeile, deren Transaktion
  früher speicherte, aber später committete. Das Wasserzeichen bleibt darum `NACHLAUF` hinter der echten
  Uhr zurück: was jünger ist, wird beim nächsten Aufruf noch einmal gezählt (derselbe Tag, dasselbe
  Ergebnis), bis es älter als der Nachlauf ist.
- **Löschfristen.** Die Löschfristen (betrieb/loeschfristen) entfernen alte Kontakte. Würde ein Tag danach
  neu gezählt (ein übriger Kontakt ändert sich), fehlten die gelöschten. `vor_dem_loeschen` verdichtet
  darum zuerst und hält die gelöschten Kontakte im Gelöscht-Zähler fest; jede Neuzählung addiert ihn.
  Ein Kontakt steht so entweder in der Kontakttabelle oder im Zähler, nie in beiden."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Count, DurationField, ExpressionWrapper, F, Max, QuerySet, Sum
from django.db.models.functions import TruncDate

from kundenportal import zeit
from kundenportal.gespraech.models import Kontakt

from .abgaben import abgabe_ausdruck
from .kennzahlen_zeit import BERLIN
from .models import GeloeschteKontakte, Tageszahl, Verdichtungsstand

NACHLAUF = dt.timedelta(minutes=2)      # länger als jede Transaktion, die einen Kontakt abschließt
MERKMALE = ("tag", "standort", "kanal", "leitfaden", "stand", "weisung", "ergebnis", "abgabe")


def _grenzen(tage: list[dt.date]) -> tuple[dt.datetime, dt.datetime]:
    return (dt.datetime.combine(min(tage), dt.time(0), BERLIN),
            dt.datetime.combine(max(tage) + dt.timedelta(days=1), dt.time(0), BERLIN))


def _gruppiert(kontakte: QuerySet[Kontakt]) -> Any:
    """Anzahl und Bearbeitungszeit je Merkmalen der Tageszahl, gerechnet in der Datenbank."""
    dauer = ExpressionWrapper(F("abgeschlossen") - F("begonnen"), output_field=DurationField())
    return (kontakte.annotate(tag=TruncDate("abgeschlossen", tzinfo=BERLIN), abgabe=abgabe_ausdruck()).values(*MERKMALE)
            .annotate(anzahl=Count("id"), dauer=Sum(dauer)).order_by())


def _sekunden(dauer: dt.timedelta | None) -> int:
    return int(dauer.total_seconds()) if dauer else 0


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
    _tage_zaehlen(tage)
    stand.bis = min(neuester, zeit.echt() - NACHLAUF)
    stand.save(update_fields=["bis"])
    return len(tage)


def _tage_zaehlen(tage: list[dt.date]) -> None:
    """Die Tageszahlen der Tage `tage` aus den vorhandenen Kontakten und dem Gelöscht-Zähler neu (in der
    Transaktion des Aufrufers)."""
    anfang, ende = _grenzen(tage)
    betroffen = set(tage)
    summen: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0, 0])
    vorhanden = Kontakt.objects.filter(status=Kontakt.ABGESCHLOSSEN, abgeschlossen__gte=anfang, abgeschlossen__lt=ende)
    for z in _gruppiert(vorhanden).iterator(chunk_size=5000):
        if z["tag"] in betroffen:
            s = summen[tuple(z[m] for m in MERKMALE)]
            s[0] += z["anzahl"]
            s[1] += _sekunden(z["dauer"])
    for g in GeloeschteKontakte.objects.filter(tag__in=tage).values(*MERKMALE, "anzahl", "dauer_sekunden"):
        s = summen[tuple(g[m] for m in MERKMALE)]
        s[0] += g["anzahl"]
        s[1] += g["dauer_sekunden"]
    Tageszahl.objects.filter(tag__in=tage).delete()
    Tageszahl.objects.bulk_create(
        (Tageszahl(**dict(zip(MERKMALE, schluessel, strict=True)), anzahl=n, dauer_sekunden=sekunden)
         for schluessel, (n, sekunden) in summen.items()), batch_size=5000)


def alle_tage_neu_zaehlen(je_transaktion: int = 7) -> int:
    """Jeden Tag mit Tageszahlen oder abgeschlossenen Kontakten neu zählen, je `je_transaktion` Tage in einer
    eigenen kurzen Transaktion (unter der Sperre des Verdichtungsstands, wie `verdichten`): nach einer Änderung
    der Zählregel (etwa Migration 0003, Abgabe nach dem Lauf) im Betrieb nachholbar, ohne dass eine Anfrage
    alles auf einmal zählt oder Auswertungen lange warten. Gibt die Zahl der Tage zurück."""
    tage = set(Tageszahl.objects.values_list("tag", flat=True).distinct())
    tage |= set(Kontakt.objects.filter(status=Kontakt.ABGESCHLOSSEN, abgeschlossen__isnull=False).order_by()
                .annotate(tag=TruncDate("abgeschlossen", tzinfo=BERLIN)).values_list("tag", flat=True).distinct())
    folge = sorted(tage)
    for i in range(0, len(folge), max(1, je_transaktion)):
        with transaction.atomic():
            Verdichtungsstand.objects.select_for_update().get_or_create(pk=1)
            _tage_zaehlen(folge[i:i + je_transaktion])
    return len(folge)


@transaction.atomic
def vor_dem_loeschen(kontakt_ids: Iterable[Any]) -> int:
    """Haken der Löschfristen, in deren Transaktion vor dem Löschen der Kontakte `kontakt_ids` aufgerufen:
    verdichtet zuerst (die Tageszahlen enthalten sie dann) und hält die abgeschlossenen unter ihnen im
    Gelöscht-Zähler fest. Gibt die Zahl der festgehaltenen Kontakte zurück."""
    ids = list(kontakt_ids)
    if not ids:
        return 0
    verdichten()
    festgehalten = 0
    for z in _gruppiert(Kontakt.objects.filter(pk__in=ids, status=Kontakt.ABGESCHLOSSEN,
                                               abgeschlossen__isnull=False)):
        zeile, _ = GeloeschteKontakte.objects.select_for_update().get_or_create(
            **{m: z[m] for m in MERKMALE}, defaults={"anzahl": 0, "dauer_sekunden": 0})
        GeloeschteKontakte.objects.filter(pk=zeile.pk).update(anzahl=F("anzahl") + z["anzahl"],
                                                              dauer_sekunden=F("dauer_sekunden") + _sekunden(z["dauer"]))
        festgehalten += z["anzahl"]
    return festgehalten
