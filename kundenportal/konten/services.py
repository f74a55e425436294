"""Schreibende Dienste der Konten (house style, habit 3): Benutzer anlegen, Zugriffe protokollieren."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from kundenportal import zeit

from .models import Arbeitsplatz, Sitzung, Zugriff
from .rollen import ROLLEN


def rollen_anlegen() -> list[Group]:
    """Legt je Rolle eine Gruppe an (idempotent)."""
    return [Group.objects.get_or_create(name=s)[0] for s in ROLLEN]


@transaction.atomic
def benutzer_anlegen(username: str, passwort: str, rollen: list[str], *, standort: str = "",
                     vorname: str = "", nachname: str = "", passwort_setzen: bool = True) -> Any:
    """Legt einen Benutzer mit Rollen und Standort an oder gleicht ihn an (idempotent)."""
    unbekannt = [r for r in rollen if r not in ROLLEN]
    if unbekannt:
        raise ValueError(f"unbekannte Rolle(n): {', '.join(unbekannt)} (bekannt: {', '.join(ROLLEN)})")
    modell = get_user_model()
    user, neu = modell.objects.get_or_create(username=username,
                                             defaults={"first_name": vorname, "last_name": nachname})
    if neu or passwort_setzen:
        user.set_password(passwort)
        user.save()
    rollen_setzen(user, rollen, standort=standort)
    return user


@transaction.atomic
def rollen_setzen(user: Any, rollen: list[str], *, standort: str) -> None:
    """Rollen (Gruppen) und Standort eines Benutzers setzen; nur bekannte Rollen (rollen.ROLLEN)."""
    unbekannt = [r for r in rollen if r not in ROLLEN]
    if unbekannt:
        raise ValueError(f"unbekannte Rolle(n): {', '.join(unbekannt)} (bekannt: {', '.join(ROLLEN)})")
    user.groups.set(Group.objects.get_or_create(name=r)[0] for r in rollen)
    Arbeitsplatz.objects.update_or_create(user=user, defaults={"standort": standort})


@transaction.atomic
def benutzer_sperren(username: str) -> Any:
    """Deaktiviert einen Benutzer (is_active aus) und beendet seine offenen Sitzungen; die Einträge im
    Zugriffsprotokoll bleiben (PROTECT) — gelöscht wird nicht."""
    user = get_user_model().objects.get(username=username)
    user.is_active = False
    user.save(update_fields=["is_active"])
    Sitzung.objects.filter(user=user).delete()      # die Sitzung trägt den Benutzer als Spalte
    return user


def zugriff_protokollieren(user: Any, aktion: str, *, kundennummer: str | None = "",
                           kontakt: uuid.UUID | str | None = None) -> Zugriff:
    """Schreibt einen Eintrag ins Zugriffsprotokoll. Aufrufen bei jedem Lesen und Ändern von
    Kundendaten (Seite, API, Dienst). `aktion` ist ein kurzer Code wie `kunde_lesen`."""
    kontakt_id = uuid.UUID(str(kontakt)) if kontakt else None
    return Zugriff.objects.create(user=user, aktion=aktion, kundennummer=kundennummer or "",
                                  kontakt=kontakt_id, zeit=zeit.echt())  # echte Zeit, nie der Stichtag
