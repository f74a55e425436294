"""Lesen schreibt nie (docs/adr/0005-lesen-schreibt-nie.md): GET eines Kontakts (Seite und API) sperrt,
speichert und beauftragt nichts; nach einer Störung setzt nur ein POST („erneut versuchen“) fort. Dazu
die API-Gegenstücke der Seitenrouten `termin` und `weiter`."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from kundenportal.fachverfahren.referenz import models as referenz
from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden
from kundenportal.gespraech.models import Kontakt
from tests.fixtures_katalog import Anmelden

KUNDE = "955A700011"
JSON = "application/json"


@pytest.fixture(autouse=True)
def _stichtag_und_kunde(db: None, settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-04-14"
    ausgangslage_laden({"kunde": {"kundennummer": KUNDE, "vorname": "Paul", "nachname": "Wagner",
                                  "wohnort_agentur": "Nürnberg", "status": "arbeitslos"},
                        "termine": [{"id": "T1", "bereich": "av", "beginn": "2020-04-16T10:00",
                                     "agentur": "Nürnberg"}]})


def _post(client: Client, adresse: str, daten: dict[str, Any] | None = None) -> Any:
    return client.post(adresse, json.dumps(daten or {}), content_type=JSON)


def _gestoert(client: Client, settings: Any) -> str:
    """Ein Kontakt SC 3.003, dessen Terminliste wegen eines gestörten ATV noch aussteht."""
    kontakt = _post(client, "/api/kontakte", {"leitfaden_id": "SC 3.003", "kundennummer": KUNDE}).json()["kontakt_id"]
    _post(client, f"/api/kontakte/{kontakt}/antwort", {"fakt": "identitaet_geprueft", "wert": True})
    settings.FACHVERFAHREN_STOERUNG = ["atv"]
    antwort = _post(client, f"/api/kontakte/{kontakt}/antwort", {"fakt": "terminanliegen", "wert": "absagen"})
    assert antwort.status_code == 409 and antwort.json()["code"] == "system_nicht_erreichbar"
    settings.FACHVERFAHREN_STOERUNG = []
    return str(kontakt)


def test_get_eines_kontakts_aendert_nichts(anmelden: Anmelden, settings: Any) -> None:
    client = anmelden("agent_sc3")
    kontakt = _gestoert(client, settings)
    vorher = Kontakt.objects.values("lauf", "geaendert", "bearbeitet", "ergebnis").get(pk=kontakt)
    aenderungen = referenz.Aenderung.objects.count()
    for _ in range(2):
        stand = client.get(f"/api/kontakte/{kontakt}")
        assert stand.status_code == 200 and stand.json()["art"] == "stoerung"
        seite = client.get(f"/kontakt/{kontakt}/")
        assert seite.status_code == 200 and "Erneut versuchen" in seite.content.decode()
    assert Kontakt.objects.values("lauf", "geaendert", "bearbeitet", "ergebnis").get(pk=kontakt) == vorher
    assert referenz.Aenderung.objects.count() == aenderungen


def test_erneut_versuchen_per_post_setzt_fort(anmelden: Anmelden, settings: Any) -> None:
    client = anmelden("agent_sc3")
    kontakt = _gestoert(client, settings)
    weiter = _post(client, f"/api/kontakte/{kontakt}/weiter")
    assert weiter.status_code == 200
    stand = weiter.json()
    assert (stand["art"], stand["fakt"]) == ("frage", "termin_id")
    assert [o["wert"] for o in stand["optionen"]] == ["T1"]


def test_erneut_versuchen_auf_der_seite(anmelden: Anmelden, settings: Any) -> None:
    client = anmelden("agent_sc3")
    kontakt = _gestoert(client, settings)
    antwort = client.post(f"/kontakt/{kontakt}/weiter/")
    assert antwort.status_code == 302
    assert client.get(f"/api/kontakte/{kontakt}").json()["fakt"] == "termin_id"


def test_termin_route_der_api_beantwortet_wie_die_seite(anmelden: Anmelden) -> None:
    client = anmelden("agent_sc3")
    kontakt = _post(client, "/api/kontakte", {"leitfaden_id": "SC 3.003", "kundennummer": KUNDE}).json()["kontakt_id"]
    veraltet = _post(client, f"/api/kontakte/{kontakt}/termin", {"fakt": "termin_id", "wert": "T1"})
    assert veraltet.status_code == 409 and veraltet.json()["code"] == "frage_steht_nicht_an"
    stand = _post(client, f"/api/kontakte/{kontakt}/termin", {"fakt": "identitaet_geprueft", "wert": True}).json()
    assert stand["fakt"] == "terminanliegen"


def test_fremder_kontakt_ist_403_mit_code(anmelden: Anmelden) -> None:
    kontakt = _post(anmelden("agent_sc3", standort="Nürnberg"), "/api/kontakte",
                    {"leitfaden_id": "SC 3.003", "kundennummer": KUNDE}).json()["kontakt_id"]
    fremd = _post(anmelden("agent_sc3", standort="Fürth"), f"/api/kontakte/{kontakt}/weiter")
    assert fremd.status_code == 403
    assert fremd.json() == {"code": "keine_berechtigung",
                            "meldung": "Diesen Kontakt führt eine andere Person; Sie können ihn nicht bearbeiten."}
