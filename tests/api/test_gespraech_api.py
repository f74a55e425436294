"""Gesprächs-API: starten, Stand lesen, antworten, zurückgehen, abschließen — über gespraech.services,
mit denselben Rechten wie die Seiten und Fehlern als JSON mit stabilem Code."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden
from tests.fixtures_katalog import Anmelden

KUNDE = "955A700001"
JSON = "application/json"


@pytest.fixture(autouse=True)
def _stichtag_und_kunde(db: None, settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-04-14"
    ausgangslage_laden({"kunde": {"kundennummer": KUNDE, "vorname": "Sabine", "nachname": "Krüger",
                                  "wohnort_agentur": "Berlin Nord"},
                        "step": {"konto": True, "sicherheitsstufe": "basis"}})


def _post(client: Client, adresse: str, daten: dict[str, Any]) -> Any:
    return client.post(adresse, json.dumps(daten), content_type=JSON)


def _starten(client: Client, leitfaden: str = "SC 3.307", kundennummer: str = KUNDE) -> Any:
    return _post(client, "/api/kontakte", {"leitfaden_id": leitfaden, "kundennummer": kundennummer})


def _antworten(client: Client, kontakt: str, fakt: str, wert: Any) -> Any:
    return _post(client, f"/api/kontakte/{kontakt}/antwort", {"fakt": fakt, "wert": wert})


def test_start_zeigt_die_identitaetsfrage_und_noch_keine_kundendaten(anmelden: Anmelden) -> None:
    antwort = _starten(anmelden("agent_sc3"))
    assert antwort.status_code == 201
    stand = antwort.json()
    assert (stand["leitfaden_id"], stand["stand"], stand["weisung"]) == ("SC 3.307", "2020-03-20", "202003006")
    assert (stand["art"], stand["fakt"], stand["status"]) == ("frage", "identitaet_geprueft", "offen")
    assert [o["wert"] for o in stand["optionen"]] == ["ja", "nein"]
    assert stand["kunde"] is None and stand["identitaet_geprueft"] is False


def test_antworten_bis_zum_ende_und_abschliessen(anmelden: Anmelden) -> None:
    client = anmelden("agent_sc3")
    kontakt = _starten(client).json()["kontakt_id"]
    stand = _antworten(client, kontakt, "identitaet_geprueft", True).json()
    assert stand["kunde"]["kunde"]["nachname"] == "Krüger"
    assert stand["fakt"] == "antrag_online_gewuenscht"
    _antworten(client, kontakt, "antrag_online_gewuenscht", "ja")
    stand = _antworten(client, kontakt, "erhoehung_sicherheitsstufe", "abgelehnt").json()
    assert stand["art"] == "bestaetigung" and stand["vorhaben"]["system"] == "Versand (Post)"
    stand = _post(client, f"/api/kontakte/{kontakt}/bestaetigen", {"zeichen": stand["vorhaben"]["zeichen"]}).json()
    assert stand["art"] == "ende" and stand["vermerk"]
    assert [w["art"] for w in stand["erledigt"]] == ["aktion"]
    fertig = _post(client, f"/api/kontakte/{kontakt}/abschluss", {"vermerk": "Papierantrag versandt."})
    assert fertig.status_code == 200
    assert (fertig.json()["status"], fertig.json()["vermerk"]) == ("abgeschlossen", "Papierantrag versandt.")
    gelesen = client.get(f"/api/kontakte/{kontakt}").json()
    assert gelesen["status"] == "abgeschlossen"


def test_abgelehnte_antwort_422_und_lauf_bleibt(anmelden: Anmelden) -> None:
    client = anmelden("agent_sc3")
    kontakt = _starten(client).json()["kontakt_id"]
    antwort = _antworten(client, kontakt, "identitaet_geprueft", "vielleicht")
    assert antwort.status_code == 422
    assert antwort.json() == {"code": "antwort_abgelehnt",
                              "meldung": "Antwort nicht übernommen: erwartet ja/nein (true/false), nicht 'vielleicht'"}
    assert client.get(f"/api/kontakte/{kontakt}").json()["fakt"] == "identitaet_geprueft"


def test_antwort_auf_eine_frage_die_nicht_ansteht_409(anmelden: Anmelden) -> None:
    client = anmelden("agent_sc3")
    kontakt = _starten(client).json()["kontakt_id"]
    antwort = _antworten(client, kontakt, "antrag_online_gewuenscht", True)
    assert antwort.status_code == 409
    assert antwort.json() == {"code": "frage_steht_nicht_an", "meldung": (
        "Diese Frage ist schon beantwortet (vielleicht in einem anderen Tab). Die Seite zeigt jetzt den aktuellen Stand.")}


def test_zurueck_wertet_den_weg_neu_aus(anmelden: Anmelden) -> None:
    client = anmelden("agent_sc3")
    kontakt = _starten(client).json()["kontakt_id"]
    _antworten(client, kontakt, "identitaet_geprueft", True)
    stand = _post(client, f"/api/kontakte/{kontakt}/zurueck", {"fakt": "identitaet_geprueft"}).json()
    assert stand["fakt"] == "identitaet_geprueft" and stand["kunde"] is None
    assert _antworten(client, kontakt, "identitaet_geprueft", "nein").json()["ergebnis"] == "abbruch_identitaet"


def test_abgeschlossener_kontakt_ist_nicht_mehr_zu_aendern(anmelden: Anmelden) -> None:
    client = anmelden("agent_sc3")
    kontakt = _starten(client).json()["kontakt_id"]
    _post(client, f"/api/kontakte/{kontakt}/abschluss", {"vermerk": "Abgebrochen."})
    antwort = _antworten(client, kontakt, "identitaet_geprueft", True)
    assert antwort.status_code == 409
    assert antwort.json()["code"] == "abgeschlossen"


@pytest.mark.parametrize("rolle", ["agent_scfk", "agent_emb", "os_algplus", "teamleitung", "redaktion",
                                   "administration"])
def test_rolle_ohne_kanal_des_leitfadens_darf_nicht_starten(anmelden: Anmelden, rolle: str) -> None:
    antwort = _starten(anmelden(rolle))
    assert antwort.status_code == 403
    assert antwort.json() == {"code": "keine_berechtigung",
                              "meldung": "Der Leitfaden SC 3.307 steht Ihrer Rolle nicht zur Verfügung."}


def test_fremder_offener_kontakt_ist_nicht_zu_sehen_oder_zu_aendern(anmelden: Anmelden) -> None:
    kontakt = _starten(anmelden("agent_sc3", standort="Köln")).json()["kontakt_id"]
    andere = anmelden("agent_sc3", standort="Bonn")
    assert andere.get(f"/api/kontakte/{kontakt}").json()["code"] == "keine_berechtigung"
    antwort = _antworten(andere, kontakt, "identitaet_geprueft", True)
    assert antwort.status_code == 403 and antwort.json()["code"] == "keine_berechtigung"


@pytest.mark.parametrize(("rolle", "status"), [("os_algplus", 200), ("fk_direktion", 403), ("teamleitung", 403),  # Familienkasse: kein SGB-III-Kontakt (Rechtskreis)
                                               ("redaktion", 403), ("administration", 403)])
def test_abgeschlossenen_kontakt_lesen_wer_kundendaten_sieht(anmelden: Anmelden, rolle: str, status: int) -> None:
    agent = anmelden("agent_sc3")
    kontakt = _starten(agent).json()["kontakt_id"]
    _post(agent, f"/api/kontakte/{kontakt}/abschluss", {"vermerk": "Erledigt."})
    assert anmelden(rolle).get(f"/api/kontakte/{kontakt}").status_code == status


def test_unbekanntes_ergibt_404(anmelden: Anmelden) -> None:
    client = anmelden("agent_sc3")
    antwort = client.get("/api/kontakte/00000000-0000-0000-0000-000000000000")
    assert antwort.status_code == 404
    assert antwort.json() == {"code": "nicht_gefunden",
                              "meldung": "Unbekannter Kontakt: 00000000-0000-0000-0000-000000000000"}
    antwort = _starten(client, leitfaden="SC 9.999")
    assert antwort.json() == {"code": "nicht_gefunden", "meldung": "Unbekannter Leitfaden: SC 9.999"}


def test_unbekannte_kundennummer_422(anmelden: Anmelden) -> None:
    antwort = _starten(anmelden("agent_sc3"), kundennummer="955A000000")
    assert antwort.status_code == 422
    assert antwort.json()["code"] == "kunde_unbekannt"


def test_kaputtes_json_400_mit_klarer_meldung(anmelden: Anmelden) -> None:
    antwort = anmelden("agent_sc3").post("/api/kontakte", '{"leitfaden_id": "SC 3.307",', content_type=JSON)
    assert antwort.status_code == 400
    assert antwort.json() == {"code": "ungueltiges_json", "meldung": (
        "Der Anfragerumpf ist kein gültiges JSON (Zeile 1, Spalte 29: Expecting property name enclosed in double quotes).")}


def test_fehlendes_feld_und_falsche_kontakt_id_400(anmelden: Anmelden) -> None:
    client = anmelden("agent_sc3")
    antwort = _post(client, "/api/kontakte", {"kundennummer": KUNDE})
    assert antwort.status_code == 400
    assert antwort.json() == {"code": "ungueltige_anfrage", "meldung": "daten.leitfaden_id: fehlt (Pflichtfeld)"}
    falsch = _post(client, "/api/kontakte", {"leitfaden_id": 3307, "kundennummer": KUNDE}).json()
    assert falsch == {"code": "ungueltige_anfrage", "meldung": "daten.leitfaden_id: erwartet einen Text"}
    assert client.get("/api/kontakte/keine-uuid").json()["code"] == "ungueltige_anfrage"


@pytest.mark.django_db
def test_ohne_anmeldung_401(client: Client) -> None:
    assert client.get("/api/kontakte/00000000-0000-0000-0000-000000000000").status_code == 401


def test_schreiben_braucht_das_csrf_token(anmelden: Anmelden) -> None:
    client = anmelden("agent_sc3", csrf=True)
    ohne = _starten(client)
    assert ohne.status_code == 403
    assert ohne.json()["code"] == "csrf_fehlt"
    client.get("/api/docs/")      # setzt das Cookie csrftoken
    token = client.cookies["csrftoken"].value
    mit = client.post("/api/kontakte", json.dumps({"leitfaden_id": "SC 3.307", "kundennummer": KUNDE}),
                      content_type=JSON, HTTP_X_CSRFTOKEN=token)
    assert mit.status_code == 201
