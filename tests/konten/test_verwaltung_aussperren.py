"""Die Verwaltung sperrt sich nicht selbst aus (formulare._administration_bleibt): das eigene Konto behält die Rolle
Administration und „Aktiv“, und dem letzten aktiven Konto der Administration wird beides nicht genommen — vorher
stand die einzige Administratorin nach einem Klick vor „Kein Zugriff“, und niemand konnte mehr Benutzer verwalten
oder das Zugriffsprotokoll lesen. Dazu: „Aktiv“ aus im Formular beendet die Sitzungen wie die Aktion „sperren“, und
die Änderungsgeschichte nennt, welche Rollen dazu- oder weggekommen sind und wohin der Standort wechselte."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.test import Client

from kundenportal.konten.models import Sitzung

pytestmark = pytest.mark.django_db


def _daten(user: Any, **aenderung: Any) -> dict[str, Any]:
    daten = {"username": user.username, "first_name": "", "last_name": "", "email": "", "is_active": "on",
             "rollen": list(user.groups.values_list("name", flat=True)),
             "standort": getattr(getattr(user, "arbeitsplatz", None), "standort", ""),
             "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00"}
    daten.update(aenderung)
    return {k: v for k, v in daten.items() if v is not None}


def _verwaltung(admin: Any) -> Client:
    c = Client()
    c.force_login(admin)
    return c


def test_eigene_administration_und_aktiv_bleiben(benutzer: Callable[..., Any]) -> None:
    ich = benutzer("administration", "chefin")
    benutzer("administration", "vertretung")                 # nicht das letzte Konto: es geht trotzdem nicht
    c = _verwaltung(ich)
    antwort = c.post(f"/verwaltung/auth/user/{ich.pk}/change/", _daten(ich, rollen=[], is_active=None))
    assert antwort.status_code == 200
    text = antwort.content.decode()
    assert text.count("Das eigene Konto behält die Rolle „Administration“") == 2      # an Rollen und an Aktiv
    ich = get_user_model().objects.get(pk=ich.pk)
    assert ich.is_active and ich.groups.filter(name="administration").exists()
    assert c.get("/verwaltung/").status_code == 200


def test_letztes_konto_der_administration_bleibt(benutzer: Callable[..., Any]) -> None:
    """Ändert eine andere (etwa ein Superuser ohne die Rolle), gilt: die letzte aktive Administration bleibt."""
    from kundenportal.konten.formulare import BenutzerAendern

    letzte = benutzer("administration", "letzte")
    weg = benutzer("administration", "gesperrt")
    weg.is_active = False                              # eine gesperrte Administration zählt nicht
    weg.save(update_fields=["is_active"])
    for aenderung in ({"rollen": ["redaktion"]}, {"is_active": None}):
        formular = BenutzerAendern(data={**_daten(letzte, **aenderung), "date_joined": "2026-01-01 00:00"}, instance=letzte)
        formular.angemeldet = weg
        assert not formular.is_valid()
        assert "letzte aktive Konto der Administration" in str(formular.errors)
    benutzer("administration", "neu")                  # mit einer zweiten geht es
    formular = BenutzerAendern(data={**_daten(letzte, rollen=["redaktion"]), "date_joined": "2026-01-01 00:00"},
                               instance=letzte)
    formular.angemeldet = weg
    assert formular.is_valid(), formular.errors


def test_andere_administration_darf_abgegeben_werden(benutzer: Callable[..., Any]) -> None:
    ich = benutzer("administration", "chefin")
    andere = benutzer("administration", "wechselt")
    antwort = _verwaltung(ich).post(f"/verwaltung/auth/user/{andere.pk}/change/",
                                    _daten(andere, rollen=["redaktion"]))
    assert antwort.status_code == 302, antwort.content.decode()[:2000]
    assert list(get_user_model().objects.get(pk=andere.pk).groups.values_list("name", flat=True)) == ["redaktion"]


def test_aktiv_aus_beendet_sitzungen_und_steht_in_der_geschichte(benutzer: Callable[..., Any]) -> None:
    ich = benutzer("administration", "chefin")
    weg = benutzer("agent_sc3", "geht", standort="Nürnberg")
    agentin = Client()
    agentin.force_login(weg)
    assert Sitzung.objects.filter(user=weg).exists()
    c = _verwaltung(ich)
    antwort = c.post(f"/verwaltung/auth/user/{weg.pk}/change/",
                     _daten(weg, is_active=None, rollen=["agent_sc3", "agent_ez"], standort="Köln"))
    assert antwort.status_code == 302, antwort.content.decode()[:2000]
    assert not Sitzung.objects.filter(user=weg).exists()
    eintrag = LogEntry.objects.filter(object_id=str(weg.pk)).latest("action_time")
    nachricht = eintrag.get_change_message()
    assert "Rollen: dazu Eingangszone." in nachricht
    assert "Standort: Nürnberg → Köln." in nachricht and "Gesperrt (deaktiviert, Sitzungen beendet)." in nachricht
    assert "agent_ez" not in nachricht
    assert "Gesperrt" in c.get(f"/verwaltung/auth/user/{weg.pk}/history/").content.decode()
