"""Katalog-API: geltende Fassung, Fassungen, Diff, Suche, Weisung; Fehler als JSON mit stabilem Code."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.fixtures_katalog import Anmelden

LF = "/api/katalog/leitfaeden/SC%203.307"


@pytest.mark.django_db
@pytest.mark.parametrize("adresse", [f"{LF}/gueltig", f"{LF}/fassungen", f"{LF}/fassungen/2020-03-20",
                                     f"{LF}/diff?alt=2019-12-20&neu=2020-03-20", "/api/katalog/suche?q=Termin",
                                     "/api/katalog/weisungen/202003006"])
def test_ohne_anmeldung_401_als_json(client: Client, adresse: str) -> None:
    antwort = client.get(adresse)
    assert antwort.status_code == 401
    assert antwort.json() == {"code": "nicht_angemeldet", "meldung": "Bitte anmelden (Sitzung des Kundenportals)."}


@pytest.mark.django_db
def test_schema_ist_openapi_3_und_doku_laedt_ohne_cdn(client: Client) -> None:
    schema = client.get("/api/schema/").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/katalog/leitfaeden/{leitfaden_id}/gueltig" in schema["paths"]
    doku = client.get("/api/docs/").content.decode()
    assert "/api/katalog/leitfaeden/{leitfaden_id}/gueltig" in doku and "cdn" not in doku.lower()
    assert '<main id="inhalt"' in doku and 'href="/api/schema/"' in doku     # Seite der App-Hülle


@pytest.mark.parametrize("rolle", ["agent_ez", "agent_scfk", "teamleitung", "redaktion", "administration"])
def test_jede_rolle_liest_den_katalog(anmelden: Anmelden, rolle: str) -> None:
    assert anmelden(rolle).get(f"{LF}/fassungen").status_code == 200


def test_geltende_fassung_am_datum_und_pilotstandort(anmelden: Anmelden) -> None:
    client = anmelden("agent_sc3")
    vorher = client.get(f"{LF}/gueltig", {"datum": "2020-03-19"}).json()
    assert (vorher["stand"], vorher["weisung"]) == ("2019-12-20", "201912024")
    pilot = client.get("/api/katalog/leitfaeden/SC%203.003/gueltig", {"datum": "2020-03-31", "standort": "Fürth"}).json()
    assert pilot["leitfaden_id"] == "SC 3.003-Pilot"
    assert pilot["start"] == "identitaet"
    assert pilot["schritte"][0]["id"] == "identitaet"


def test_keine_geltende_fassung_404(anmelden: Anmelden) -> None:
    antwort = anmelden("agent_sc3").get(f"{LF}/gueltig", {"datum": "2019-06-01"})
    assert antwort.status_code == 404
    assert antwort.json() == {"code": "nicht_gefunden", "meldung": "SC 3.307: keine Fassung gilt am 01.06.2019"}


def test_fassungen_und_eine_fassung(anmelden: Anmelden) -> None:
    client = anmelden("agent_sc3")
    assert [f["stand"] for f in client.get(f"{LF}/fassungen").json()] == ["2019-12-20", "2020-03-20"]
    fassung = client.get(f"{LF}/fassungen/2020-03-20").json()
    assert fassung["titel"] == "Insolvenzgeld beantragen" and len(fassung["inhalt_hash"]) == 64


def test_diff_strukturiert_und_als_text(anmelden: Anmelden) -> None:
    d = anmelden("agent_sc3").get(f"{LF}/diff", {"alt": "2019-12-20", "neu": "2020-03-20"}).json()
    arten = {(s["art"], s["schritt_id"]) for s in d["schritte"]}
    assert ("neu", "erhoehung") in arten and ("entfallen", "konto") in arten
    assert {"feld": "weisung", "alt": "201912024", "neu": "202003006"} in d["kopf"]
    assert "+ Schritt erhoehung (frage) neu" in d["text"]


def test_diff_mit_unbekanntem_stand_nennt_die_vorhandenen(anmelden: Anmelden) -> None:
    antwort = anmelden("agent_sc3").get(f"{LF}/diff", {"alt": "2019-01-01", "neu": "2020-03-20"})
    assert antwort.status_code == 404
    assert antwort.json()["meldung"] == ("SC 3.307: keine Fassung mit Stand 2019-01-01 "
                                         "(vorhanden: 2019-12-20, 2020-03-20)")


def test_unbekannter_leitfaden_404(anmelden: Anmelden) -> None:
    antwort = anmelden("agent_sc3").get("/api/katalog/leitfaeden/SC%209.999/fassungen")
    assert antwort.status_code == 404
    assert antwort.json() == {"code": "nicht_gefunden", "meldung": "Unbekannter Leitfaden: SC 9.999"}


@pytest.mark.parametrize(("abfrage", "meldung"), [
    ({"alt": "gestern", "neu": "2020-03-20"}, "alt: erwartet ein Datum JJJJ-MM-TT (z. B. 2020-03-20)"),
    ({"neu": "2020-03-20"}, "alt: fehlt (Pflichtfeld)"),
])
def test_ungueltige_parameter_400(anmelden: Anmelden, abfrage: dict[str, str], meldung: str) -> None:
    antwort = anmelden("agent_sc3").get(f"{LF}/diff", abfrage)
    assert antwort.status_code == 400
    assert antwort.json()["code"] == "ungueltige_anfrage"
    assert antwort.json()["meldung"].startswith(meldung)


def test_suche_nur_in_den_kanaelen_der_rolle(anmelden: Anmelden) -> None:
    sc3 = anmelden("agent_sc3").get("/api/katalog/suche", {"q": "Insolvenz", "datum": "2020-03-25"}).json()
    assert [t["leitfaden_id"] for t in sc3] == ["SC 3.307"]
    assert sc3[0]["fundstellen"][0] == "titel"
    fk = anmelden("agent_scfk").get("/api/katalog/suche", {"q": "Insolvenz", "datum": "2020-03-25"}).json()
    assert fk == []


def test_suche_am_standort_des_arbeitsplatzes(anmelden: Anmelden) -> None:
    treffer = anmelden("agent_sc3", standort="Fürth").get("/api/katalog/suche",
                                                          {"q": "Absage", "datum": "2020-03-25"}).json()
    assert (treffer[0]["leitfaden_id"], treffer[0]["variante"]) == ("SC 3.003", "SC 3.003-Pilot")


def test_suche_grenze_und_pflichtparameter(anmelden: Anmelden) -> None:
    client = anmelden("agent_sc3")
    assert client.get("/api/katalog/suche", {"q": "Termin", "grenze": 0}).json() == {
        "code": "ungueltige_anfrage", "meldung": "grenze: zwischen 1 und 100"}
    assert client.get("/api/katalog/suche").status_code == 400


def test_weisung_aenderungsuebersicht(anmelden: Anmelden) -> None:
    w = anmelden("agent_sc3").get("/api/katalog/weisungen/202003006").json()
    sc3307 = next(a for a in w["aenderungen"] if a["leitfaden_id"] == "SC 3.307")
    assert (sc3307["alter_stand"], sc3307["neuer_stand"]) == ("2019-12-20", "2020-03-20")
    assert sc3307["neu"] >= 1 and sc3307["entfallen"] >= 1
    assert w["text"].startswith("Weisung 202003006 vom")
    assert anmelden("agent_sc3").get("/api/katalog/weisungen/1").json() == {
        "code": "nicht_gefunden", "meldung": "Unbekannte Weisung: 1"}
