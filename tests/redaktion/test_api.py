"""Der Redaktionsablauf über die REST-API (Tag "Redaktion"): Entwurf mit YAML anlegen, Befunde,
Konflikt, Paket, Tor, Vier-Augen-Freigabe, Hinweis bestätigen — Fehler als {code, meldung}."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from kundenportal.redaktion.models import Freigabepaket, Katalogdatei
from kundenportal.redaktion.services.szenario import szenario_speichern
from tests.fixtures_katalog import Anmelden

from .test_lebenszyklus import SZENARIO
from .werkzeug import BASIS, NEUER_TEXT

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _senden(client: Client, methode: str, adresse: str, daten: dict[str, Any] | None = None) -> Any:
    return getattr(client, methode)(f"/api/redaktion{adresse}", json.dumps(daten or {}), content_type=JSON)


def test_ablauf_ueber_die_api(db_katalog: None, anmelden: Anmelden, benutzer: Any, settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-04-01"
    redaktion, freigabe = anmelden("redaktion"), anmelden("freigabe")
    text = Katalogdatei.objects.get(pfad=BASIS).text.replace("stand: 2020-03-20", "stand: 2020-04-01")
    text = text.replace('wenn: "stufe_ausweissicht"', 'wenn: "stufe_ausweissicht && gibtsnicht"')
    antwort = _senden(redaktion, "post", "/entwuerfe", {"basis_leitfaden": "SC 3.307", "basis_stand": "2020-03-20",
                                                        "stand": "2020-04-01", "text": text})
    assert antwort.status_code == 201, antwort.content
    e = antwort.json()
    assert e["version"] == 2 and e["basis"] == "SC 3.307@2020-03-20"
    assert [(b["schritt"], b["zeile"]) for b in e["befunde"]] == [("stufe", 23)]
    alt = e["version"]
    text = text.replace(" && gibtsnicht", "").replace(
        "Wie will der Kunde vorgehen?", "Wie will der Kunde vorgehen? " + NEUER_TEXT)
    antwort = _senden(redaktion, "put", f"/entwuerfe/{e['id']}", {"text": text, "version": alt})
    assert antwort.status_code == 200 and antwort.json()["befunde"] == []
    antwort = _senden(redaktion, "put", f"/entwuerfe/{e['id']}", {"text": text, "version": alt})
    assert antwort.status_code == 409 and antwort.json()["code"] == "konflikt"
    assert _senden(freigabe, "put", f"/entwuerfe/{e['id']}", {"text": text, "version": 3}).status_code == 403

    p = _senden(redaktion, "post", "/pakete", {"weisung": "202003006", "titel": "Insolvenzgeld", "datum": "2020-03-30",
                                                "gueltig_ab": "2020-04-15"}).json()
    assert _senden(redaktion, "post", f"/pakete/{p['id']}/entwuerfe", {"entwurf": e["id"]}).status_code == 201
    tor = _senden(redaktion, "post", f"/pakete/{p['id']}/tor").json()["tor"]
    assert not tor["ok"] and tor["ungedeckt"] == ["SC 3.307@2020-04-01: Schritt erhoehung"]
    fehler = _senden(redaktion, "post", f"/pakete/{p['id']}/einreichen")
    assert fehler.status_code == 409 and fehler.json()["code"] == "tor_rot"
    szenario_speichern(benutzer("redaktion", "szenarien"), SZENARIO)
    assert _senden(redaktion, "post", f"/pakete/{p['id']}/tor").json()["tor"]["ok"]
    assert _senden(redaktion, "post", f"/pakete/{p['id']}/einreichen").json()["status"] == "zur_freigabe"
    fehler = _senden(redaktion, "post", f"/pakete/{p['id']}/freigeben", {"gueltig_ab": "2020-04-15"})
    assert fehler.status_code == 403 and fehler.json()["code"] == "vier_augen"
    frei = _senden(freigabe, "post", f"/pakete/{p['id']}/freigeben", {"gueltig_ab": "2020-04-15"})
    assert frei.status_code == 200 and frei.json()["status"] == "geplant"

    settings.KUNDENPORTAL_STICHTAG = "2020-04-15"
    agent = anmelden("agent_sc3")
    hinweise = agent.get("/api/redaktion/hinweise").json()
    assert [h["leitfaden"] for h in hinweise] == ["SC 3.307"] and "erhoehung" not in hinweise[0]["text"]
    assert hinweise[0]["text"] == ("Frage „Wie will der Kunde die Sicherheitsstufe erhöhen?“: Text unter der Frage "
                                   f"ergänzt um „{NEUER_TEXT}“.")
    assert _senden(agent, "post", f"/hinweise/{hinweise[0]['id']}/gelesen").status_code == 204
    assert agent.get("/api/redaktion/hinweise").json() == []
    assert _senden(anmelden("agent_scfk"), "post", f"/hinweise/{hinweise[0]['id']}/gelesen").status_code == 404


def test_unbekannte_basis_und_fehlende_rechte(db_katalog: None, anmelden: Anmelden) -> None:
    antwort = _senden(anmelden("redaktion"), "post", "/entwuerfe", {"basis_leitfaden": "SC 9.999",
                                                                    "basis_stand": "2020-03-20", "stand": "2020-04-01"})
    assert antwort.status_code == 404 and antwort.json()["meldung"].startswith("basis: keine veröffentlichte Fassung")
    assert anmelden("agent_sc3").get("/api/redaktion/entwuerfe").json()["code"] == "keine_berechtigung"
    assert "Redaktion" in json.dumps(anmelden("redaktion").get("/api/schema/").json()["paths"]
                                     ["/api/redaktion/entwuerfe"]["get"]["tags"])


def test_paket_mit_standortregeln_ueber_die_api(db_katalog: None, anmelden: Anmelden) -> None:
    redaktion = anmelden("redaktion")
    antwort = _senden(redaktion, "post", "/pakete", {"weisung": "202003006", "titel": "Nur Nürnberg",
                                                     "datum": "2020-03-30", "geltungsbereich": {"verbuende": ["nuernberg"]}})
    assert antwort.status_code == 201, antwort.content
    assert Freigabepaket.objects.get(pk=antwort.json()["id"]).geltungsbereich == {"verbuende": ["nuernberg"]}
    antwort = _senden(redaktion, "post", "/pakete", {"weisung": "202003006", "titel": "x", "datum": "2020-03-30",
                                                     "geltungsbereich": {"agenturen": ["Gotham"]}})
    assert antwort.status_code == 400 and antwort.json()["code"] == "standort_unbekannt"
    assert "Agentur Gotham" in antwort.json()["meldung"]
