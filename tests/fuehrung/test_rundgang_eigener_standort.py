"""Rundgang der Teamleitung (Dezember 2026), Frage „Tut es mein Standort? Besser als vorher, besser als die anderen?“:
ihr Standort steht in der Auswahl mit „Ihr Standort“, ein Verweis führt ohne Suchen in der Liste hin; ist ein
Standort gewählt, heißen Spalten, Verlauf und CSV nach ihm (nicht „Andere Standorte“ für die Zahlen Nürnbergs), die
Beschreibung sagt „Standort Nürnberg (kein Pilotstandort)“ statt „…, nur andere Standorte“, und Verweise führen im
selben Zeitraum zum Vergleich mit allen, den Pilot- und den anderen Standorten."""

from __future__ import annotations

import csv
import html as html_lib
import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.fuehrung.demo import demo_kontakte_anlegen

pytestmark = pytest.mark.django_db
ZEITRAUM = {"von": "01.02.2020", "bis": "30.04.2020"}


@pytest.fixture
def demo(db: Any) -> int:
    return demo_kontakte_anlegen(anzahl=200, qs=False)


def _vergleich(seite: str) -> dict[str, str]:
    block = seite.split('id="a5-vergleich"', 1)[1].split("</nav>", 1)[0]
    return {html_lib.unescape(t): html_lib.unescape(h) for h, t in re.findall(r'<a href="\?([^"]*)">([^<]+)</a>', block)}


def test_eigener_standort_in_der_auswahl_und_als_verweis(demo: int, anmelden: Callable[..., Client]) -> None:
    seite = anmelden("teamleitung", standort="Nürnberg").get("/fuehrung/anlage-5/", ZEITRAUM).content.decode()
    assert '<option value="Nürnberg">Nürnberg (Ihr Standort)</option>' in seite
    assert "Fürth (Pilot Weiterbildungsberatung)</option>" in seite
    verweise = _vergleich(seite)
    assert list(verweise) == ["Nur Ihr Standort (Nürnberg)"]
    ziel = verweise["Nur Ihr Standort (Nürnberg)"]
    assert "standort=N%C3%BCrnberg" in ziel and "von=01.02.2020" in ziel and "bis=30.04.2020" in ziel


def test_ohne_eigenen_standort_kein_verweis(demo: int, anmelden: Callable[..., Client]) -> None:
    seite = anmelden("teamleitung", standort="").get("/fuehrung/anlage-5/", ZEITRAUM).content.decode()
    assert 'id="a5-vergleich"' not in seite and "(Ihr Standort)" not in seite


def test_gewaehlter_standort_heisst_in_spalten_verlauf_und_csv_nach_sich(
        demo: int, anmelden: Callable[..., Client]) -> None:
    client = anmelden("teamleitung", standort="Nürnberg")
    seite = client.get("/fuehrung/anlage-5/", {**ZEITRAUM, "standort": "Nürnberg"}).content.decode()
    kopf = seite.split('id="a5-tabelle"', 1)[1].split("</thead>", 1)[0]
    assert re.findall(r'scope="col">([^<]+)<', kopf)[1:] == ["Nürnberg vor dem 20.03.2020", "Nürnberg ab 20.03.2020"]
    assert "Andere Standorte" not in kopf
    trend = seite.split('id="a5-trend-tabelle"', 1)[1].split("</thead>", 1)[0]
    assert "Kontakte Nürnberg" in trend and "„abgesagt“ Nürnberg" in trend and "andere" not in trend
    assert "Standort Nürnberg (kein Pilotstandort)." in seite and "Standort Nürnberg, nur andere" not in seite
    # Verweise der Zahlen: die Beschriftung nennt den Standort
    assert re.search(r'aria-label="\d+ Kontakte?: Kontakte, Nürnberg vor dem 20.03.2020"', seite)
    # Legende des Diagramms
    assert "<title id=\"a5-balken-t\">" in seite and "Nürnberg ab 20.03.2020" in seite.split('id="a5-balken-t"')[1]
    antwort = client.get("/fuehrung/anlage-5/", {**ZEITRAUM, "standort": "Nürnberg", "format": "csv"})
    zeilen = list(csv.reader(io.StringIO(antwort.content.decode("utf-8-sig")), delimiter=";"))
    kopfzeile = next(z for z in zeilen if z[:2] == ["Kennzahl", "Einheit"])
    assert kopfzeile[2] == "Nürnberg vor dem 20.03.2020" and kopfzeile[5] == "Nürnberg ab 20.03.2020"


def test_vergleich_mit_den_anderen_im_selben_zeitraum(demo: int, anmelden: Callable[..., Client]) -> None:
    client = anmelden("teamleitung", standort="Nürnberg")
    filter_ = {"von": "01.03.2020", "bis": "30.04.2020", "phase": "ab", "kanal": "sc3"}
    seite = client.get("/fuehrung/anlage-5/", {**filter_, "standort": "Fürth"}).content.decode()
    verweise = _vergleich(seite)
    assert list(verweise) == ["alle Standorte", "nur Pilotstandorte", "nur andere Standorte", "Ihr Standort (Nürnberg)"]
    for text, abfrage in verweise.items():
        assert all(f"{k}={v}" in abfrage for k, v in {"von": "01.03.2020", "phase": "ab", "kanal": "sc3"}.items())
        antwort = client.get("/fuehrung/anlage-5/?" + abfrage)
        assert antwort.status_code == 200, text          # keine Gruppe gegen den Standort („schließt ihn aus“)
    assert "gruppe" not in verweise["alle Standorte"] and "gruppe=pilot" in verweise["nur Pilotstandorte"]
    eigener = client.get("/fuehrung/anlage-5/", {**filter_, "standort": "Nürnberg"}).content.decode()
    assert "Ihr Standort (Nürnberg)" not in _vergleich(eigener)         # kein Verweis auf die Seite selbst


def test_teamleitung_email_vergleich_bleibt_in_ihrem_kanal(demo: int, anmelden: Callable[..., Client]) -> None:
    client = anmelden("teamleitung_emb", standort="Nürnberg")
    seite = client.get("/fuehrung/anlage-5/", {**ZEITRAUM, "standort": "Nürnberg"}).content.decode()
    for abfrage in _vergleich(seite).values():
        antwort = client.get("/fuehrung/anlage-5/?" + abfrage)
        assert antwort.status_code == 200
        assert "Kanal E-Mail-Bearbeitung" in antwort.content.decode()
