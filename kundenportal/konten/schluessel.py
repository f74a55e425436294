"""API-Schlüssel (Bearer-Token) anlegen, prüfen, widerrufen — die einzigen Schreiber von ApiSchluessel."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from kundenportal import zeit

from .models import ApiSchluessel

PRAEFIX = "kp_"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def anlegen(user: Any, name: str) -> tuple[ApiSchluessel, str]:
    """Legt einen Schlüssel an; gibt ihn und den Klartext zurück (nur jetzt sichtbar)."""
    token = PRAEFIX + secrets.token_urlsafe(32)
    eintrag = ApiSchluessel.objects.create(user=user, name=name[:100], praefix=token[:8], hash=_hash(token))
    return eintrag, token


def pruefen(token: str) -> Any | None:
    """Der Benutzer zum Token, wenn Schlüssel und Benutzer aktiv sind; sonst None."""
    if not token.startswith(PRAEFIX) or len(token) > 200:
        return None
    eintrag = ApiSchluessel.objects.select_related("user").filter(hash=_hash(token), aktiv=True).first()
    if eintrag is None or not eintrag.user.is_active:
        return None
    ApiSchluessel.objects.filter(pk=eintrag.pk).update(zuletzt=zeit.echt())
    return eintrag.user


def widerrufen(schluessel_id: int) -> ApiSchluessel:
    eintrag = ApiSchluessel.objects.get(pk=schluessel_id)
    eintrag.aktiv = False
    eintrag.save(update_fields=["aktiv"])
    return eintrag
