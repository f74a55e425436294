"""Anlage 5 mit und ohne gewählten Standort: Seite, CSV und API zeigen dieselben Vergleichsgruppen und dieselben
Werte — ein gewählter Standort zählt überall nur seine Standortgruppe (kennzahlen.anlage5_der_teamleitung, eine
Rechnung für alle drei). Das Schema der API beschreibt den Parameter `standort`."""

from __future__ import annotations

import csv
import html as html_modul
import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.fuehrung.demo import demo_kontakte_anlegen

pytestmark = pytest.mark.django_db
SEITE = {"von": "01.02.2020", "bis": "30.04.2020"}
API = {"von": "2020-02-01", "bis": "2020-04-30"}
# Standort → die Vergleichsgruppen, die Seite, CSV und API zeigen (Fürth: Pilotstandort; Nürnberg: keiner)
GRUPPEN = {"": ["Pilotstandorte vor dem 20.03.2020", "Pilotstandorte ab 20.03.2020",
                "Andere Standorte vor dem 20.03.2020", "Andere Standorte ab 20.03.2020"],
           "Fürth": ["Pilotstandorte vor dem 20.03.2020", "Pilotstandorte ab 20.03.2020"],
           "Nürnberg": ["Andere Standorte vor dem 20.03.2020", "Andere Standorte ab 20.03.2020"]}


@pytest.fixture
def demo(db: Any) -> int:
    return demo_kontakte_anlegen(anzahl=300, qs=False)


def _csv_werte(antwort: Any) -> tuple[list[str], dict[str, list[str]]]:
    """Die Vergleichsgruppen und je Kennzahl (Titel) die Werte aus der CSV der Anlage 5."""
    zeilen = list(csv.reader(io.StringIO(antwort.content.decode("utf-8-sig")), delimiter=";"))
    kopf = next(i for i, z in enumerate(zeilen) if z[:2] == ["Kennzahl", "Einheit"])
    ende = zeilen.index([], kopf)
    return zeilen[kopf][2:-1:3], {z[0]: z[2:-1:3] for z in zeilen[kopf + 1:ende]}


def _seite_werte(antwort: Any) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """Die Vergleichsgruppen (Spaltenköpfe) und je Zeile der Tabelle ihr Kopf und die Werte (ohne Einheit und
    Zähler/Nenner; „–“ als leer)."""
    tabelle = antwort.content.decode().split('id="a5-tabelle"', 1)[1].split("</table>", 1)[0]
    kopf, rumpf = tabelle.split("</thead>", 1)
    spalten = [html_modul.unescape(s) for s in re.findall(r'scope="col">([^<]+)</th>', kopf)][1:]
    zeilen = []
    for zeile in re.findall(r"<tr.*?</tr>", rumpf, re.S):
        titel, *zellen = [html_modul.unescape(re.sub(r"<[^>]+>", " ", z)).split()
                          for z in re.findall(r"<t[hd].*?</t[hd]>", zeile, re.S)]
        zeilen.append((" ".join(titel), ["" if z[0] == "–" else z[0] for z in zellen]))
    return spalten, zeilen


def _deutsch(w: float | None) -> str:
    return "" if w is None else f"{w:g}".replace(".", ",")


@pytest.mark.parametrize("standort", ["", "Fürth", "Nürnberg"])
def test_seite_csv_und_api_zeigen_dieselben_gruppen_und_werte(demo: int, anmelden: Callable[..., Client],
                                                                standort: str) -> None:
    client = anmelden("teamleitung", standort="Nürnberg")
    csv_gruppen, csv_werte = _csv_werte(client.get("/fuehrung/anlage-5/", {**SEITE, "standort": standort,
                                                                          "format": "csv"}))
    seite_gruppen, seite_werte = _seite_werte(client.get("/fuehrung/anlage-5/", {**SEITE, "standort": standort}))
    antwort = client.get("/api/fuehrung/anlage5", {**API, "standort": standort})
    assert antwort.status_code == 200
    api = antwort.json()
    # Seite und CSV nennen die Spalten nach dem gewählten Standort („Fürth vor dem 20.03.2020“): es sind seine
    # Zahlen, nicht die aller Pilotstandorte; die API behält die Schlüssel der Vergleichsgruppe (ihr Vertrag).
    spalten = [g.replace("Pilotstandorte", standort).replace("Andere Standorte", standort) if standort else g
               for g in GRUPPEN[standort]]
    assert csv_gruppen == seite_gruppen == spalten
    assert api["standort"] == (standort or None)
    assert api["gruppe"] == {"": "", "Fürth": "pilot", "Nürnberg": "andere"}[standort]
    assert [z["titel"] for z in api["kennzahlen"]] == list(csv_werte)
    assert len(seite_werte) == len(csv_werte) + 1                       # dazu der E-Mail-Rückstand des Postfachs
    for zeile, (kopf, seite) in zip(api["kennzahlen"], seite_werte, strict=False):
        assert kopf.startswith(zeile["titel"]) and list(zeile["werte"]) == GRUPPEN[standort], (kopf, zeile["titel"])
        werte = [_deutsch(w) for w in zeile["werte"].values()]
        assert werte == csv_werte[zeile["titel"]] == seite, zeile["titel"]
    kontakte = sum(api["kennzahlen"][0]["werte"].values())
    assert kontakte > 0
    if standort:          # die andere Standortgruppe fehlt nicht nur, sie hätte an diesem Standort nichts gezählt
        alle = client.get("/api/fuehrung/anlage5", API).json()
        assert kontakte < sum(alle["kennzahlen"][0]["werte"].values())


def test_api_lehnt_eine_standortgruppe_gegen_den_standort_ab(demo: int, anmelden: Callable[..., Client]) -> None:
    antwort = anmelden("teamleitung").get("/api/fuehrung/anlage5", {**API, "standort": "Fürth", "gruppe": "andere"})
    assert antwort.status_code == 400
    assert antwort.json() == {"code": "ungueltige_anfrage", "meldung": "Fürth ist ein Pilotstandort; die Auswahl "
                                                                       "„nur andere Standorte“ schließt ihn aus."}
    passend = anmelden("teamleitung").get("/api/fuehrung/anlage5", {**API, "standort": "Fürth", "gruppe": "pilot"})
    assert passend.status_code == 200 and list(passend.json()["kennzahlen"][0]["werte"]) == GRUPPEN["Fürth"]


def test_teamleitung_email_api_wie_die_seite(demo: int, anmelden: Callable[..., Client]) -> None:
    """Eine Rolle mit nur einem Kanal: die API zählt wie die Seite in diesem Kanal (der Kanal der Rolle)."""
    client = anmelden("teamleitung_emb", standort="Nürnberg")
    _, csv_werte = _csv_werte(client.get("/fuehrung/anlage-5/", {**SEITE, "standort": "Nürnberg", "format": "csv"}))
    api = client.get("/api/fuehrung/anlage5", {**API, "standort": "Nürnberg"}).json()
    assert {z["titel"]: [_deutsch(w) for w in z["werte"].values()] for z in api["kennzahlen"]} == csv_werte
    assert api["email_rueckstand_mails"] is not None


def test_schema_beschreibt_den_standort(anmelden: Callable[..., Client]) -> None:
    schema = anmelden("teamleitung").get("/api/schema/").json()
    operation = schema["paths"]["/api/fuehrung/anlage5"]["get"]
    parameter = {p["name"]: p for p in operation["parameters"]}
    assert set(parameter) == {"von", "bis", "standort", "gruppe", "phase", "kanal"}
    assert "zählt nur seine Standortgruppe" in parameter["standort"]["description"]
    assert all(p.get("description") for p in parameter.values())
    assert "ein gewählter Standort zählt nur seine Standortgruppe" in operation["description"]
    antwort = schema["components"]["schemas"]["Anlage5Antwort"]
    assert "gruppe" in antwort["required"] and antwort["properties"]["gruppe"]["description"]


def test_verweise_eines_standorts_lassen_einen_anderen_standort_waehlen(demo: int,
                                                                       anmelden: Callable[..., Client]) -> None:
    """Rundgang: Standort Nürnberg, eine Zahl öffnen, zurück, Standort Fürth (Pilot) wählen — die Zahlen, nicht die
    Meldung „… schließt ihn aus“: die Verweise tragen die Standortgruppe nicht, die aus dem Standort folgt."""
    client = anmelden("teamleitung", standort="Nürnberg")
    html = client.get("/fuehrung/anlage-5/", {**SEITE, "standort": "Nürnberg"}).content.decode()
    verweise = [html_modul.unescape(v) for v in re.findall(r'href="(/fuehrung/anlage-5/kontakte/\?[^"]+)"', html)]
    assert verweise and not any("gruppe=" in v for v in verweise)
    liste = client.get(verweise[0])
    assert liste.status_code == 200
    zurueck = html_modul.unescape(re.search(r'href="(/fuehrung/anlage-5/\?[^"]+)"[^>]*>Zurück', liste.content.decode())[1])  # type: ignore[index]
    assert "standort=N%C3%BCrnberg" in zurueck and "gruppe=" not in zurueck
    fuerth = client.get(zurueck.replace("N%C3%BCrnberg", "F%C3%BCrth"))
    assert fuerth.status_code == 200 and "Standort Fürth (Pilotstandort)." in fuerth.content.decode()
    # ebenso die Anlage 7: ihre Verweise und der Weg zurück
    a7 = client.get("/fuehrung/anlage-7/", {**SEITE, "standort": "Nürnberg", "gruppe": "andere"}).content.decode()
    verweise7 = [html_modul.unescape(v) for v in re.findall(r'href="(/fuehrung/anlage-7/kontakte/\?[^"]+)"', a7)]
    assert verweise7 and not any("gruppe=" in v for v in verweise7)
    assert client.get(verweise7[0]).status_code == 200
