"""Lesefragen der Konten: das Zugriffsprotokoll."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from kundenportal.fachverfahren.ports.verbis import kundennummer_normalisieren

from .aktionen import FAMILIEN, VERWEIGERT
from .models import Zugriff


def zugriffe(*, kundennummer: str = "", benutzer: str = "", aktion: str = "", grenze: int = 500) -> QuerySet[Zugriff]:
    """Die neuesten Einträge, gefiltert. Die Kundennummer wird wie in der Kundensuche gelesen („900d 000009“ findet
    900D000009, verbis.kundennummer_normalisieren); `aktion` ist ein Code (aktionen.TEXTE), eine Familie
    (aktionen.FAMILIEN: alle Codes mit diesem Anfang) oder aktionen.VERWEIGERT (alle verweigerten Zugriffe)."""
    qs = Zugriff.objects.select_related("user")
    if kundennummer.strip():
        qs = qs.filter(kundennummer__in={kundennummer_normalisieren(kundennummer), kundennummer.strip()})
    if benutzer:
        qs = qs.filter(user__username=benutzer)
    if aktion == VERWEIGERT:
        qs = qs.filter(aktion__endswith=VERWEIGERT)
    elif aktion in FAMILIEN:
        qs = qs.filter(Q(aktion__startswith=aktion + "_"))
    elif aktion:
        qs = qs.filter(aktion=aktion)
    return qs[:grenze]
