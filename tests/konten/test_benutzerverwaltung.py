"""Identität: Demo-Konten nur mit `einrichten --demo`; Beschäftigte anlegen und sperren per Befehl;
Verwaltung unter /verwaltung/ nur für die Administration; Passwortregeln."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from kundenportal.konten import zugriff
from kundenportal.konten.rollen import ROLLEN

pytestmark = pytest.mark.django_db


def _befehl(*args: str, eingabe: str = "") -> str:
    ausgabe = io.StringIO()
    alt = __import__("sys").stdin
    __import__("sys").stdin = io.StringIO(eingabe)
    try:
        call_command(*args, stdout=ausgabe)
    finally:
        __import__("sys").stdin = alt
    return ausgabe.getvalue()


def test_einrichten_ohne_demo_legt_keine_konten_an() -> None:
    ausgabe = _befehl("einrichten")
    assert "Katalog geladen" in ausgabe and "Demo" not in ausgabe
    assert not get_user_model().objects.exists()


def test_einrichten_mit_demo_legt_die_demo_konten_an() -> None:
    assert "demo-agent-sc3 / demo-agent-sc3" in _befehl("einrichten", "--demo")
    namen = set(get_user_model().objects.values_list("username", flat=True))
    assert {f"demo-{r.replace('_', '-')}" for r in ROLLEN} <= namen


def test_einrichten_mit_demo_verweigert_im_betrieb(settings: Any, monkeypatch: Any) -> None:
    """Rundgang Betrieb: mit den Einstellungen des Betriebs legte --demo Anmeldungen mit bekanntem Passwort an."""
    settings.ENTWICKLUNG, settings.DEBUG = False, False
    monkeypatch.setenv("KUNDENPORTAL_SQLITE", "ausdruecklich.sqlite3")      # die Datenbank ist eingestellt
    with pytest.raises(CommandError, match="nur in Entwicklung und Schulung: mit KUNDENPORTAL_ENTWICKLUNG=1"):
        _befehl("einrichten", "--demo")
    assert not get_user_model().objects.exists()


def test_benutzer_anlegen_mit_rolle_und_erzeugtem_passwort(client: Client) -> None:
    ausgabe = _befehl("benutzer", "anlegen", "mmuster", "--rolle", "agent_sc3", "--standort", "Nürnberg")
    passwort = ausgabe.split("Erstpasswort (einmalig angezeigt): ")[1].strip()
    user = get_user_model().objects.get(username="mmuster")
    assert zugriff.kanaele_fuer(user) == ["sc3"] and zugriff.standort_fuer(user) == "Nürnberg"
    antwort = client.post("/anmelden/", {"username": "mmuster", "password": passwort})
    assert antwort.status_code == 302 and antwort["Location"] == "/arbeitsplatz/"


def test_zu_schwaches_passwort_wird_abgelehnt() -> None:
    with pytest.raises(CommandError, match="Passwort abgelehnt"):
        _befehl("benutzer", "anlegen", "kurz", "--rolle", "redaktion", "--passwort-stdin", eingabe="geheim\n")
    assert not get_user_model().objects.filter(username="kurz").exists()


def test_sperren_beendet_die_sitzung(benutzer: Callable[..., Any], client: Client) -> None:
    benutzer("agent_sc3", "weg")
    assert client.post("/anmelden/", {"username": "weg", "password": "geheim-123"}).status_code == 302
    assert client.get("/arbeitsplatz/").status_code == 200
    assert "gesperrt" in _befehl("benutzer", "sperren", "weg")
    assert client.get("/arbeitsplatz/")["Location"].startswith("/anmelden/")
    assert client.post("/anmelden/", {"username": "weg", "password": "geheim-123"}).status_code == 200
    assert "weg\tgesperrt" in _befehl("benutzer", "liste")


def test_unbekannten_benutzer_sperren_meldet_klar() -> None:
    with pytest.raises(CommandError, match="gibt es nicht"):
        _befehl("benutzer", "sperren", "niemand")


@pytest.mark.parametrize("rolle", ["administration", "agent_sc3", "teamleitung"])
def test_verwaltung_nur_fuer_die_administration(benutzer: Callable[..., Any], rolle: str) -> None:
    c = Client()
    c.force_login(benutzer(rolle))
    antwort = c.get("/verwaltung/auth/user/")
    if rolle == "administration":
        assert antwort.status_code == 200 and "t-administration" in antwort.content.decode()
    else:
        assert antwort.status_code == 302 and "/verwaltung/login/" in antwort["Location"]


def test_administration_vergibt_rollen_in_der_verwaltung(benutzer: Callable[..., Any]) -> None:
    ziel = benutzer("redaktion", "umsetzen")
    c = Client()
    c.force_login(benutzer("administration"))
    seite = c.get(f"/verwaltung/auth/user/{ziel.pk}/change/")
    assert seite.status_code == 200
    antwort = c.post(f"/verwaltung/auth/user/{ziel.pk}/change/", {
        "username": "umsetzen", "first_name": "", "last_name": "", "email": "", "is_active": "on",
        "rollen": ["agent_scfk"], "standort": "Köln", "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00"})
    assert antwort.status_code == 302, antwort.content.decode()[:2000]
    ziel = get_user_model().objects.get(pk=ziel.pk)
    assert zugriff.kanaele_fuer(ziel) == ["scfk"] and zugriff.standort_fuer(ziel) == "Köln"


def test_angemeldete_ohne_administration_bekommen_kein_anmeldeformular(benutzer: Callable[..., Any],
                                                                      client: Client) -> None:
    """Eine Agentin, die /verwaltung/ aufruft, ist schon angemeldet: sie bekommt die Ablehnung mit Grund, nicht die
    Anmeldeseite (die sie mit ihrem Konto nur im Kreis schickte)."""
    client.force_login(benutzer("agent_sc3", "neugierig"))
    antwort = client.get("/verwaltung/", follow=True)
    assert antwort.status_code == 403
    assert "Die Benutzerverwaltung gehört zur Rolle Administration." in antwort.content.decode()


def test_jede_aenderung_per_befehl_steht_im_protokoll(caplog: Any) -> None:
    """Rundgang Betrieb: „benutzer aendern … --rolle administration“ hinterließ keine Spur."""
    from kundenportal.konten.services import benutzer_anlegen

    benutzer_anlegen("vertretung", "geheim-123", ["administration"])   # kkurz ist nicht die letzte Administration
    with caplog.at_level("INFO", logger="kundenportal.verwaltung"):
        _befehl("benutzer", "anlegen", "kkurz", "--rolle", "agent_sc3", "--standort", "Nürnberg")
        _befehl("benutzer", "aendern", "kkurz", "--rolle", "administration")
        _befehl("benutzer", "sperren", "kkurz")
        _befehl("benutzer", "liste")
    zeilen = [r.getMessage() for r in caplog.records if r.name == "kundenportal.verwaltung"]
    user = get_user_model().objects.get(username="kkurz")
    assert [z.split(" benutzer=")[0] for z in zeilen] == [
        "Benutzerverwaltung per Befehl: anlegen", "Benutzerverwaltung per Befehl: aendern",
        "Benutzerverwaltung per Befehl: sperren"]
    assert f"benutzer={user.pk} rollen=administration" in zeilen[1] and "aktiv=False" in zeilen[2]
    assert "kkurz" not in " ".join(zeilen)            # die Kennung, nicht der Name
