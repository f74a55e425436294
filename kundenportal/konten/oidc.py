"""Optionale Anmeldung über den Identitätsanbieter der Agentur (OpenID Connect, mozilla-django-oidc);
eingeschaltet nur, wenn OIDC_RP_CLIENT_ID gesetzt ist (conf/sicherheit.py, docs/betrieb.md).

Die Rollen kommen aus dem Anspruch OIDC_ROLLEN_ANSPRUCH (Standard `roles`) des Identitätsanbieters:
nur Schlüssel aus `rollen.ROLLEN` zählen, alle anderen werden ignoriert; ohne bekannte Rolle hat
der Benutzer keine Rechte (sieht nur den Katalog). Der Standort kommt aus dem Anspruch `standort`; ist er keine
Agentur des Katalogs, bleibt er gespeichert (der Identitätsanbieter ist die Quelle), die Verwaltung markiert ihn
(`standorte.anzeige`) und das Betriebsprotokoll warnt — ohne Namen, nur mit der Kennung des Benutzers."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from . import standorte
from .rollen import ROLLEN, RollenUnvereinbar
from .services import LetzteAdministration, rollen_setzen

logger = logging.getLogger(__name__)


def rollen_aus(anspruch: Any) -> list[str]:
    werte = anspruch if isinstance(anspruch, list) else str(anspruch or "").replace(",", " ").split()
    return sorted({str(w) for w in werte if str(w) in ROLLEN})


class RollenAusAnspruechen(OIDCAuthenticationBackend):  # type: ignore[misc]
    def _angleichen(self, user: Any, claims: dict[str, Any]) -> Any:
        user.first_name = str(claims.get("given_name", ""))[:150]
        user.last_name = str(claims.get("family_name", ""))[:150]
        user.save()
        standort = str(claims.get("standort", ""))[:100]
        if standorte.fehler(standort):
            logger.warning("OIDC: Standort des Benutzers %s ist keine Agentur des Katalogs", user.pk)
        try:
            rollen_setzen(user, rollen_aus(claims.get(getattr(settings, "OIDC_ROLLEN_ANSPRUCH", "roles"))),
                          standort=standort)
        except RollenUnvereinbar:
            # Der Identitätsanbieter vergibt Administration mit einer Rolle, die Kundendaten liest: keine Anmeldung
            # (Django fängt PermissionDenied im Backend: die Anmeldung schlägt fehl), bis die Rollen dort getrennt sind.
            logger.warning("OIDC: Benutzer %s hat unvereinbare Rollen (Administration und Kundendaten); keine "
                           "Anmeldung", user.pk)
            raise PermissionDenied("Unvereinbare Rollen") from None
        except LetzteAdministration:
            # Der Identitätsanbieter nimmt dem letzten aktiven Konto der Administration die Rolle: keine Anmeldung
            # (die Rolle bleibt hier), bis ein anderes Konto Administration hat (services.letzte_administration).
            logger.warning("OIDC: Benutzer %s ist das letzte aktive Konto der Administration, der Anspruch nennt "
                           "die Rolle nicht mehr; keine Anmeldung", user.pk)
            raise PermissionDenied("Letzte Administration") from None
        return user

    def create_user(self, claims: dict[str, Any]) -> Any:
        user = super().create_user(claims)
        return self._angleichen(user, claims)

    def update_user(self, user: Any, claims: dict[str, Any]) -> Any:
        return self._angleichen(user, claims)
