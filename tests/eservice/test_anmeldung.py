from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from kundenportal.conf import settings as betrieb
from kundenportal.eservice.models import KundenKonto
from kundenportal.eservice.services import kundenkonto_anlegen

pytestmark = pytest.mark.django_db


def test_kunde_meldet_sich_mit_kundennummer_und_passwort_an_und_sieht_seine_sicherheitsstufe(
        client: Client, kunde: str, passwort: str) -> None:
    antwort = client.post("/kunde/anmelden/", {"kundennummer": kunde.lower(), "passwort": passwort})
    assert antwort.status_code == 302 and antwort["Location"] == "/kunde/"
    seite = client.get("/kunde/").content.decode()
    assert "Aylin Demir" in seite
    assert "Sicherheitsstufe Ihres Online-Kontos: <strong data-stufe=\"basis\">Basis (Identität nicht geprüft)" in seite


def test_falsches_passwort_wird_abgelehnt_ohne_zu_verraten_was_falsch_war(client: Client, kunde: str, passwort: str) -> None:
    falsch = client.post("/kunde/anmelden/", {"kundennummer": kunde, "passwort": "falsch"})
    unbekannt = client.post("/kunde/anmelden/", {"kundennummer": "955X999999", "passwort": passwort})
    for antwort in (falsch, unbekannt):
        assert antwort.status_code == 400
        assert "Kundennummer oder Passwort ist nicht richtig." in antwort.content.decode()
    assert client.get("/kunde/").status_code == 302


def test_passwort_liegt_nur_als_argon2_hash_vor(kunde: str, passwort: str, settings: Any) -> None:
    # Die Tests hashen schnell (tests/conftest.py); hier gilt die Einstellung des Betriebs.
    settings.PASSWORD_HASHERS = betrieb.PASSWORD_HASHERS
    kundenkonto_anlegen(kunde, passwort)
    konto = KundenKonto.objects.get(kundennummer=kunde)
    assert konto.passwort.startswith("argon2$") and passwort not in konto.passwort


def test_ohne_anmeldung_fuehrt_jede_kundenseite_zur_anmeldung_und_danach_zurueck(client: Client, kunde: str, passwort: str) -> None:
    antwort = client.get("/kunde/termine/")
    assert antwort["Location"] == "/kunde/anmelden/?weiter=%2Fkunde%2Ftermine%2F"
    weiter = client.post("/kunde/anmelden/", {"kundennummer": kunde, "passwort": passwort,
                                               "weiter": "/kunde/termine/"})
    assert weiter["Location"] == "/kunde/termine/"


def test_weiterleitung_nach_der_anmeldung_bleibt_auf_dieser_seite(client: Client, kunde: str, passwort: str) -> None:
    antwort = client.post("/kunde/anmelden/", {"kundennummer": kunde, "passwort": passwort,
                                                "weiter": "https://example.org/"})
    assert antwort["Location"] == "/kunde/"


def test_pflichtfelder_der_anmeldung_haben_deutsche_meldungen_am_feld(client: Client, db: None) -> None:
    seite = client.post("/kunde/anmelden/", {}).content.decode()
    assert 'id="id_kundennummer_error"><span class="kern-icon kern-icon--danger" aria-hidden="true"></span><span class="kern-body">Bitte geben Sie Ihre Kundennummer ein.' in seite
    assert 'aria-describedby="id_kundennummer_helptext id_kundennummer_error"' in seite
    assert 'aria-invalid="true"' in seite


def test_abmelden_beendet_die_sitzung(angemeldet: Client) -> None:
    assert angemeldet.post("/kunde/abmelden/")["Location"] == "/kunde/anmelden/?abgemeldet=1"
    assert angemeldet.get("/kunde/").status_code == 302
