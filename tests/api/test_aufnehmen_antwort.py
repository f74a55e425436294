"""POST /api/redaktion/pakete/{pk}/entwuerfe (Entwurf ins Paket aufnehmen) antwortet mit dem, was entstanden ist:
das Paket wie GET /pakete/{pk}, der aufgenommene Entwurf (id, Version, Paket) und die Meldung — 201 mit Location,
wenn er jetzt aufgenommen wurde, 200, wenn er schon im Paket war (dann bleibt alles, auch das Tor-Ergebnis)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from kundenportal.redaktion.models import Freigabepaket, Protokolleintrag
from tests.fixtures_katalog import Anmelden
from tests.redaktion.werkzeug import entwurf_3307

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _post(client: Any, adresse: str, daten: dict[str, Any]) -> Any:
    return client.post(f"/api/redaktion{adresse}", json.dumps(daten), content_type=JSON)


def test_aufnehmen_antwortet_mit_paket_entwurf_und_meldung(db_katalog: None, anmelden: Anmelden,
                                                           benutzer: Any) -> None:
    c = anmelden("redaktion")
    e = entwurf_3307(benutzer("redaktion", "r1"))
    p = _post(c, "/pakete", {"weisung": "202003006", "titel": "Insolvenzgeld", "datum": "2020-03-30"}).json()

    antwort = _post(c, f"/pakete/{p['id']}/entwuerfe", {"entwurf": e.pk})
    assert antwort.status_code == 201, antwort.content
    assert antwort["Location"] == f"/api/redaktion/pakete/{p['id']}"
    daten = antwort.json()
    assert daten["entwurf"] == {"id": e.pk, "leitfaden": "SC 3.307", "version": e.version, "paket": p["id"]}
    assert daten["meldung"] == f"Entwurf {e.pk} (SC 3.307) ins Paket aufgenommen."
    assert daten["id"] == p["id"] and daten["entwuerfe"] == [e.pk] and daten["status"] == "offen"
    lesen = c.get(f"/api/redaktion/pakete/{p['id']}").json()
    assert {k: daten[k] for k in lesen} == lesen                      # das Paket wie GET /pakete/{pk}

    tor = _post(c, f"/pakete/{p['id']}/tor", {}).json()["tor"]
    assert tor
    eintraege = Protokolleintrag.objects.filter(aktion="entwurf_zugeordnet").count()
    nochmal = _post(c, f"/pakete/{p['id']}/entwuerfe", {"entwurf": e.pk})
    assert nochmal.status_code == 200 and not nochmal.has_header("Location")
    assert nochmal.json()["meldung"] == f"Entwurf {e.pk} (SC 3.307) war schon im Paket."
    assert nochmal.json()["entwurf"]["version"] == e.version and nochmal.json()["tor"] == tor   # nichts geändert
    assert Freigabepaket.objects.get(pk=p["id"]).tor == tor
    assert Protokolleintrag.objects.filter(aktion="entwurf_zugeordnet").count() == eintraege


def test_aufnehmen_fehler_bleiben_code_und_meldung(db_katalog: None, anmelden: Anmelden, benutzer: Any) -> None:
    c = anmelden("redaktion")
    e = entwurf_3307(benutzer("redaktion", "r1"))
    p = _post(c, "/pakete", {"weisung": "202003006", "titel": "x", "datum": "2020-03-30"}).json()
    anders = _post(c, "/pakete", {"weisung": "202003006", "titel": "y", "datum": "2020-03-30"}).json()
    assert _post(c, f"/pakete/{p['id']}/entwuerfe", {"entwurf": e.pk}).status_code == 201
    fehler = _post(c, f"/pakete/{anders['id']}/entwuerfe", {"entwurf": e.pk})
    assert fehler.status_code == 409 and fehler.json()["code"] == "anderes_paket"
    assert _post(c, f"/pakete/{p['id']}/entwuerfe", {"entwurf": 99999}).status_code == 404
    assert _post(anmelden("freigabe"), f"/pakete/{p['id']}/entwuerfe", {"entwurf": e.pk}).status_code == 403


def test_schema_nennt_201_und_200_mit_entwurf_und_meldung(anmelden: Anmelden) -> None:
    schema = anmelden("redaktion").get("/api/schema/").json()
    antworten = schema["paths"]["/api/redaktion/pakete/{pk}/entwuerfe"]["post"]["responses"]
    assert {"200", "201", "404", "409"} <= set(antworten)
    ref = antworten["201"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    felder = schema["components"]["schemas"][ref]["properties"]
    assert {"id", "status", "entwuerfe", "entwurf", "meldung"} <= set(felder)


def test_paket_mit_vergangenem_gueltig_ab_abgelehnt_wie_auf_der_seite(db_katalog: None, anmelden: Anmelden,
                                                                      settings: Any) -> None:
    """Die API legt kein Paket an, dessen „Gültig ab (Vorschlag)“ schon vorbei ist — wie die Seite der Redaktion
    (Rundgang Lebenszyklus, Dezember 2026); heute und später gehen."""
    settings.KUNDENPORTAL_STICHTAG = "2026-12-07"
    c = anmelden("redaktion")
    vorher = Freigabepaket.objects.count()
    fehler = _post(c, "/pakete", {"weisung": "202003006", "titel": "x", "datum": "2020-03-30",
                                  "gueltig_ab": "2026-12-01"})
    assert fehler.status_code == 400 and fehler.json()["code"] == "datum_vergangen", fehler.content
    assert "01.12.2026 liegt in der Vergangenheit" in fehler.json()["meldung"]
    assert Freigabepaket.objects.count() == vorher
    heute = _post(c, "/pakete", {"weisung": "202003006", "titel": "y", "datum": "2020-03-30",
                                 "gueltig_ab": "2026-12-07"})
    assert heute.status_code == 201, heute.content
