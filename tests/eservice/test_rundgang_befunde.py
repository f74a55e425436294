"""Aus dem Rundgang auf der Kundenseite: die Kundennummer wird bei der Anmeldung normalisiert wie in der
Kundensuche der Beschäftigten, ein zweites Absenden des Beratungsgesprächs geht vom gespeicherten Profil aus,
und keine Seite unter /kunde/ darf zwischengespeichert werden (Sozialdaten)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from kundenportal.eservice.models import AnmeldeVersuch
from kundenportal.eservice.zugang import SITZUNG_KUNDE
from kundenportal.fachverfahren.referenz import models as m

from .test_beratungsgespraech import ANGABEN

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("eingabe", ["955A100002", "955a100002", "955A 100002", " 955a 100 002 ", "955A-100002",
                                     "955A/100002", "955A.100002", "955A\t100002"])
def test_anmeldung_normalisiert_wie_die_kundensuche_der_beschaeftigten(client: Client, kunde: str, passwort: str,
                                                                     eingabe: str) -> None:
    """Eine Regel für alle (fachverfahren.ports.verbis.kundennummer_normalisieren): jede Schreibweise meldet an."""
    assert kunde == "955A100002"
    antwort = client.post("/kunde/anmelden/", {"kundennummer": eingabe, "passwort": passwort})
    assert antwort.status_code == 302 and antwort["Location"] == "/kunde/"


def test_anmeldung_mit_leerzeichen_in_der_kundennummer(client: Client, kunde: str, passwort: str) -> None:
    antwort = client.post("/kunde/anmelden/", {"kundennummer": "955a 100002", "passwort": passwort})
    assert antwort.status_code == 302 and antwort["Location"] == "/kunde/"
    assert client.session[SITZUNG_KUNDE] == kunde
    assert list(AnmeldeVersuch.objects.values_list("kundennummer", "erfolgreich")) == [(kunde, True)]


def test_fehlversuche_mit_leerzeichen_zaehlen_fuer_dieselbe_kundennummer(client: Client, kunde: str,
                                                                         passwort: str) -> None:
    for schreibweise in ("955A 100002", "955a100002", "955A-100 002", "955A100002", " 955A100002"):
        antwort = client.post("/kunde/anmelden/", {"kundennummer": schreibweise, "passwort": "falsch"})
        assert "Kundennummer oder Passwort ist nicht richtig." in antwort.content.decode()
    assert set(AnmeldeVersuch.objects.values_list("kundennummer", flat=True)) == {kunde}
    gesperrt = client.post("/kunde/anmelden/", {"kundennummer": "955A 100002", "passwort": passwort})
    assert gesperrt.status_code == 429 and "Zu viele fehlgeschlagene Anmeldeversuche" in gesperrt.content.decode()


def test_zweites_absenden_geht_vom_gespeicherten_profil_aus(angemeldet: Client, kunde: str) -> None:
    angemeldet.post("/kunde/beratungsgespraech/", ANGABEN)
    angemeldet.post("/kunde/beratungsgespraech/pruefen/")
    assert m.VerbisProfil.objects.get(kunde__kundennummer=kunde).stellengesuch == "Lagerlogistik, Staplerfahrerin"

    formular = angemeldet.get("/kunde/beratungsgespraech/").content.decode()     # neue Sitzungsangaben: keine
    assert re.search(r'<input type="checkbox" name="fuehrerscheine" value="C1" [^>]*checked', formular)
    assert re.search(r'<input type="checkbox" name="fahrzeuge" value="pkw" [^>]*checked', formular)
    assert 'value="Englisch"' in formular and 'value="Türkisch"' in formular
    assert re.search(r'<option value="C2" selected>', formular)
    assert "Ich suche bevorzugt in Teilzeit.</textarea>" in formular
    assert "Lagerlogistik, Staplerfahrerin</textarea>" in formular

    # Der Kunde ändert nur das Stellengesuch; das Formular schickt die übrigen, vorbelegten Angaben mit.
    angemeldet.post("/kunde/beratungsgespraech/", {**ANGABEN, "stellengesuch": "Lager, Vollzeit"})
    angemeldet.post("/kunde/beratungsgespraech/pruefen/")
    profil = m.VerbisProfil.objects.get(kunde__kundennummer=kunde)
    assert profil.stellengesuch == "Lager, Vollzeit"
    assert (profil.fuehrerscheine, profil.fahrzeuge, profil.freie_angaben) == (
        ["B", "C1"], ["pkw"], "Ich suche bevorzugt in Teilzeit.")
    assert profil.sprachkenntnisse == [{"sprache": "Englisch", "niveau": "B2"}, {"sprache": "Türkisch", "niveau": "C2"}]


def test_angaben_der_sitzung_gehen_dem_profil_vor(angemeldet: Client) -> None:
    angemeldet.post("/kunde/beratungsgespraech/", ANGABEN)
    angemeldet.post("/kunde/beratungsgespraech/pruefen/")
    angemeldet.post("/kunde/beratungsgespraech/", {**ANGABEN, "stellengesuch": "Neu, noch nicht gesendet"})
    formular = angemeldet.get("/kunde/beratungsgespraech/").content.decode()
    assert "Neu, noch nicht gesendet</textarea>" in formular


@pytest.mark.parametrize("pfad", ["/kunde/", "/kunde/termine/", "/kunde/beratungsgespraech/",
                                  "/kunde/beratungsgespraech/pruefen/", "/kunde/beratungsgespraech/bestaetigung/"])
def test_kundenseiten_werden_nicht_gespeichert(angemeldet: Client, pfad: str) -> None:
    antwort = angemeldet.get(pfad)
    assert "no-store" in antwort["Cache-Control"] and "private" in antwort["Cache-Control"]


def test_anmelden_und_weiterleitung_werden_nicht_gespeichert(client: Client, kunde: str, passwort: str) -> None:
    for antwort in (client.get("/kunde/anmelden/"), client.get("/kunde/termine/"),
                    client.post("/kunde/anmelden/", {"kundennummer": kunde, "passwort": "falsch"}),
                    client.post("/kunde/anmelden/", {"kundennummer": kunde, "passwort": passwort}),
                    client.post("/kunde/abmelden/")):
        assert "no-store" in antwort["Cache-Control"], antwort
