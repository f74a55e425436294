"""API-Gegenstück des Terminfilters und der Terminwahl der Seite: freie Termine nach Agentur und Tag
lesen (GET, liest nur), einen Termin einer anderen Agentur des Verbundes wählen (POST)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden, zustand_lesen
from kundenportal.gespraech.models import Kontakt
from tests.fixtures_katalog import Anmelden

KUNDE = "955F000011"
JSON = "application/json"


@pytest.fixture(autouse=True)
def _bbie_kunde(db: None, settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-04-15"          # Fürth bietet die BBiE seit 01.04.2020 an
    ausgangslage_laden({"kunde": {"kundennummer": KUNDE, "vorname": "Petra", "nachname": "Brandt",
                                  "wohnort_agentur": "Ansbach-Weißenburg", "betreuung": "bb_im_erwerbsleben"}})


def _post(client: Client, adresse: str, daten: dict[str, Any]) -> Any:
    return client.post(adresse, json.dumps(daten), content_type=JSON)


def _bis_zur_terminfrage(client: Client) -> str:
    kontakt = _post(client, "/api/kontakte", {"leitfaden_id": "SC 3.003", "kundennummer": KUNDE}).json()["kontakt_id"]
    for fakt, wert in (("identitaet_geprueft", True), ("terminanliegen", "vereinbaren"), ("wunschagentur", "Nürnberg")):
        stand = _post(client, f"/api/kontakte/{kontakt}/antwort", {"fakt": fakt, "wert": wert}).json()
    assert stand["fakt"] == "wunschtermin"
    return str(kontakt)


def test_freie_termine_nach_agentur_und_tag_lesen_nur(anmelden: Anmelden) -> None:
    client = anmelden("agent_sc3")
    kontakt = _bis_zur_terminfrage(client)
    vorher = Kontakt.objects.values("lauf", "geaendert", "bearbeitet").get(pk=kontakt)
    antwort = client.get(f"/api/kontakte/{kontakt}/termine", {"agentur": "Fürth", "tag": "2020-05-04"})
    assert antwort.status_code == 200
    termine = antwort.json()
    assert (termine["agentur"], termine["agentur_waehlbar"], termine["tag"], termine["fehler"]) == (
        "Fürth", True, "2020-05-04", "")
    assert termine["vorschlaege"] == ["Nürnberg", "Fürth"] and len(termine["optionen"]) == 10
    assert min(o["wert"] for o in termine["optionen"]).startswith("2020-05-04T08:00")
    assert Kontakt.objects.values("lauf", "geaendert", "bearbeitet").get(pk=kontakt) == vorher


def test_agentur_ausserhalb_des_verbundes_wird_am_feld_abgelehnt(anmelden: Anmelden) -> None:
    client = anmelden("agent_sc3")
    termine = client.get(f"/api/kontakte/{_bis_zur_terminfrage(client)}/termine", {"agentur": "Köln"}).json()
    assert termine["fehler"].startswith("Agentur Köln nicht möglich:")


def test_termin_einer_anderen_agentur_waehlen(anmelden: Anmelden) -> None:
    client = anmelden("agent_sc3")
    kontakt = _bis_zur_terminfrage(client)
    wert = client.get(f"/api/kontakte/{kontakt}/termine", {"agentur": "Fürth"}).json()["optionen"][0]["wert"]
    stand = _post(client, f"/api/kontakte/{kontakt}/termin", {"fakt": "wunschtermin", "agentur": "Fürth", "wert": wert})
    assert stand.status_code == 200, stand.json()
    assert stand.json()["art"] == "bestaetigung" and zustand_lesen(KUNDE)["termine"] == []
    stand = _post(client, f"/api/kontakte/{kontakt}/bestaetigen", {"zeichen": stand.json()["vorhaben"]["zeichen"]})
    assert stand.status_code == 200, stand.json()
    termine = zustand_lesen(KUNDE)["termine"]
    assert [(t["agentur"], t["kalender"]) for t in termine] == [("Fürth", "Fürth/bb_im_erwerbsleben")]


def test_ohne_terminfrage_409(anmelden: Anmelden) -> None:
    client = anmelden("agent_sc3")
    kontakt = _post(client, "/api/kontakte", {"leitfaden_id": "SC 3.003", "kundennummer": KUNDE}).json()["kontakt_id"]
    antwort = client.get(f"/api/kontakte/{kontakt}/termine")
    assert antwort.status_code == 409 and antwort.json()["code"] == "keine_terminfrage"
