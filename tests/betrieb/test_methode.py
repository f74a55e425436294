"""Fehlerseite 405 (betrieb/methode.py): Eine Adresse, die nur abgeschickte Formulare annimmt, zeigt beim Aufruf
per GET (neu geladen, Lesezeichen, Zurück) eine deutsche Seite in der Hülle mit einem Weg zurück — keine leere
Seite. Die API bleibt bei JSON, htmx bei der leeren Antwort, POST bleibt unberührt."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.betrieb.methode import uebergeordnet
from kundenportal.gespraech.models import Kontakt

pytestmark = pytest.mark.django_db


def _starten(client: Client, benutzer: Callable[..., Any], kunde: str) -> str:
    client.force_login(benutzer("agent_sc3"))
    return str(client.post("/kontakt/starten/", {"leitfaden": "SC 3.003", "kundennummer": kunde})["Location"])


def test_get_auf_antwortadresse_zeigt_seite_mit_weg_zum_kontakt(benutzer: Callable[..., Any], kunde: str,
                                                                 client: Client) -> None:
    kontakt = _starten(client, benutzer, kunde)
    vorher = Kontakt.objects.get(pk=kontakt.strip("/").split("/")[-1]).lauf
    antwort = client.get(f"{kontakt}antwort/")
    assert antwort.status_code == 405
    assert "POST" in antwort["Allow"]
    html = antwort.content.decode()
    assert "Diese Seite lässt sich so nicht aufrufen" in html and "nichts gespeichert" in html
    assert 'aria-label="Hauptnavigation"' in html                       # in der App-Hülle
    assert f'href="{kontakt}"' in html and "Zurück zur Seite mit dem Formular" in html
    assert Kontakt.objects.get(pk=kontakt.strip("/").split("/")[-1]).lauf == vorher


def test_get_auf_abmelden_fuehrt_zur_startseite(benutzer: Callable[..., Any], client: Client) -> None:
    client.force_login(benutzer("agent_sc3"))
    antwort = client.get("/abmelden/")
    assert antwort.status_code == 405
    html = antwort.content.decode()
    assert "Fehler 405" in html and 'href="/"' in html and "Zur Startseite" in html
    assert "Zurück zur Seite mit dem Formular" not in html
    assert client.get("/arbeitsplatz/").status_code == 200          # nicht abgemeldet


def test_htmx_und_api_bleiben_wie_sie_sind(benutzer: Callable[..., Any], kunde: str, client: Client) -> None:
    kontakt = _starten(client, benutzer, kunde)
    htmx = client.get(f"{kontakt}antwort/", HTTP_HX_REQUEST="true")
    assert htmx.status_code == 405 and htmx.content == b""
    api = client.delete("/api/katalog/suche")
    assert api.status_code == 405 and json.loads(api.content)["code"] == "methode_nicht_erlaubt"


def test_uebergeordnet_nur_adressen_die_es_gibt() -> None:
    assert uebergeordnet("/kunde/termine/T-1/absagen/") == "/kunde/termine/"
    assert uebergeordnet("/abmelden/") is None
    assert uebergeordnet("/gibt/es/nicht/") is None


def test_kundenseite_zeigt_ihre_eigene_seite(client: Client) -> None:
    antwort = client.get("/kunde/abmelden/")
    assert antwort.status_code == 405
    html = antwort.content.decode()
    assert "eServices der Bundesagentur für Arbeit" in html and "Diese Seite lässt sich so nicht aufrufen" in html
    assert 'href="/kunde/"' in html and "Hauptnavigation" not in html


def test_404_der_kundenseite_ohne_anmeldung_fuehrt_zur_anmeldung_der_kunden(client: Client) -> None:
    antwort = client.get("/kunde/gibt-es-nicht/")
    assert antwort.status_code == 404
    html = antwort.content.decode()
    assert "Seite nicht gefunden" in html and "für Beschäftigte" not in html and 'href="/kunde/anmelden/"' in html


def test_404_des_arbeitsplatzes_bleibt_in_der_huelle(benutzer: Callable[..., Any], client: Client) -> None:
    client.force_login(benutzer("agent_sc3"))
    html = client.get("/gibt-es-nicht/").content.decode()
    assert "für Beschäftigte" in html and 'aria-label="Hauptnavigation"' in html
