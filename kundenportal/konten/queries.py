"""Lesefragen der Konten: das Zugriffsprotokoll."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from kundenportal import zeit
from kundenportal.fachverfahren.ports.verbis import kundennummer_normalisieren

from .aktionen import FAMILIEN, KONTROLLE, LESEN, VERWEIGERT
from .models import Zugriff


def zugriffe(*, kundennummer: str = "", benutzer: str = "", aktion: str = "", von: dt.date | None = None,
             bis: dt.date | None = None, ohne_kontakt: bool = False, ab: int = 0,
             grenze: int = 500) -> QuerySet[Zugriff]:
    """Die neuesten Einträge, gefiltert, ab dem `ab`-ten höchstens `grenze`. Die Kundennummer wird wie in der
    Kundensuche gelesen („900d 000009“ findet 900D000009, verbis.kundennummer_normalisieren); `benutzer` ist ein Teil
    des Benutzernamens (Groß-/Kleinschreibung egal); `aktion` ist ein Code (aktionen.TEXTE), eine Familie
    (aktionen.FAMILIEN: alle Codes mit diesem Anfang) oder aktionen.VERWEIGERT (alle verweigerten Zugriffe);
    `von`/`bis` sind Kalendertage in Berlin (beide einschließlich). `ohne_kontakt`: nur Lesezugriffe auf
    Kundendaten (aktionen.LESEN und die Familien; nicht verweigert, nicht das Herunterladen dieses Protokolls), die
    keinem Kontakt zugeordnet sind (`kontakt` leer) — die Frage der Datenschutzkontrolle „wer hat Sozialdaten
    außerhalb eines Kontakts gelesen?“."""
    qs = Zugriff.objects.select_related("user")
    if kundennummer.strip():
        qs = qs.filter(kundennummer__in={kundennummer_normalisieren(kundennummer), kundennummer.strip()})
    if benutzer:
        qs = qs.filter(user__username__icontains=benutzer)
    if von:
        qs = qs.filter(zeit__gte=dt.datetime.combine(von, dt.time(), zeit.BERLIN))
    if bis:
        qs = qs.filter(zeit__lt=dt.datetime.combine(bis + dt.timedelta(days=1), dt.time(), zeit.BERLIN))
    if aktion == VERWEIGERT:
        qs = qs.filter(aktion__endswith=VERWEIGERT)
    elif aktion in FAMILIEN:
        qs = qs.filter(Q(aktion__startswith=aktion + "_"))
    elif aktion:
        qs = qs.filter(aktion=aktion)
    if ohne_kontakt:
        lesen = Q(aktion__in=LESEN - {KONTROLLE})
        for familie in FAMILIEN:
            lesen |= Q(aktion__startswith=familie + "_")
        qs = qs.filter(lesen, kontakt__isnull=True).exclude(aktion__endswith=VERWEIGERT)
    return qs[ab:ab + grenze]
