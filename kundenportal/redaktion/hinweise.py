"""Lesen der Änderungshinweise: welche eine Beschäftigte sieht (ihre Kanäle, gültig seit heute oder
früher, noch nicht bestätigt) und wer einen Hinweis noch nicht bestätigt hat (für die Teamleitung)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model

from kundenportal.konten.rollen import ROLLEN
from kundenportal.konten.zugriff import kanaele_fuer, standort_fuer

from .models import Aenderungshinweis, Lesebestaetigung
from .queries import hinweise_bis, katalog_aus_datenbank


def _kanaele(leitfaden_id: str) -> set[str]:
    lf = katalog_aus_datenbank().leitfaeden.get(leitfaden_id)
    return set(lf.kopf.kanaele) if lf else set()


def betrifft(user: Any, hinweis: Aenderungshinweis) -> bool:
    return bool(_kanaele(hinweis.leitfaden_id) & set(kanaele_fuer(user)))


def offene_hinweise(user: Any, heute: dt.date, leitfaden_id: str = "") -> list[Aenderungshinweis]:
    """Gültige, noch nicht bestätigte Hinweise zu Leitfäden der Kanäle der Rolle."""
    if not kanaele_fuer(user):
        return []
    qs = hinweise_bis(heute).exclude(bestaetigungen__user=user).select_related("fassung")
    if leitfaden_id:
        qs = qs.filter(leitfaden_id=leitfaden_id)
    return [h for h in qs if betrifft(user, h)]


def neu_seit(leitfaden_id: str, heute: dt.date, tage: int = 30) -> Aenderungshinweis | None:
    """Der jüngste Hinweis zum Leitfaden der letzten `tage` Tage ("neu seit 20.03.2020")."""
    return hinweise_bis(heute).filter(leitfaden_id=leitfaden_id, gilt_ab__gte=heute - dt.timedelta(days=tage)
                                      ).order_by("-gilt_ab").first()


def lesestand(hinweis: Aenderungshinweis, standort: str | None) -> tuple[list[Any], list[Any]]:
    """(bestätigt, offen): Beschäftigte, deren Rolle einen Kanal des Leitfadens führt (am Standort)."""
    kanaele = _kanaele(hinweis.leitfaden_id)
    rollen = [r.schluessel for r in ROLLEN.values() if set(r.kanaele) & kanaele]
    nutzer = get_user_model().objects.filter(groups__name__in=rollen, is_active=True).distinct().order_by("username")
    gelesen = set(Lesebestaetigung.objects.filter(hinweis=hinweis).values_list("user_id", flat=True))
    betroffene = [u for u in nutzer if standort is None or standort_fuer(u) in (standort, None)]
    return [u for u in betroffene if u.pk in gelesen], [u for u in betroffene if u.pk not in gelesen]


def hinweise_fuer_teamleitung(heute: dt.date) -> list[Aenderungshinweis]:
    return list(hinweise_bis(heute).order_by("-gilt_ab")[:50])
