"""Schreibende Dienste der Qualitätssicherung (house style, habit 3): Stichprobe ziehen, Kontakt zur
Bewertung öffnen (protokolliert), Bewertung speichern. Jeder Dienst prüft das Recht selbst (konten.zugriff)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction

from kundenportal.gespraech.models import Kontakt
from kundenportal.konten import zugriff
from kundenportal.konten.services import zugriff_protokollieren

from .kriterien import KOMMENTAR_LAENGE, KRITERIEN, URTEILE
from .models import Bewertung, Stichprobe
from .pfad import Pfad, namen_lesen, pfad
from .vorschlag import vorbewerten

STICHPROBE_MAX = 50
TAGE_MAX = 365


class QsFehler(Exception):
    def __init__(self, code: str, meldung: str) -> None:
        super().__init__(meldung)
        self.code = code
        self.meldung = meldung


class KeinZugriff(QsFehler):
    def __init__(self, meldung: str) -> None:
        super().__init__("kein_zugriff", meldung)


def _qs(user: Any) -> str:
    if not zugriff.darf_qs(user):
        raise KeinZugriff("Die Qualitätssicherung macht die Teamleitung.")
    standort = zugriff.standort_fuer(user)
    if not standort:
        raise QsFehler("ohne_standort", "Ihrem Arbeitsplatz ist kein Standort zugeordnet; "
                       "eine Stichprobe ist nur am eigenen Standort möglich.")
    return standort


@transaction.atomic
def stichprobe_ziehen(user: Any, *, heute: dt.date, jetzt: dt.datetime, n: int = 5, tage: int = 14,
                      leitfaden: str = "", seed: int | None = None) -> Stichprobe:
    """Zieht bis zu `n` abgeschlossene Kontakte der letzten `tage` Tage (bis einschließlich `heute`)
    am Standort der Teamleitung, wahlweise nur eines Leitfadens. Ein Kontakt wird höchstens einmal
    gezogen. Mit `seed` ist die Auswahl wiederholbar (Tests)."""
    standort = _qs(user)
    if not 1 <= n <= STICHPROBE_MAX or not 1 <= tage <= TAGE_MAX:
        raise QsFehler("umfang", f"Umfang 1 bis {STICHPROBE_MAX} Kontakte, Zeitraum 1 bis {TAGE_MAX} Tage.")
    von = heute - dt.timedelta(days=tage - 1)
    kandidaten = Kontakt.objects.filter(status=Kontakt.ABGESCHLOSSEN, standort=standort,
                                        abgeschlossen__date__gte=von, abgeschlossen__date__lte=heute,
                                        qs_bewertungen__isnull=True)
    if leitfaden:
        kandidaten = kandidaten.filter(leitfaden=leitfaden)
    ids = sorted(kandidaten.values_list("pk", flat=True), key=str)
    gezogen = random.Random(seed).sample(ids, min(n, len(ids)))
    stichprobe = Stichprobe.objects.create(user=user, standort=standort, leitfaden=leitfaden, von=von, bis=heute,
                                           gezogen=jetzt)
    for nummer, kontakt in enumerate(Kontakt.objects.filter(pk__in=gezogen).order_by("abgeschlossen"), start=1):
        Bewertung.objects.create(stichprobe=stichprobe, kontakt=kontakt, nummer=nummer,
                                 vorschlag=vorbewerten(pfad(kontakt)))
    return stichprobe


def stichprobe_lesen(user: Any, stichprobe: Stichprobe) -> Stichprobe:
    if not zugriff.darf_stichprobe_sehen(user, stichprobe):
        raise KeinZugriff("Diese Stichprobe gehört zu einem anderen Standort.")
    return stichprobe


def bewertung_oeffnen(user: Any, bewertung: Bewertung) -> Pfad:
    """Der pseudonymisierte Kontakt zur Bewertung; jedes Öffnen steht im Zugriffsprotokoll (auch das
    Lesen des Namens in VerBIS, das nur dem Schwärzen im Vermerk dient)."""
    stichprobe_lesen(user, bewertung.stichprobe)
    kontakt = bewertung.kontakt
    zugriff_protokollieren(user, "qs_kontakt_lesen", kundennummer=kontakt.kundennummer, kontakt=kontakt.pk)
    return pfad(kontakt, namen_lesen(kontakt))


@transaction.atomic
def bewertung_speichern(user: Any, bewertung: Bewertung, urteile: dict[str, str], kommentar: str, *,
                        jetzt: dt.datetime) -> Bewertung:
    """Speichert je Kriterium ein Urteil (alle nötig) und den Kommentar (ohne Markup), mit Prüferin und Zeit."""
    stichprobe_lesen(user, bewertung.stichprobe)
    fehlend = [KRITERIEN[k] for k in KRITERIEN if urteile.get(k) not in URTEILE]
    if fehlend:
        raise QsFehler("urteil_fehlt", f"Bitte bewerten Sie: {', '.join(fehlend)}.")
    kommentar = kommentar.strip()
    if len(kommentar) > KOMMENTAR_LAENGE:
        raise QsFehler("kommentar_lang", f"Der Kommentar hat höchstens {KOMMENTAR_LAENGE} Zeichen.")
    if "<" in kommentar or ">" in kommentar:
        raise QsFehler("kommentar_markup", "Der Kommentar darf kein Markup enthalten (keine Zeichen < und >).")
    bewertung = Bewertung.objects.select_for_update().get(pk=bewertung.pk)
    for kriterium in KRITERIEN:
        setattr(bewertung, kriterium, urteile[kriterium])
    bewertung.kommentar = kommentar
    bewertung.pruefer = user
    bewertung.bewertet = jetzt
    bewertung.save()
    return bewertung
