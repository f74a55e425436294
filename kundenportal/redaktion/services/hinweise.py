"""Änderungshinweise bestätigen: jede Beschäftigte, deren Rolle den Leitfaden nutzt, bestätigt, den
Hinweis gelesen zu haben; die Teamleitung sieht, wer noch nicht.

Wer den Hinweis der heute geltenden Fassung bestätigt, hat mit ihm die Zusammenfassung der unbestätigten Hinweise
davor gelesen (redaktion.hinweise.unbestaetigte_vorgaenger): sie werden mit bestätigt — der Lesestand der Teamleitung
bleibt stimmig, und die Kette kommt nicht wieder."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from kundenportal import zeit
from kundenportal.konten.zugriff import standort_fuer

from ..hinweise import unbestaetigte_vorgaenger
from ..models import Aenderungshinweis, Lesebestaetigung
from ..queries import katalog_aus_datenbank
from .protokoll import eintragen


@transaction.atomic
def hinweis_bestaetigen(user: Any, hinweis_id: int) -> Lesebestaetigung:
    hinweis = Aenderungshinweis.objects.get(pk=hinweis_id)
    frueher = unbestaetigte_vorgaenger(katalog_aus_datenbank(), user, hinweis, standort_fuer(user))
    for h in frueher:
        _bestaetigen(user, h)
    return _bestaetigen(user, hinweis)


def _bestaetigen(user: Any, hinweis: Aenderungshinweis) -> Lesebestaetigung:
    bestaetigung, neu = Lesebestaetigung.objects.get_or_create(hinweis=hinweis, user=user,
                                                               defaults={"zeit": zeit.jetzt()})
    if neu:
        eintragen(user, "hinweis_gelesen", f"hinweis:{hinweis.pk}", leitfaden=hinweis.leitfaden_id)
    return bestaetigung
