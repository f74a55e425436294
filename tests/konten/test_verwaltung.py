"""Die Verwaltung (/verwaltung/) für die Administration: Standort nur aus dem Katalog (ein Tippfehler wird nicht
gespeichert, ein alter unbekannter Wert steht sichtbar da), Rollen mit ihren Namen als Kästchen, alles deutsch —
auch die Texte, die Djangos deutscher Übersetzung fehlen (konten/locale)."""

from __future__ import annotations

import io
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import translation

from kundenportal.konten import zugriff

pytestmark = pytest.mark.django_db
LOCALE = Path(zugriff.__file__).resolve().parent / "locale" / "de" / "LC_MESSAGES"
ENGLISCH = ["After you’ve created a user", "Password-based authentication", "Enabled", "Disabled",
            "Reset password", "Raw passwords", "Choose ", "das selbe Passwort", "Whether the user",
            "If disabled"]


def _verwaltung(benutzer: Callable[..., Any]) -> Client:
    c = Client()
    c.force_login(benutzer("administration", "verwalterin"))
    return c


def _sichtbar(antwort: Any) -> str:
    """Der Text der Seite ohne Skripte und Auszeichnung."""
    html = re.sub(r"<script.*?</script>", "", antwort.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _aendern(c: Client, user: Any, **felder: Any) -> Any:
    daten = {"username": user.username, "first_name": "", "last_name": "", "email": "", "is_active": "on",
             "rollen": ["agent_sc3"], "standort": "Nürnberg", "date_joined_0": "01.01.2026",
             "date_joined_1": "00:00:00"}
    return c.post(f"/verwaltung/auth/user/{user.pk}/change/", daten | felder)


def test_standort_mit_tippfehler_wird_nicht_gespeichert(benutzer: Callable[..., Any]) -> None:
    c = _verwaltung(benutzer)
    ziel = benutzer("agent_sc3", "tippt", standort="Nürnberg")
    antwort = _aendern(c, ziel, standort="Nürnbergg")
    assert antwort.status_code == 200
    assert ("Standort: „Nürnbergg“ ist keine Agentur aus content/standorte.yaml. Bitte einen bekannten Standort "
            "wählen: Nürnberg, Fürth, Ansbach-Weißenburg, Berlin Mitte, Berlin Nord, Berlin Süd, Köln, Brühl, "
            "Bonn.") in _sichtbar(antwort)
    assert zugriff.standort_fuer(get_user_model().objects.get(pk=ziel.pk)) == "Nürnberg"


def test_standort_wird_aus_den_agenturen_des_katalogs_gewaehlt(benutzer: Callable[..., Any]) -> None:
    c = _verwaltung(benutzer)
    ziel = benutzer("agent_sc3", "wechselt", standort="Nürnberg")
    seite = c.get(f"/verwaltung/auth/user/{ziel.pk}/change/").content.decode()
    assert '<select name="standort"' in seite and '<optgroup label="' in seite
    assert '<option value="Köln">Köln</option>' in seite and '<option value="">– ohne Standort –</option>' in seite
    assert _aendern(c, ziel, standort="Köln", rollen=["agent_scfk"]).status_code == 302
    ziel = get_user_model().objects.get(pk=ziel.pk)
    assert zugriff.standort_fuer(ziel) == "Köln" and zugriff.kanaele_fuer(ziel) == ["scfk"]
    assert _aendern(c, ziel, standort="", rollen=["redaktion"]).status_code == 302      # ohne Standort: erlaubt
    assert zugriff.standort_fuer(get_user_model().objects.get(pk=ziel.pk)) is None


def test_gespeicherter_unbekannter_standort_steht_sichtbar_da(benutzer: Callable[..., Any]) -> None:
    c = _verwaltung(benutzer)
    ziel = benutzer("agent_sc3", "alt", standort="Nürnbergg")          # vor der Prüfung gespeichert
    seite = c.get(f"/verwaltung/auth/user/{ziel.pk}/change/")
    assert '<option value="Nürnbergg" selected>Nürnbergg (unbekannt – bitte korrigieren)</option>' in (
        seite.content.decode())
    assert "Gespeichert ist „Nürnbergg“ — keine Agentur aus dem Katalog. Bitte den richtigen Standort wählen." in (
        _sichtbar(seite))
    assert "Nürnbergg (unbekannt – bitte korrigieren)" in _sichtbar(c.get("/verwaltung/auth/user/"))
    antwort = _aendern(c, ziel, standort="Nürnbergg")                   # unverändert speichern geht nicht
    assert antwort.status_code == 200 and "„Nürnbergg“ ist keine Agentur" in _sichtbar(antwort)
    assert _aendern(c, ziel, standort="Nürnberg").status_code == 302


def test_benutzer_anlegen_mit_rollen_und_standort(benutzer: Callable[..., Any]) -> None:
    c = _verwaltung(benutzer)
    antwort = c.post("/verwaltung/auth/user/add/", {
        "username": "neu", "usable_password": "true", "password1": "Lang-genug-2026", "password2": "Lang-genug-2026",
        "rollen": ["agent_sc3", "teamleitung"], "standort": "Fürth"})
    assert antwort.status_code == 302, _sichtbar(antwort)[:2000]
    neu = get_user_model().objects.get(username="neu")
    assert zugriff.standort_fuer(neu) == "Fürth"
    assert zugriff.rolle_anzeige(neu) == "Service Center SGB III, Teamleitung"
    falsch = c.post("/verwaltung/auth/user/add/", {
        "username": "neu2", "usable_password": "true", "password1": "Lang-genug-2026",
        "password2": "Lang-genug-2026", "rollen": ["agent_sc3"], "standort": "Fürthh"})
    assert falsch.status_code == 200 and "Standort: „Fürthh“ ist keine Agentur" in _sichtbar(falsch)
    assert not get_user_model().objects.filter(username="neu2").exists()


def test_rollen_mit_namen_als_kaestchen_ohne_skript_auswahl(benutzer: Callable[..., Any]) -> None:
    c = _verwaltung(benutzer)
    ziel = benutzer("os_algplus", "backoffice")
    for adresse in ("/verwaltung/auth/user/add/", f"/verwaltung/auth/user/{ziel.pk}/change/"):
        seite = c.get(adresse).content.decode()
        assert 'type="checkbox" name="rollen" value="os_algplus"' in seite
        assert "OS AlgPlus" in seite and "Familienkasse Direktion" in seite and "Service Center SGB III" in seite
        assert "SelectFilter2.js" not in seite and 'name="groups"' not in seite     # keine Auswahl mit zwei Listen
    assert re.search(r'value="os_algplus"[^>]*checked', c.get(f"/verwaltung/auth/user/{ziel.pk}/change/")
                     .content.decode())
    liste = _sichtbar(c.get("/verwaltung/auth/user/"))
    assert "OS AlgPlus" in liste and "Nach Rolle" in liste and " os_algplus " not in liste
    assert "backoffice" in _sichtbar(c.get("/verwaltung/auth/user/?rolle=os_algplus"))
    assert "backoffice" not in _sichtbar(c.get("/verwaltung/auth/user/?rolle=agent_sc3"))
    rollen = _sichtbar(c.get("/verwaltung/konten/rolle/"))
    assert "Familienkasse Direktion" in rollen and "Service Center SGB III" in rollen


def test_rollen_sind_nur_zu_sehen(benutzer: Callable[..., Any]) -> None:
    c = _verwaltung(benutzer)
    assert c.get("/verwaltung/konten/rolle/add/").status_code == 403
    from django.contrib.auth.models import Group

    gruppe = Group.objects.get(name="agent_sc3")
    seite = c.get(f"/verwaltung/konten/rolle/{gruppe.pk}/change/")
    assert seite.status_code == 200 and 'name="permissions"' not in seite.content.decode()


@pytest.mark.parametrize("adresse", ["/verwaltung/auth/user/add/", "/verwaltung/auth/user/{pk}/change/",
                                     "/verwaltung/auth/user/{pk}/password/", "/verwaltung/auth/user/"])
def test_verwaltung_ist_deutsch(benutzer: Callable[..., Any], adresse: str) -> None:
    c = _verwaltung(benutzer)
    ziel = benutzer("agent_sc3", "deutsch")
    text = _sichtbar(c.get(adresse.format(pk=ziel.pk)))
    assert not [e for e in ENGLISCH if e in text], text
    if adresse.endswith("add/"):
        assert "Nach dem Anlegen lassen sich weitere Angaben zum Benutzer bearbeiten." in text
        assert "Anmeldung mit Passwort: Eingeschaltet Ausgeschaltet" in text
        assert "Bitte dasselbe Passwort zur Bestätigung erneut eingeben." in text
    if adresse.endswith("change/"):
        assert "Passwort zurücksetzen" in text
    if adresse.endswith("password/"):
        assert "Ausgeschaltet geht das bisherige Passwort dieses Benutzers verloren." in text


def test_eigene_uebersetzungen_wirken_und_sind_uebersetzt() -> None:
    """Jeder Eintrag in konten/locale wirkt (geht Djangos Katalog vor), und django.mo ist aus django.po gebaut."""
    po = (LOCALE / "django.po").read_text(encoding="utf-8")
    paare = re.findall(r'^msgid "(.+)"\nmsgstr "(.*)"$', po, flags=re.M)
    assert len(paare) >= 15 and all(uebersetzt for _, uebersetzt in paare)
    with translation.override("de"):
        for original, uebersetzt in paare:
            if "%" not in original:
                assert translation.gettext(original) == uebersetzt.replace('\\"', '"'), original
    frisch = subprocess.run(["msgfmt", "--check", "-o", "-", str(LOCALE / "django.po")], capture_output=True,
                            check=True).stdout
    assert frisch == (LOCALE / "django.mo").read_bytes(), "django.mo veraltet: msgfmt -o django.mo django.po"


def test_benutzer_befehl_prueft_den_standort(benutzer: Callable[..., Any]) -> None:
    with pytest.raises(CommandError, match=r"Standort: „Nürnbergg“ ist keine Agentur aus content/standorte\.yaml"):
        call_command("benutzer", "anlegen", "tipp", "--rolle", "agent_sc3", "--standort", "Nürnbergg",
                     "--ohne-passwort", stdout=io.StringIO())
    assert not get_user_model().objects.filter(username="tipp").exists()
    benutzer("agent_sc3", "bleibt", standort="Köln")
    with pytest.raises(CommandError, match="„Kölle“ ist keine Agentur"):
        call_command("benutzer", "aendern", "bleibt", "--rolle", "agent_sc3", "--standort", "Kölle",
                     stdout=io.StringIO())
    assert zugriff.standort_fuer(get_user_model().objects.get(username="bleibt")) == "Köln"


def test_administration_findet_die_benutzerverwaltung_im_menue(benutzer: Any) -> None:
    """Prüfrundgang: das Menü der Administration hatte keinen Weg zu /verwaltung/."""
    client = Client()
    client.force_login(benutzer("administration"))
    assert '<a href="/verwaltung/">Benutzerverwaltung</a>' in client.get("/protokoll/").content.decode()
    client.force_login(benutzer("agent_sc3", "ohne-verwaltung"))
    assert "Benutzerverwaltung" not in client.get("/kontakt/neu/").content.decode()


def test_rolle_mit_kontakten_nur_mit_standort(benutzer: Callable[..., Any]) -> None:
    """Eine Agentin ohne Standort bekäme die allgemeine Fassung statt der ihres Standorts: die Verwaltung nimmt
    Rollen, die Kontakte führen oder steuern, nur mit Standort an; Redaktion und Administration brauchen keinen.
    In der Verwaltung heißen die Gruppen „Rollen“."""
    c = _verwaltung(benutzer)
    ohne = c.post("/verwaltung/auth/user/add/", {
        "username": "ohne", "usable_password": "true", "password1": "Lang-genug-2026", "password2": "Lang-genug-2026",
        "rollen": ["agent_scfk", "teamleitung_fk"], "standort": ""})
    text = _sichtbar(ohne)
    assert ohne.status_code == 200 and "Die Rollen „Service Center Familienkasse“, „Teamleitung Familienkasse“ " \
        "brauchen einen Standort" in text
    assert not get_user_model().objects.filter(username="ohne").exists()
    redaktion = c.post("/verwaltung/auth/user/add/", {
        "username": "redakteurin", "usable_password": "true", "password1": "Lang-genug-2026",
        "password2": "Lang-genug-2026", "rollen": ["redaktion"], "standort": ""})
    assert redaktion.status_code == 302
    ziel = get_user_model().objects.get(username="redakteurin")
    antwort = _aendern(c, ziel, standort="", rollen=["redaktion", "agent_sc3"])
    assert antwort.status_code == 200 and "Die Rolle „Service Center SGB III“ braucht einen Standort" in \
        _sichtbar(antwort)
    assert list(ziel.groups.values_list("name", flat=True)) == ["redaktion"]
    index = _sichtbar(c.get("/verwaltung/"))
    assert "Rollen" in index and "Gruppen" not in index
