"""Änderungshinweise bestätigen: jede Beschäftigte, deren Rolle den Leitfaden nutzt, bestätigt, den
Hinweis gelesen zu haben; die Teamleitung sieht, wer noch nicht."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from kundenportal import zeit

from ..models import Aenderungshinweis, Lesebestaetigung
from .protokoll import eintragen


@transaction.atomic
def hinweis_bestaetigen(user: Any, hinweis_id: int) -> Lesebestaetigung:
    hinweis = Aenderungshinweis.objects.get(pk=hinweis_id)
    bestaetigung, neu = Lesebestaetigung.objects.get_or_create(hinweis=hinweis, user=user,
                                                               defaults={"zeit": zeit.jetzt()})
    if neu:
        eintragen(user, "hinweis_gelesen", f"hinweis:{hinweis.pk}", leitfaden=hinweis.leitfaden_id)
    return bestaetigung
