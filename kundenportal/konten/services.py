"""Schreibende Dienste der Konten (house style, habit 3): Benutzer anlegen, Zugriffe protokollieren."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from kundenportal import zeit
from kundenportal.vorbereitet import Einfuegen

from . import zwecke
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
                           kontakt: uuid.UUID | str | None = None, zweck: str = "") -> None:
    """Schreibt einen Eintrag ins Zugriffsprotokoll. Aufrufen bei jedem Lesen und Ändern von
    Kundendaten (Seite, API, Dienst). `aktion` ist ein kurzer Code wie `kunde_lesen`; der Zweck folgt
    aus ihr (zwecke.zweck_fuer), wenn er nicht eigens genannt ist."""
    eintrag = _eintrag(user, aktion, kundennummer, kontakt, zweck)
    _ZUGRIFF_EINFUEGEN(user_id=eintrag.pop("user").pk, **eintrag)


# Eine Zeile je Schritt: als vorbereitetes INSERT, einmal je Verbindung übersetzt (kundenportal/vorbereitet.py),
# ohne ein Modellobjekt zu bauen und ohne den neuen Schlüssel zurückzulesen.
_ZUGRIFF_EINFUEGEN = Einfuegen(Zugriff, ["user_id", "aktion", "zweck", "kundennummer", "kontakt", "zeit"])


def zugriffe_protokollieren(user: Any, aktion: str, gelesen: Iterable[tuple[str | None, uuid.UUID | str | None]],
                            *, zweck: str = "") -> int:
    """Eine Liste gelesen (Warteschlange, Postkorb, Historie, Suchtreffer): je Kunde und Kontakt ein
    Eintrag, in einer Abfrage (bulk_create). `gelesen` sind Paare (Kundennummer, Kontakt); doppelte
    zählen einmal. Eine leere Liste schreibt einen Eintrag ohne Kunde (dass gelesen wurde, steht fest).
    Gibt die Zahl der geschriebenen Einträge zurück."""
    paare = list(dict.fromkeys((kn or "", str(k) if k else None) for kn, k in gelesen)) or [("", None)]
    if len(paare) == 1:                 # der häufige Fall (etwa die letzten Kontakte eines Neukunden): vorbereitet
        zugriff_protokollieren(user, aktion, kundennummer=paare[0][0], kontakt=paare[0][1], zweck=zweck)
        return len(paare)
    return len(Zugriff.objects.bulk_create(Zugriff(**_eintrag(user, aktion, kn, k, zweck)) for kn, k in paare))


def _eintrag(user: Any, aktion: str, kundennummer: str | None, kontakt: uuid.UUID | str | None,
             zweck: str) -> dict[str, Any]:
    return {"user": user, "aktion": aktion, "zweck": zwecke.pruefen(zweck or zwecke.zweck_fuer(aktion)),
            "kundennummer": kundennummer or "", "kontakt": _kontakt_id(kontakt), "zeit": zeit.echt()}


def _kontakt_id(kontakt: uuid.UUID | str | None) -> uuid.UUID | None:
    """Die Kennung eines Kontakts; ein Verweis, der keine ist (etwa eine Aufgabe aus einem Fachverfahren
    mit eigener Nummer), bleibt leer — die Kundennummer steht trotzdem im Eintrag."""
    if not kontakt:
        return None
    try:
        return uuid.UUID(str(kontakt))
    except ValueError:
        return None
