"""Eine Regel „die Administration behält sich selbst“ (services.letzte_administration) für Formular, Dienste und
Kommandozeile: dem letzten aktiven Konto der Administration nimmt weder `rollen_setzen` noch `benutzer_sperren`
noch `manage.py benutzer aendern|sperren` die Rolle oder „Aktiv“ — vorher ging das auf der Kommandozeile, und
danach konnte niemand mehr Benutzer verwalten oder das Zugriffsprotokoll lesen. Die Kommandozeile meldet es
deutsch, mit Exit-Code 1 und ohne Traceback. Das eigene Konto schützt nur das Formular (die Kommandozeile kennt
keinen angemeldeten Benutzer)."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from kundenportal.konten import services
from kundenportal.konten.formulare import BenutzerAendern
from kundenportal.konten.management.commands.benutzer import Command
from kundenportal.konten.services import (
    LETZTE_ADMINISTRATION,
    LetzteAdministration,
    benutzer_sperren,
    letzte_administration,
    rollen_setzen,
)

pytestmark = pytest.mark.django_db


def _frisch(user: Any) -> Any:
    return get_user_model().objects.get(pk=user.pk)


def _ist_admin(user: Any) -> bool:
    user = _frisch(user)
    return bool(user.is_active and user.groups.filter(name="administration").exists())


def test_regel_letzte_administration(benutzer: Callable[..., Any]) -> None:
    letzte = benutzer("administration", "letzte")
    agentin = benutzer("agent_sc3", "agentin")
    assert letzte_administration(letzte, rollen=["redaktion"]) == LETZTE_ADMINISTRATION
    assert letzte_administration(letzte, aktiv=False) == LETZTE_ADMINISTRATION
    assert letzte_administration(letzte, rollen=["administration"]) == ""      # behält die Rolle
    assert letzte_administration(letzte) == ""                                 # nichts geändert
    assert letzte_administration(agentin, aktiv=False) == ""                  # keine Administration
    gesperrt = benutzer("administration", "gesperrt")
    benutzer_sperren_ohne_regel(gesperrt)
    assert letzte_administration(letzte, aktiv=False) == LETZTE_ADMINISTRATION   # gesperrte zählt nicht
    chef = get_user_model().objects.create_superuser("chef", "", "Ein-Passwort-1")  # Superuser zählt als Administration
    assert letzte_administration(letzte, aktiv=False) == ""
    assert letzte_administration(chef, rollen=[]) == ""                      # Superuser bleibt es ohne Rolle
    chef.is_active = False
    chef.save(update_fields=["is_active"])
    assert letzte_administration(letzte, rollen=[]) == LETZTE_ADMINISTRATION


def benutzer_sperren_ohne_regel(user: Any) -> None:
    user.is_active = False
    user.save(update_fields=["is_active"])


def test_dienste_nehmen_der_letzten_administration_nichts(benutzer: Callable[..., Any]) -> None:
    letzte = benutzer("administration", "letzte")
    with pytest.raises(LetzteAdministration, match="letzte aktive Konto der Administration"):
        rollen_setzen(letzte, ["redaktion"], standort="")
    with pytest.raises(LetzteAdministration):
        benutzer_sperren("letzte")
    assert _ist_admin(letzte)
    zweite = benutzer("administration", "zweite")        # mit einer zweiten geht beides
    rollen_setzen(letzte, ["redaktion"], standort="")
    assert not _ist_admin(letzte)
    with pytest.raises(LetzteAdministration):             # jetzt ist die zweite die letzte
        benutzer_sperren("zweite")
    assert _ist_admin(zweite)


def test_superuser_zaehlt_auch_beim_sperren(benutzer: Callable[..., Any]) -> None:
    chef = get_user_model().objects.create_superuser("chef", "", "Ein-Passwort-1")
    with pytest.raises(LetzteAdministration):
        benutzer_sperren("chef")
    benutzer("administration", "admin")
    assert not benutzer_sperren("chef").is_active
    assert not _frisch(chef).is_active


def _befehl(*args: str) -> str:
    ausgabe = io.StringIO()
    call_command(*args, stdout=ausgabe)
    return ausgabe.getvalue()


def test_befehl_meldet_die_regel(benutzer: Callable[..., Any]) -> None:
    letzte = benutzer("administration", "letzte")
    with pytest.raises(CommandError, match=r"letzte nicht gesperrt\. Dies ist das letzte aktive Konto"):
        _befehl("benutzer", "sperren", "letzte")
    with pytest.raises(CommandError, match=r"letzte nicht geändert\. Dies ist das letzte aktive Konto"):
        _befehl("benutzer", "aendern", "letzte", "--rolle", "redaktion", "--vorname", "Neu")
    letzte = _frisch(letzte)
    assert _ist_admin(letzte) and letzte.first_name == ""       # auch der Name bleibt (eine Transaktion)
    benutzer("administration", "zweite")
    assert "geändert" in _befehl("benutzer", "aendern", "letzte", "--rolle", "redaktion")
    assert "gesperrt" in _befehl("benutzer", "sperren", "letzte")


def test_befehl_exit_code_ohne_traceback(benutzer: Callable[..., Any], capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Wie `manage.py benutzer sperren letzte`: run_from_argv setzt den Exit-Code (und schlösse danach die
    Verbindungen — hier nicht, die Testdatenbank lebt im Speicher)."""
    from django.db import connections

    benutzer("administration", "letzte")
    monkeypatch.setattr(connections, "close_all", lambda: None)
    with pytest.raises(SystemExit) as ende:
        Command().run_from_argv(["manage.py", "benutzer", "sperren", "letzte"])
    assert ende.value.code not in (0, None)
    fehler = capsys.readouterr().err
    assert "Dies ist das letzte aktive Konto der Administration" in fehler
    assert "Traceback" not in fehler
    assert _ist_admin(get_user_model().objects.get(username="letzte"))


def _formular(user: Any, angemeldet: Any, **aenderung: Any) -> BenutzerAendern:
    daten = {"username": user.username, "first_name": "", "last_name": "", "email": "", "is_active": "on",
             "rollen": list(user.groups.values_list("name", flat=True)), "standort": "",
             "date_joined": "2026-01-01 00:00"}
    daten.update(aenderung)
    formular = BenutzerAendern(data={k: v for k, v in daten.items() if v is not None}, instance=user)
    formular.angemeldet = angemeldet
    return formular


def test_formular_nutzt_dieselbe_regel(benutzer: Callable[..., Any]) -> None:
    letzte = benutzer("administration", "letzte")
    chef = get_user_model().objects.create_superuser("chef", "", "Ein-Passwort-1")
    chef.is_active = False
    chef.save(update_fields=["is_active"])
    formular = _formular(letzte, chef, rollen=["redaktion"], is_active=None)
    assert not formular.is_valid()
    assert formular.errors["rollen"] == [LETZTE_ADMINISTRATION]
    assert formular.errors["is_active"] == [LETZTE_ADMINISTRATION]
    # ein aktiver Superuser als einziges Konto: „Aktiv“ aus wird abgewiesen (vorher übersprang das Formular ihn)
    chef.is_active = True
    chef.save(update_fields=["is_active"])
    benutzer_sperren_ohne_regel(letzte)
    formular = _formular(_frisch(chef), letzte, rollen=[], is_active=None)
    assert not formular.is_valid()
    assert formular.errors["is_active"] == [LETZTE_ADMINISTRATION] and "rollen" not in formular.errors


def test_aktion_sperren_meldet_statt_500(benutzer: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """Die Aktion „sperren“ fängt die Regel (eigentlich unerreichbar: wer sperrt, ist selbst Administration)."""
    from django.test import Client

    ich = benutzer("administration", "chefin")
    andere = benutzer("administration", "andere")
    monkeypatch.setattr(services, "letzte_administration", lambda *a, **k: LETZTE_ADMINISTRATION)
    c = Client()
    c.force_login(ich)
    antwort = c.post("/verwaltung/auth/user/", {"action": "sperren", "index": "0", "_selected_action": [andere.pk]}, follow=True)
    assert antwort.status_code == 200
    text = antwort.content.decode()
    assert "Nicht gesperrt (andere): Dies ist das letzte aktive Konto" in text, text[text.find("messagelist"):][:600]
    assert _frisch(andere).is_active
