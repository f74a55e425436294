"""`benutzer anlegen` legt nur Neue an: einen vorhandenen Benutzer (auch gesperrt) lässt es unverändert — kein
neues Passwort, keine anderen Rollen — und nennt den passenden Befehl. Dafür gibt es `aendern`, `passwort` und
`entsperren`."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from kundenportal.konten import zugriff
from tests.betrieb.hilfen import WURZEL

pytestmark = pytest.mark.django_db


def _befehl(*args: str, eingabe: str = "") -> str:
    ausgabe, alt = io.StringIO(), sys.stdin
    sys.stdin = io.StringIO(eingabe)
    try:
        call_command("benutzer", *args, stdout=ausgabe)
    finally:
        sys.stdin = alt
    return ausgabe.getvalue()


def _anmelden(name: str, passwort: str) -> Client:
    client = Client()
    antwort = client.post("/anmelden/", {"username": name, "password": passwort})
    assert antwort.status_code == 302 and antwort["Location"] == "/arbeitsplatz/", antwort.content[:300]
    return client


def test_anlegen_eines_vorhandenen_aendert_nichts(benutzer: Callable[..., Any]) -> None:
    user = benutzer("agent_sc3", "mmuster")
    vorher = user.password
    with pytest.raises(CommandError, match=r"Benutzer mmuster gibt es schon \(aktiv, .*\); nichts geändert\. "
                                           r"Rollen/Standort: benutzer aendern mmuster"):
        _befehl("anlegen", "mmuster", "--rolle", "administration", "--standort", "Köln")
    user.refresh_from_db()
    assert user.password == vorher and zugriff.kanaele_fuer(user) == ["sc3"]
    assert zugriff.standort_fuer(user) == "Nürnberg"


def test_anlegen_eines_gesperrten_gibt_kein_passwort_aus(benutzer: Callable[..., Any]) -> None:
    benutzer("agent_sc3", "weg")
    _befehl("sperren", "weg")
    with pytest.raises(CommandError, match=r"gesperrt.*benutzer entsperren weg") as fehler:
        _befehl("anlegen", "weg", "--rolle", "agent_sc3")
    assert "Erstpasswort" not in str(fehler.value)
    assert not get_user_model().objects.get(username="weg").is_active


def test_aendern_setzt_rollen_und_laesst_das_passwort(benutzer: Callable[..., Any]) -> None:
    user = benutzer("agent_sc3", "umsetzen")
    vorher = user.password
    ausgabe = _befehl("aendern", "umsetzen", "--rolle", "teamleitung", "--rolle", "agent_sc3")
    user.refresh_from_db()
    assert "Passwort unverändert" in ausgabe and user.password == vorher
    assert set(user.groups.values_list("name", flat=True)) == {"teamleitung", "agent_sc3"}
    assert zugriff.standort_fuer(user) == "Nürnberg"                     # ohne --standort: bleibt
    _befehl("aendern", "umsetzen", "--rolle", "agent_sc3", "--standort", "Köln")
    assert zugriff.standort_fuer(get_user_model().objects.get(username="umsetzen")) == "Köln"


def test_passwort_zuruecksetzen_beendet_alte_sitzungen(benutzer: Callable[..., Any]) -> None:
    benutzer("agent_sc3", "vergessen")
    alt = _anmelden("vergessen", "geheim-123")
    ausgabe = _befehl("passwort", "vergessen")
    neu = ausgabe.split("Neues Passwort (einmalig angezeigt): ")[1].strip()
    assert alt.get("/arbeitsplatz/").status_code == 302                  # die alte Sitzung gilt nicht mehr
    _anmelden("vergessen", neu)
    with pytest.raises(CommandError, match="Passwort abgelehnt"):
        _befehl("passwort", "vergessen", "--passwort-stdin", eingabe="kurz\n")


def test_entsperren_ohne_neues_passwort(benutzer: Callable[..., Any]) -> None:
    benutzer("agent_sc3", "zurueck")
    _befehl("sperren", "zurueck")
    for _ in range(5):
        Client().post("/anmelden/", {"username": "zurueck", "password": "falsch"})
    assert AccessAttempt.objects.filter(username="zurueck").exists()
    ausgabe = _befehl("entsperren", "zurueck")
    assert "entsperrt (aktiv; Passwort unverändert" in ausgabe
    assert not AccessAttempt.objects.filter(username="zurueck").exists()
    _anmelden("zurueck", "geheim-123")


def test_unbekannter_benutzer(benutzer: Callable[..., Any]) -> None:
    for aktion in ("aendern", "passwort", "entsperren"):
        argumente = ("--rolle", "agent_sc3") if aktion == "aendern" else ()
        with pytest.raises(CommandError, match="Benutzer niemand gibt es nicht"):
            _befehl(aktion, "niemand", *argumente)


def test_handbuch_nennt_die_befehle() -> None:
    text = (WURZEL / "docs" / "betrieb.md").read_text()
    for befehl in ("benutzer aendern NAME --rolle ROLLE", "benutzer passwort NAME", "benutzer entsperren NAME"):
        assert befehl in text, befehl


def test_agentenrolle_nur_mit_standort(benutzer: Callable[..., Any]) -> None:
    with pytest.raises(CommandError, match=r"Die Rolle „Service Center SGB III“ braucht einen Standort.*--standort"):
        _befehl("anlegen", "ohnestandort", "--rolle", "agent_sc3")
    assert not get_user_model().objects.filter(username="ohnestandort").exists()
    _befehl("anlegen", "redakteur", "--rolle", "redaktion")                 # Redaktion: ohne Standort
    with pytest.raises(CommandError, match=r"Die Rolle „Teamleitung“ braucht einen Standort"):
        _befehl("aendern", "redakteur", "--rolle", "redaktion", "--rolle", "teamleitung")
    assert list(get_user_model().objects.get(username="redakteur").groups.values_list("name", flat=True)) == \
        ["redaktion"]
