"""Lesefragen der Konten: das Zugriffsprotokoll."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Zugriff


def zugriffe(*, kundennummer: str = "", benutzer: str = "", grenze: int = 500) -> QuerySet[Zugriff]:
    qs = Zugriff.objects.select_related("user")
    if kundennummer:
        qs = qs.filter(kundennummer=kundennummer)
    if benutzer:
        qs = qs.filter(user__username=benutzer)
    return qs[:grenze]
